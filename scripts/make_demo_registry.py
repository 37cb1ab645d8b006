"""Regenerate the example registry's signed awards, endorsements, revocations, status lists and key statements,
deterministically.

Demo keys are derived from a public seed (so anyone can reproduce these files, and
no key material is ever committed): never use them for anything real.

    python3 scripts/make_demo_registry.py [--root .]
"""
from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from registry.award import endorse, issue, keep  # noqa: E402
from registry.check import load_registry  # noqa: E402
from registry.config import load_site_urls  # noqa: E402
from registry.keys.statement import signed_statement, statement_text  # noqa: E402
from registry.keys.store import SigningKey, from_seed  # noqa: E402
from registry.layout import at as layout_at  # noqa: E402
from registry.layout import key_statement_file  # noqa: E402

SEED = "credreg-demo"

FIRST = ["Ada", "Grace", "Linus", "Margaret", "Alan", "Katherine", "Tim", "Radia", "Dennis", "Barbara", "Ken",
         "Frances", "Edsger", "Hedy", "Donald", "Shafi", "Vint", "Karen", "John", "Sophie", "Yukihiro", "Anita",
         "Guido", "Joan", "Bjarne", "Mary", "Niklaus", "Adele", "Leslie", "Evelyn"]
LAST = ["Lovelace", "Hopper", "Okafor", "Hamilton", "Moreau", "Johnson", "Berners", "Perlman", "Ritchie", "Liskov",
        "Thompson", "Allen", "Dijkstra", "Lamarr", "Knuth", "Goldwasser", "Cerf", "Sparck", "McCarthy", "Wilson",
        "Matsumoto", "Borg", "Rossum", "Clarke", "Stroustrup", "Keller", "Wirth", "Goldberg", "Lamport", "Berezin"]

# Cohorts follow the pathways: whoever holds a micro-credential or full credential holds what it requires,
# awarded earlier. make_award enforces it: it finds the recipient's awards by email (across issuers, whose
# salted hashes differ) and records the components in each stacked award's evidence. Katherine Johnson (5)
# holds Northlight's UX Research Basics: she qualifies for Sprintwise's Sprint Lead through that co-branded
# step, her Accessible UI Explanation being below the exemplary level the other option asks for.
PLAN: list[tuple[str, str, str, str, tuple[int, ...]]] = [
    # issuer, badge, key id, first award date, people (indexes into FIRST/LAST)
    ("sprintwise", "sprint-ready-frontend", "key-2024", "2024-03-04", (0, 1, 2, 3)),
    ("sprintwise", "accessible-ui", "key-2024", "2024-05-13", (0, 2, 3)),
    ("sprintwise", "sprint-ready-frontend", "key-2025", "2025-08-04", (4, 5, 6, 7)),
    ("sprintwise", "accessible-ui", "key-2025", "2025-09-01", (4, 5, 6)),
    ("sprintwise", "web-performance", "key-2025", "2025-09-15", (4, 5, 6, 7)),
    ("sprintwise", "vetted-frontend-developer", "key-2025", "2026-01-12", (4, 5, 6)),
    ("sprintwise", "sprint-lead", "key-2025", "2026-06-01", (4, 5)),  # awarded last: see DEFERRED
    ("northlight-design-school", "design-foundations", "key-2025", "2025-02-03", (10, 11, 12, 13, 14)),
    ("northlight-design-school", "typography-essentials", "key-2025", "2025-03-10", (10, 11, 12, 14)),
    ("northlight-design-school", "ux-research-basics", "key-2025", "2025-04-14", (10, 11, 12, 13)),
    ("northlight-design-school", "ui-prototyping", "key-2025", "2025-05-19", (10, 11, 12, 13)),
    ("northlight-design-school", "junior-product-designer", "key-2025", "2025-09-22", (10, 11, 12)),
    ("northlight-design-school", "product-design-certificate", "key-2025", "2026-03-02", (10, 11)),
    ("open-skills-accreditation-council", "accredited-assessor", "key-2025", "2025-06-02", (20, 21, 22)),
    ("northlight-design-school", "ux-research-basics", "key-2025", "2025-04-28", (5,)),  # co-branded step
]
# Rows awarded after all others, because they require awards of later rows (Sprint Lead: Northlight's UX Research
# Basics). Each still draws its ids where it stands in PLAN, so the ids of every other award stay as they were.
DEFERRED = (6,)
REVOKE = [  # (plan row, award number in that row, date, reason)
    (0, 1, "2024-09-02", "Trial sprint code was found to be copied from another candidate."),
    (4, 3, "2026-02-16", "Issued in error: the performance audit was scored against the wrong rubric."),
    (8, 3, "2025-11-03", "Portfolio piece submitted for assessment was not the candidate's own work."),
    (13, 2, "2026-04-20", "Assessor accreditation withdrawn after failing the annual calibration review."),
    (10, 2, "2026-01-26", "The prototype's usability test recordings were found to be staged."),
]
# Stacked awards whose component was revoked later, kept by their issuer: (plan row, award number, keptAt, reason).
KEPT = [(11, 2, "2026-01-28", "The capstone presentation and three other components still support it; "
                              "the prototyping work was re-assessed in a supervised session.")]
