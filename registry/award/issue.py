"""Award credentials (one, or a CSV of many: all or nothing) and revoke them, on the issuer's machine.

Every command writes its files as one atomic batch: killed at any point, it leaves the
registry as it was, and the next command cleans up what the killed one left.
"""
from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from .. import atomic
from ..check import check_registry
from ..config import load_site_urls
from ..dates import iso, parse_moment
from ..errors import CredregError, UsageError
from ..keys.published import published_key
from ..keys.sign import sign
from ..keys.store import SigningKey
from ..layout import (
    DATA_FOLDERS,
    STATUS_LIST_NUMBER,
    at,
    award_file,
    credentials_folder,
    revocations_file,
    status_list_file,
)
from ..model import BadgeClass, Issuer, Registry
from ..ob3.schema import schema_errors
from ..ob3.statuslist import LIST_SIZE, status_list_credential
from ..progress import Progress
from ..urls import SiteUrls
from ..validate.site_address import DEMO_SITE_URL
from . import cohort, records, stacking
from .credential import COMMAND_LINE, CSV_COLUMNS, AwardRequest, Source, assessed_rubric, build_credential

_EMAIL = re.compile(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+\Z")


@dataclass(frozen=True)
class Context:
    """What every award and revocation needs: the checked registry, its URLs and the signing key."""

    root: Path
    registry: Registry
    urls: SiteUrls
    key: SigningKey
    issuer: Issuer


def open_registry(root: Path, key: SigningKey, now: datetime) -> Context:
    """Check the registry and the key before anything is signed: never sign into a broken registry.

    Leftovers of an interrupted credreg write are dealt with first (a half-done batch is undone).
    """
    try:
        for folder in DATA_FOLDERS:
            atomic.recover(root / folder)
    except OSError as exc:
        raise CredregError(f"cannot clean up after an interrupted write in {root}: {exc}",
                           "check the folder's permissions, then run the command again") from None
    urls = load_site_urls(root)
    result = check_registry(root, urls=urls)
    if result.registry is None:
        first = next(p for p in result.problems if p.severity.value == "error")
        raise CredregError(f"the registry has problems; first: {first.where()}: {first.message}",
                           "run `credreg check` and fix them before awarding")
    registry = result.registry
    issuer = registry.issuers.get(key.issuer_id)
    if issuer is None:
        raise CredregError(f"the key file belongs to issuer {key.issuer_id!r}, which is not in this registry",
                           "use a key of one of this registry's issuers")
    listed = published_key(issuer, key)
    if not listed.valid_at(now):
        raise CredregError(f"key {key.key_id!r} of {issuer.id!r} may not sign now (retired, revoked or not yet valid)",
                           "rotate to a new key: credreg key rotate --key FILE")
    if urls.site_url == DEMO_SITE_URL and not issuer.demo:
        raise CredregError(f"mkdocs.yml's site_url is the demo registry's address ({DEMO_SITE_URL}): {issuer.id!r} "
                           "would sign credentials naming the demo's URLs and DIDs, forever",
                           "set site_url to your registry's https address first (`credreg init` makes a new "
                           "registry; see the README, 'Starting your own registry')")
    return Context(root.resolve(), registry, urls, key, issuer)


def used_status_indexes(registry: Registry, issuer_id: str) -> set[int]:
    """Status list indexes already taken by the issuer's awards and endorsements (never reused)."""
    return ({a.status.index for a in registry.awards.values() if a.issuer_id == issuer_id}
            | {e.status.index for e in registry.endorsements.values() if e.endorser_id == issuer_id})


def parse_results(pairs: Iterable[str]) -> dict[str, str]:
    """`CRITERION=LEVEL` pairs from the command line; a criterion given twice is refused, never the last kept."""
    out: dict[str, str] = {}
    for pair in pairs:
        criterion, sep, level = (part.strip() for part in pair.partition("="))
        if not sep or not criterion or not level:
            raise UsageError(f"--result {pair!r} is not CRITERION=LEVEL", "e.g. --result quality=exemplary")
        if criterion in out:
            raise UsageError(f"--result gives criterion {criterion!r} twice ({out[criterion]!r}, then {level!r})",
                             f"give one --result {criterion}=LEVEL")
        out[criterion] = level
    return out


def _check_request(email: str, evidence: Iterable[str], source: Source = COMMAND_LINE) -> None:
    if not _EMAIL.match(email.strip()):
        raise UsageError(f"{email!r} is not an email address", f"give the recipient's email in {source.recipient}")
    for url in evidence:
        if not url.startswith("https://") or any(c.isspace() for c in url):
            raise UsageError(f"evidence {url!r} is not an https:// URL", "evidence links must be public https pages")


def check_email(email: str) -> None:
    """Refuse a recipient that is not an email address (UsageError), before anything is compared or signed."""
    _check_request(email, ())


class Allocator:
    """Random credential ids and status indexes, never colliding with existing ones."""

    def __init__(self, ctx: Context, rng: random.Random) -> None:
        self.rng = rng
        self.ids = set(ctx.registry.awards) | set(ctx.registry.endorsements)
        self.indexes = used_status_indexes(ctx.registry, ctx.issuer.id)

    def credential_id(self) -> str:
        while True:
            value = "%016x" % self.rng.getrandbits(64)
            if value not in self.ids:
                self.ids.add(value)
                return value

    def status_index(self) -> int:
        if len(self.indexes) >= LIST_SIZE:
            raise CredregError("the issuer's status list is full", "status list 2 is not supported yet")
        while True:
            index = self.rng.randrange(LIST_SIZE)
            if index not in self.indexes:
                self.indexes.add(index)
                return index


def _badge(ctx: Context, badge_ref: str) -> BadgeClass:
    issuer_id, _, badge_id = badge_ref.partition("/")
    if issuer_id != ctx.issuer.id:
        raise UsageError(f"{badge_ref!r} is not a badge class of {ctx.issuer.id!r} (the key's issuer)",
                           f"award {ctx.issuer.id}/<badge-id> with this key")
    badge = ctx.registry.badges.get(badge_ref)
    if badge is None:
        own = ", ".join(b.id for b in ctx.registry.badges_of(ctx.issuer.id))
        raise UsageError(f"no badge class {badge_ref!r}", f"badge classes of {ctx.issuer.id}: {own}")
    return badge


def make_award(ctx: Context, badge: BadgeClass, email: str, now: datetime, alloc: Allocator,
               name: str | None = None, evidence: tuple[str, ...] = (), results: dict[str, str] | None = None,
               valid_until: datetime | None = None, rubric_version: int | None = None,
               links: tuple[dict[str, Any], ...] = (), source: Source = COMMAND_LINE) -> dict[str, Any]:
    """One signed credential, schema-checked; assessed against the current rubric unless a version is given.
    It embeds the badge class's endorsements that hold now for that rubric version (achievement.endorsement).

    `links` are evidence entries linking other credentials of the registry (`ob3.document.linked_credential`),
    never components: of a stacked badge class, the recipient's awards must meet its requirement at `now`
    (refused otherwise, naming what is missing) and the components counted are linked here (award/stacking.py).
    """
    _check_request(email, evidence, source)
    stacking.refuse_forged_components(links)
    links = stacking.component_links(ctx.registry, badge, email, now) + tuple(links)
    rubric = assessed_rubric(badge, rubric_version)
    endorsements = tuple(json.loads(e.signed) for e in ctx.registry.endorsements_holding(badge.key, now, rubric.version))
    request = AwardRequest(alloc.credential_id(), email, now, alloc.status_index(), results or {}, evidence,
                           name.strip() if name else None, valid_until, rubric_version, links, endorsements)
    credential = sign(build_credential(request, badge, ctx.issuer, ctx.urls, ctx.key.recipient_secret, source),
                      ctx.key, ctx.urls, now)
    errors = schema_errors(credential, "achievementcredential.json")
    if errors:
        raise CredregError(f"the credential built does not match the OB 3.0 schema: {errors[0]}",
                           "this is a bug in credreg; please report it with the badge.yaml")
    return credential


def award_path(ctx: Context, badge: BadgeClass, credential: dict[str, Any]) -> Path:
    """Where a credential's file goes: credentials/<issuer>/<badge>/awards/<id>.json."""
    credential_id = ctx.urls.credential_id_from_url(credential["id"])
    assert credential_id is not None  # make_award gives every credential its URL in this registry
    return at(ctx.root, award_file(badge.issuer_id, badge.id, credential_id))


def json_text(document: dict[str, Any]) -> str:
    """A signed document's file text: stable, UTF-8, newline at end."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write_json(path: Path, document: dict[str, Any]) -> None:
    """Write one signed document atomically (old file or new one, never half)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic.write_text(path, json_text(document))


@contextmanager
def write_batch(ctx: Context) -> Iterator[atomic.Batch]:
    """One command's files, all or nothing, under credentials/<issuer>/."""
    try:
        with atomic.Batch(at(ctx.root, credentials_folder(ctx.issuer.id))) as batch:
            yield batch
    except OSError as exc:
        raise CredregError(f"cannot write {exc.filename or 'the registry files'}: {exc.strerror or exc}",
                           "check the folder's permissions and free space; nothing was written") from None


def revoked_indexes(ctx: Context, extra: Iterable[str] = ()) -> list[int]:
    """Status indexes of the issuer's revoked credentials and endorsements (plus `extra` ids)."""
    ids = {r.credential_id for r in ctx.registry.revocations.values() if r.issuer_id == ctx.issuer.id} | set(extra)
    entries = {**{k: a.status for k, a in ctx.registry.awards.items()},
               **{k: e.status for k, e in ctx.registry.endorsements.items()}}
    return sorted(entries[cid].index for cid in ids if cid in entries)


def status_list_path(ctx: Context) -> Path:
    """The issuer's status list."""
    return at(ctx.root, status_list_file(ctx.issuer.id))


def signed_status_list(ctx: Context, now: datetime, revoked: list[int]) -> dict[str, Any]:
    """The issuer's status list, signed, with the given revoked indexes."""
    return sign(status_list_credential(ctx.issuer, ctx.urls, STATUS_LIST_NUMBER, revoked, now), ctx.key, ctx.urls,
                now)


def write_status_list(ctx: Context, now: datetime, revoked: list[int]) -> Path:
    """Sign the issuer's status list with the given revoked indexes and write it (atomically)."""
    path = status_list_path(ctx)
    write_json(path, signed_status_list(ctx, now, revoked))
    return path


def stage_first_status_list(ctx: Context, batch: atomic.Batch, now: datetime) -> None:
    """The issuer's first award also creates its status list, in the same batch."""
    if not status_list_path(ctx).exists():
        batch.stage_text(status_list_path(ctx), json_text(signed_status_list(ctx, now, revoked_indexes(ctx))))


def refuse_repeat(ctx: Context, badge: BadgeClass, email: str) -> None:
    """Refuse to award a badge class again to someone who holds it (not revoked): a renewal or a re-take says so."""
    held = [a for a in stacking.recipient_awards(ctx.registry, email, [badge.key])
            if a.id not in ctx.registry.revocations]
    if held:
        last = max(held, key=lambda a: a.awarded)
        raise CredregError(f"{email.strip()} already holds {badge.name} ({badge.key}): credential {last.id}, awarded "
                           f"{iso(last.awarded)}",
                           f"to give a new validity period, renew it: credreg renew {last.id}; if they were "
                           "assessed again, pass --retake")


def award_one(ctx: Context, badge_ref: str, email: str, now: datetime, rng: random.Random | None = None,
              retake: bool = False, **details: Any) -> Path:
    """Award one credential; creates the issuer's status list if it has none yet.

    Refused if the recipient already holds the badge class, unless `retake` (renewals link the earlier award).
    """
    badge = _badge(ctx, badge_ref)
    if not retake:
        refuse_repeat(ctx, badge, email)
    credential = make_award(ctx, badge, email, now, Allocator(ctx, rng or random.SystemRandom()), **details)
    path = award_path(ctx, badge, credential)
    with write_batch(ctx) as batch:
        batch.stage_text(path, json_text(credential))
        stage_first_status_list(ctx, batch, now)
    return path


def _row_award(ctx: Context, badge: BadgeClass, row: cohort.Row, now: datetime, alloc: Allocator, retake: bool,
               rubric_version: int | None) -> dict[str, Any]:
    """The signed credential of one CSV row; a refusal names the CSV column to fix."""
    until = None
    if row.valid_until:
        try:
            until = parse_moment(row.valid_until, end_of_day=True)
        except ValueError as exc:
            raise UsageError(f"valid_until {exc}", "write it like 2027-06-30 in the valid_until column") from None
    if not retake:
        refuse_repeat(ctx, badge, row.email)
    return make_award(ctx, badge, row.email, now, alloc, name=row.name, evidence=row.evidence,
                      results={k: v for k, v in row.results.items() if v}, valid_until=until,
                      rubric_version=rubric_version, source=CSV_COLUMNS)


def award_csv(ctx: Context, badge_ref: str, csv_path: Path, now: datetime, rng: random.Random | None = None,
              progress: Progress | None = None, retake: bool = False,
              rubric_version: int | None = None) -> list[Path]:
    """Award one credential per CSV row; if any row is bad, nothing is written and every bad row is named.

    Each credential is staged as a temporary file as soon as it is signed; they all go into
    place together once every row is signed (an interrupted run leaves no award).
    """
    badge = _badge(ctx, badge_ref)
    rows, problems = cohort.read(csv_path, assessed_rubric(badge, rubric_version))
    alloc = Allocator(ctx, rng or random.SystemRandom())
    awards: list[Path] = []
    with write_batch(ctx) as batch:
        for done, row in enumerate(rows, start=1):
            try:
                credential = _row_award(ctx, badge, row, now, alloc, retake, rubric_version)
            except CredregError as exc:
                problems.append(cohort.RowProblem(row.line, exc.message, exc.hint))
            else:
                if not problems:  # once a row is bad nothing will be written: only check the rest
                    awards.append(award_path(ctx, badge, credential))
                    batch.stage_text(awards[-1], json_text(credential))
            if progress:
                progress("signed", done, len(rows))
        if problems:
            raise cohort.rows_error(csv_path, problems)
        stage_first_status_list(ctx, batch, now)
    return awards


def revoke(ctx: Context, credential_id: str, reason: str, now: datetime) -> tuple[Path, Path]:
    """Record a revocation (of an award, or the withdrawal of an endorsement) in revocations.yaml and re-sign
    the issuer's status list."""
    award, endorsement = ctx.registry.awards.get(credential_id), ctx.registry.endorsements.get(credential_id)
    signer = award.issuer_id if award else endorsement.endorser_id if endorsement else None
    if signer is None:
        raise UsageError(f"no credential or endorsement {credential_id!r} in this registry",
                         "give the id from the award's or endorsement's file name")
    if signer != ctx.issuer.id:
        raise UsageError(f"credential {credential_id!r} was issued by {signer!r}",
                           "only its issuer can revoke it, with its own key")
    if credential_id in ctx.registry.revocations:
        raise CredregError(f"credential {credential_id!r} is already revoked", "a revocation is recorded once")
    reason = " ".join(reason.split())
    if not reason:
        raise UsageError("the revocation reason is empty", "say why, e.g. --reason 'assessment found to be plagiarised'")
    path = at(ctx.root, revocations_file(ctx.issuer.id))
    text = records.with_revocation(path.read_text(encoding="utf-8") if path.exists() else None,
                                   revocations_file(ctx.issuer.id), credential_id, now, reason)
    status = status_list_path(ctx)
    document = signed_status_list(ctx, now, revoked_indexes(ctx, [credential_id]))
    with write_batch(ctx) as batch:  # the record and the re-signed list go in together, or neither
        batch.stage_text(path, text)
        batch.stage_text(status, json_text(document))
    return path, status