# Results chosen instead of drawn (all passing): who meets Sprint Lead's Accessible UI option and who does not.
RESULTS = {(3, 0): {"audit": "exemplary", "fixes": "exemplary", "explanation": "exemplary"},
           (3, 1): {"audit": "exemplary", "fixes": "exemplary", "explanation": "proficient"}}
OSAC = "open-skills-accreditation-council"
# Endorsements, signed before the awards they cover: (endorser, key id, subject, signed and valid from, valid until,
# comment). The Council's accreditations (one expired, one withdrawn later: WITHDRAW), and Sprintwise co-branding
# Northlight's UX Research Basics, the step its Sprint Lead pathway counts.
ENDORSE = [
    (OSAC, "key-2025", "sprintwise/web-performance", "2025-03-10", "2026-01-31",
     "Performance audits re-run by the Council's assessors on 12 sampled awards; scores agreed within 5 points. "
     "A one-year pilot accreditation, **not renewed**: the audit tooling changed and was not re-reviewed."),
    (OSAC, "key-2025", "northlight-design-school/junior-product-designer", "2025-06-02", "2027-06-01",
     "Portfolio reviews re-marked blind on a sample of 15 awards; 14 agreed within one level."),
    (OSAC, "key-2025", "sprintwise/vetted-frontend-developer", "2025-10-15", "2027-10-14",
     "Trial-sprint reviews re-marked blind on a sample of 20 awards; 19 agreed within one level."),
    (OSAC, "key-2025", "northlight-design-school/product-design-certificate", "2026-04-01", "2028-03-31",
     "Proctored portfolio defence and identity checks observed in person."),
    ("sprintwise", "key-2024", "northlight-design-school/ux-research-basics", "2025-04-01", None,
     "Sprintwise counts this badge towards its **Sprint Lead** credential: research plans by its holders are "
     "reviewed by Sprintwise's sprint leads before they join a client sprint."),
]
WITHDRAW = [(1, "2026-02-20", "The annual review found portfolio reviews were no longer re-marked blind.")]
EXPIRE_EARLY = {(9, 3): "2026-03-31", (10, 3): "2026-05-31"}  # short-lived awards that have expired


def demo_key(issuer_id: str, key_id: str) -> SigningKey:
    """The demo key pair: seed = SHA-256("credreg-demo:<issuer>:<key>"); recipients salted per issuer."""
    seed = hashlib.sha256(f"{SEED}:{issuer_id}:{key_id}".encode()).digest()
    secret = hashlib.sha256(f"{SEED}-recipients:{issuer_id}".encode()).digest()
    return from_seed(issuer_id, key_id, seed, secret)


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=timezone.utc)


def clear(root: Path) -> None:
    """Remove previously generated files (awards, endorsements, status lists, revocations, key statements) so a run
    starts clean."""
    for folder in (sorted(root.glob("credentials/*/*/awards")) + sorted(root.glob("credentials/*/status"))
                   + sorted(root.glob("credentials/*/endorsements"))
                   + sorted(root.glob("issuers/*/keys"))):
        shutil.rmtree(folder)
    for path in root.glob("credentials/*/revocations.yaml"):
        path.unlink()


def write_key_statements(root: Path) -> list[Path]:
    """Each issuer key after the first, vouched for by the key listed before it, signed when that key retired
    (or when the new key starts, if earlier): what `credreg key rotate` writes at a rotation."""
    urls, written = load_site_urls(root), []
    for issuer in load_registry(root).registry.issuers.values():  # type: ignore[union-attr]
        for old, new in zip(issuer.keys, issuer.keys[1:]):
            signer, key = demo_key(issuer.id, old.id), demo_key(issuer.id, new.id)
            assert (signer.public_multibase, key.public_multibase) == (old.public_key_multibase, new.public_key_multibase)
            created = min(new.valid_from, old.valid_until or new.valid_from)
            path = layout_at(root, key_statement_file(issuer.id, new.id))
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(statement_text(signed_statement(key, new.valid_from, signer, urls, created)), "utf-8")
            written.append(path)
    return written


def rubric_at(ctx: issue.Context, badge_ref: str, when: datetime) -> int:
    """The rubric version in force on the award date (the newest published by then)."""
    versions = [r for r in ctx.registry.badges[badge_ref].rubrics if r.published <= when.date()]
    return versions[-1].version


def results_for(ctx: issue.Context, badge_ref: str, version: int, rng: random.Random) -> dict[str, str]:
    """Passing rubric results: the best level or the one below, re-drawn until the total passes."""
    rubric = ctx.registry.badges[badge_ref].rubric(version)
    assert rubric is not None
    while True:
        chosen = {}
        for criterion in rubric.criteria:
            levels = sorted(criterion.levels, key=lambda lv: -lv.points)
            chosen[criterion.id] = levels[min(rng.choice((0, 0, 1)), len(levels) - 1)]
        if sum(lv.points for lv in chosen.values()) >= rubric.pass_threshold:
            return {cid: lv.id for cid, lv in chosen.items()}


def award_row(root: Path, row: int, rng: random.Random, written: dict[tuple[int, int], str],
              dry: bool = False) -> None:
    """Award one PLAN row through make_award (which enforces and links stacked requirements); `dry` only makes
    the random draws the row would make (results, credential ids, status indexes), writing nothing."""
    issuer_id, badge_id, key_id, first_day, people = PLAN[row]
    start = at(first_day)
    ctx = issue.open_registry(root, demo_key(issuer_id, key_id), start)
    alloc = issue.Allocator(ctx, rng)
    badge = ctx.registry.badges[f"{issuer_id}/{badge_id}"]
    for number, person in enumerate(people):
        when = start.replace(day=min(start.day + 3 * number, 28), hour=9 + number)
        first, last = FIRST[person % len(FIRST)], LAST[(person * 7) % len(LAST)]
        email = f"{first}.{last}@example.net".lower()
        until = EXPIRE_EARLY.get((row, number))
        version = rubric_at(ctx, badge.key, when)
        results = results_for(ctx, badge.key, version, rng)  # drawn even when RESULTS overrides it: ids stay stable
        if dry:
            alloc.credential_id(), alloc.status_index()
            continue
        credential = issue.make_award(
            ctx, badge, email, when, alloc,
            name=f"{first} {last}" if number % 3 != 2 else None,
            evidence=(f"https://portfolio.example.net/{first.lower()}-{last.lower()}/{badge_id}",)
            if number % 2 == 0 else (),
            results=RESULTS.get((row, number), results),
            valid_until=at(until, 23) if until else None, rubric_version=version)
        path = issue.award_path(ctx, badge, credential)
        issue.write_json(path, credential)
        written[(row, number)] = path.stem
    if not dry and not (root / "credentials" / issuer_id / "status" / "1.json").exists():
        issue.write_status_list(ctx, start, [])


def write_endorsements(root: Path) -> list[str]:
    """The ENDORSE rows, each signed as of its start by `credreg endorse`'s library call; returns their ids."""
    rng, ids = random.Random(f"{SEED}-endorsements"), []
    for endorser, key_id, subject, day, until, comment in ENDORSE:
        when = at(day, 8)
        ctx = issue.open_registry(root, demo_key(endorser, key_id), when)
        request = endorse.EndorseRequest(subject, comment, valid_until=at(until, 23) if until else None)
        ids.append(endorse.endorse(ctx, request, when, rng).stem)
    return ids


def write_kept(root: Path, written: dict[tuple[int, int], str]) -> None:
    """The issuers' `kept:` decisions on stacked awards whose component was revoked later, by `credreg keep`."""
    for row, number, day, reason in KEPT:
        when = at(day, 9)
        keep.keep(issue.open_registry(root, demo_key(PLAN[row][0], PLAN[row][2]), when), written[(row, number)],
                  reason, when)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parent.parent)
    root = parser.parse_args().root.resolve()
    clear(root)
    statements = write_key_statements(root)
    endorsements = write_endorsements(root)
    rng = random.Random(SEED)
    written: dict[tuple[int, int], str] = {}
    deferred: dict[int, Any] = {}
    for row in range(len(PLAN)):
        if row in DEFERRED:
            deferred[row] = rng.getstate()
            award_row(root, row, rng, written, dry=True)  # the draws it makes, so later rows get the same ids
        else:
            award_row(root, row, rng, written)
    for row, state in deferred.items():
        replay = random.Random()
        replay.setstate(state)
        award_row(root, row, replay, written)
    for row, number, day, reason in REVOKE:
        issuer_id, _, key_id, _, _ = PLAN[row]
        when = at(day, 15)
        key_id = "key-2025" if issuer_id == "sprintwise" and when >= at("2025-07-01", 0) else key_id
        ctx = issue.open_registry(root, demo_key(issuer_id, key_id), when)
        issue.revoke(ctx, written[(row, number)], reason, when)
    for number, day, reason in WITHDRAW:
        endorser, key_id = ENDORSE[number][:2]
        when = at(day, 15)
        issue.revoke(issue.open_registry(root, demo_key(endorser, key_id), when), endorsements[number], reason, when)
    write_kept(root, written)
    print(f"wrote {len(written)} awards, {len(endorsements)} endorsements and {len(REVOKE) + len(WITHDRAW)} "
          f"revocations under {root / 'credentials'}, "
          f"{len(statements)} key statement(s) under {root / 'issuers'}")


if __name__ == "__main__":
    main()
