"""Award-time enforcement of stacked badge classes (award/stacking.py through make_award): refusals with their
exact messages, the component evidence entries recorded in the signed file, CSV, renew, and attacker cases."""
from __future__ import annotations

import json
import random
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest
from stacking_support import (
    ADA,
    BOB,
    DATA,
    DEVELOPER,
    INTRO,
    TESTING,
    award,
    award_files,
    day,
    make_registry,
    results_for,
    revoke,
    signed,
    url,
)
from support import fixture_signing_key

from registry.award import issue, renew
from registry.check import check_registry
from registry.cli import main
from registry.errors import CredregError
from registry.keys.store import to_json
from registry.ob3.document import COMPONENT_GENRE, linked_credential
from registry.ob3.schema import schema_errors

AT = day("2026-03-01")
HINT = ("award the missing badge classes first (valid, not revoked and not expired at this moment), "
        "or give the email they were awarded to")
NEEDS_ONE = "needs 1 of 2 badge classes, 1 more: "
NOT_HELD_ONE = NEEDS_ONE + "Testing Basics (acme/testing-basics) is not held; Data Basics (globex/data-basics) is not held"
PREFIX = "ada@example.net does not meet the requirement of Python Developer (acme/python-developer) on 2026-03-01: "


@dataclass(frozen=True)
class Held:
    """An award made before the stacked one: badge, day, recipient and extra award details."""

    badge: str
    when: str
    email: str = ADA
    details: dict[str, object] = field(default_factory=dict)
    revoked: str | None = None  # day it is revoked, if it is


def held(badge: str, when: str, email: str = ADA, revoked: str | None = None, **details: object) -> Held:
    return Held(badge, when, email, details, revoked)


def setup(root: Path, items: list[Held]) -> list[str]:
    """Make each award (components first, by day), then its revocation; the credential ids, in order."""
    make_registry(root)
    ids = []
    for seed, item in enumerate(items, start=10):
        details = {"results": results_for(item.badge), **item.details}
        ids.append(award(root, item.badge, day(item.when), item.email, seed, **details))
    for cid, item in zip(ids, items):
        if item.revoked:
            revoke(root, cid, item.badge.split("/")[0], day(item.revoked))
    return ids


def refusal(root: Path, when: datetime = AT, email: str = ADA) -> CredregError:
    before = award_files(root)
    with pytest.raises(CredregError) as caught:
        award(root, DEVELOPER, when, email, 99, results={"quality": "good"})
    assert award_files(root) == before  # nothing written
    return caught.value


GOOD_INTRO = held(INTRO, "2026-01-10")
GOOD_TESTING = held(TESTING, "2026-01-12")

REFUSED = [
    pytest.param([], "missing: Intro to Python (acme/intro-python) is not held; and " + NOT_HELD_ONE,
                 id="nothing-held"),
    pytest.param([GOOD_INTRO], NOT_HELD_ONE, id="all-met-at-least-not"),
    pytest.param([GOOD_TESTING], "missing: Intro to Python (acme/intro-python) is not held", id="at-least-met-all-not"),
    pytest.param([held(INTRO, "2026-01-10", valid_until=day("2026-02-01")), GOOD_TESTING],
                 "missing: Intro to Python (acme/intro-python) expired on 2026-02-01", id="expired-component"),
    pytest.param([held(INTRO, "2026-01-10", revoked="2026-02-16"), GOOD_TESTING],
                 "missing: Intro to Python (acme/intro-python) was revoked on 2026-02-16", id="revoked-component"),
    pytest.param([held(INTRO, "2026-03-05"), GOOD_TESTING],
                 "missing: Intro to Python (acme/intro-python) was awarded on 2026-03-05, not before",
                 id="later-component"),
    pytest.param([held(INTRO, "2026-01-10", BOB), held(TESTING, "2026-01-12", BOB)],
                 "missing: Intro to Python (acme/intro-python) is not held; and " + NOT_HELD_ONE,
                 id="same-issuer-awards-of-another-email"),
    pytest.param([GOOD_INTRO, held(DATA, "2026-01-12", BOB)], NOT_HELD_ONE, id="co-branded-award-of-another-email"),
]


@pytest.mark.parametrize(("items", "missing"), REFUSED)
def test_refusal_names_what_is_missing(signing_registry: Path, items: list[Held], missing: str) -> None:
    setup(signing_registry, items)
    error = refusal(signing_registry)
    assert (error.message, error.hint) == (PREFIX + missing, HINT)


def components(root: Path, credential_id: str) -> list[dict[str, object]]:
    return [e for e in signed(root, credential_id)["evidence"] if e.get("genre") == COMPONENT_GENRE]


def test_met_requirement_records_each_component_in_the_signed_file(signing_registry: Path) -> None:
    intro, testing = setup(signing_registry, [GOOD_INTRO, GOOD_TESTING])
    stacked = award(signing_registry, DEVELOPER, AT, ADA, 99, results={"quality": "good"},
                    evidence=("https://portfolio.example/ada",))
    document = signed(signing_registry, stacked)
    assert document["evidence"] == [
        {"id": "https://portfolio.example/ada", "type": ["Evidence"], "name": "Evidence 1"},
        {"id": url(intro), "type": ["Evidence"], "name": "Intro to Python", "genre": COMPONENT_GENRE,
         "description": "Intro to Python, awarded by Acme Training on 2026-01-10, counts towards this credential."},
        {"id": url(testing), "type": ["Evidence"], "name": "Testing Basics", "genre": COMPONENT_GENRE,
         "description": "Testing Basics, awarded by Acme Training on 2026-01-12, counts towards this credential."},
    ]
    assert schema_errors(document, "achievementcredential.json") == []
    result = check_registry(signing_registry)
    assert result.problems == () and result.registry is not None
    assert set(result.registry.awards[stacked].components) == {intro, testing}


def test_co_branded_component_is_found_by_email_across_issuers(signing_registry: Path) -> None:
    intro, data = setup(signing_registry, [GOOD_INTRO, held(DATA, "2026-01-20", " ADA@example.net")])
    assert signed(signing_registry, intro)["credentialSubject"]["identifier"][0]["identityHash"] != \
        signed(signing_registry, data)["credentialSubject"]["identifier"][0]["identityHash"]  # hashes differ by design
    stacked = award(signing_registry, DEVELOPER, AT, ADA, 99, results={"quality": "good"})
    assert [(e["id"], e["name"]) for e in components(signing_registry, stacked)] == [
        (url(intro), "Intro to Python"), (url(data), "Data Basics")]
    assert "awarded by Globex Academy on 2026-01-20" in str(components(signing_registry, stacked)[1]["description"])
    assert check_registry(signing_registry).problems == ()


def test_the_newest_award_that_counts_is_linked(signing_registry: Path) -> None:
    old, new, testing = setup(signing_registry, [held(INTRO, "2026-01-05", revoked="2026-01-20"),
                                                 held(INTRO, "2026-02-01"), GOOD_TESTING])
    stacked = award(signing_registry, DEVELOPER, AT, ADA, 99, results={"quality": "good"})
    assert [e["id"] for e in components(signing_registry, stacked)] == [url(new), url(testing)]


MINIMUMS = [
    pytest.param("        minimumPoints: 10\n", {"quality": "good", "tests": "fair"},
                 "missing: Intro to Python (acme/intro-python) scored 7 points, needs 10", id="minimum-points"),
    pytest.param("        minimumLevels: {tests: good}\n", {"quality": "good", "tests": "fair"},
                 "missing: Intro to Python (acme/intro-python) reached 'Fair' on 'Tests', needs 'Good'",
                 id="minimum-level"),
    pytest.param("        minimumPoints: 10\n", {"quality": "good", "tests": "good"}, None, id="minimum-points-met"),
    pytest.param("        minimumLevels: {tests: good}\n", {"quality": "fair", "tests": "good"}, None,
                 id="minimum-level-met"),
]


@pytest.mark.parametrize(("minimum", "results", "missing"), MINIMUMS)
def test_minimum_rubric_results(signing_registry: Path, minimum: str, results: dict[str, str],
                                missing: str | None) -> None:
    make_registry(signing_registry, "requires:\n  - all:\n      - badge: intro-python\n" + minimum)
    intro = award(signing_registry, INTRO, day("2026-01-10"), results=results)
    if missing is None:
        stacked = award(signing_registry, DEVELOPER, AT, ADA, 99, results={"quality": "good"})
        assert [e["id"] for e in components(signing_registry, stacked)] == [url(intro)]
    else:
        assert refusal(signing_registry).message == PREFIX + missing


# --- attackers ------------------------------------------------------------------------------------------------

def test_make_award_refuses_caller_supplied_component_links(signing_registry: Path) -> None:
    """An issuer (or a script) cannot forge components: links naming Bob's awards for Ada are refused."""
    bob_intro, bob_testing = setup(signing_registry, [held(INTRO, "2026-01-10", BOB), held(TESTING, "2026-01-12", BOB)])
    ctx = issue.open_registry(signing_registry, fixture_signing_key("acme"), AT)
    reg = ctx.registry
    forged = tuple(linked_credential(COMPONENT_GENRE, reg.awards[c].url, reg.badges[reg.awards[c].badge_key],
                                     ctx.issuer, reg.awards[c].awarded) for c in (bob_intro, bob_testing))
    with pytest.raises(CredregError) as caught:
        issue.make_award(ctx, reg.badges[DEVELOPER], ADA, AT, issue.Allocator(ctx, random.Random(1)),
                         results={"quality": "good"}, links=forged)
    assert caught.value.message == (f"a 'Component credential' evidence entry ({url(bob_intro)}) was given by the "
                                    "caller")
    with pytest.raises(CredregError):  # also for a badge class that requires nothing
        issue.make_award(ctx, reg.badges[INTRO], ADA, AT, issue.Allocator(ctx, random.Random(1)),
                         results=results_for(INTRO), links=forged[:1])
    assert len(award_files(signing_registry)) == 2


def test_a_component_made_in_the_same_moment_does_not_count(signing_registry: Path) -> None:
    setup(signing_registry, [held(INTRO, "2026-03-01"), GOOD_TESTING])
    assert refusal(signing_registry).message == PREFIX + (
        "missing: Intro to Python (acme/intro-python) was awarded on 2026-03-01, not before")


def test_a_component_valid_until_the_very_moment_still_counts(signing_registry: Path) -> None:
    """Valid through validUntil, as every verifier counts it: expiring at the award's moment is not expired yet."""
    setup(signing_registry, [held(INTRO, "2026-01-10", valid_until=AT), GOOD_TESTING])
    assert award(signing_registry, DEVELOPER, AT, ADA, 99, results={"quality": "good"})


# --- CSV, renew and the command line --------------------------------------------------------------------------

def test_csv_names_the_row_that_does_not_meet_the_requirement_and_writes_nothing(signing_registry: Path) -> None:
    setup(signing_registry, [GOOD_INTRO, GOOD_TESTING])
    cohort = signing_registry.parent / "cohort.csv"
    cohort.write_text(f"email,result:quality\n{ADA},good\n{BOB},good\n", encoding="utf-8")
    before = award_files(signing_registry)
    ctx = issue.open_registry(signing_registry, fixture_signing_key("acme"), AT)
    with pytest.raises(CredregError) as caught:
        issue.award_csv(ctx, DEVELOPER, cohort, AT, random.Random(3))
    assert caught.value.message == (
        f"{cohort}:3: bob@example.net does not meet the requirement of Python Developer (acme/python-developer) on "
        "2026-03-01: missing: Intro to Python (acme/intro-python) is not held; and " + NOT_HELD_ONE)
    assert caught.value.hint == HINT + " (nothing was written)"
    assert award_files(signing_registry) == before


def test_renew_re_evaluates_the_requirement_at_renewal_time(signing_registry: Path) -> None:
    intro, testing, data = setup(signing_registry, [GOOD_INTRO, GOOD_TESTING, held(DATA, "2026-01-20")])
    stacked = award(signing_registry, DEVELOPER, AT, ADA, 99, results={"quality": "good"})
    revoke(signing_registry, testing, "acme", day("2026-06-01"))
    later = day("2027-02-01")
    ctx = issue.open_registry(signing_registry, fixture_signing_key("acme"), later)
    renewed = renew.renew(ctx, renew.RenewRequest(stacked, ADA, later), random.Random(5)).stem
    evidence = signed(signing_registry, renewed)["evidence"]
    assert [(e["id"], e["genre"]) for e in evidence] == [
        (url(intro), COMPONENT_GENRE), (url(data), COMPONENT_GENRE), (url(stacked), "Renewed credential")]
    revoke(signing_registry, intro, "acme", day("2027-03-01"))
    after = day("2027-04-01")
    ctx = issue.open_registry(signing_registry, fixture_signing_key("acme"), after)
    with pytest.raises(CredregError) as caught:
        renew.renew(ctx, renew.RenewRequest(renewed, ADA, after), random.Random(6))
    assert caught.value.message == ("ada@example.net does not meet the requirement of Python Developer "
                                    "(acme/python-developer) on 2027-04-01: missing: Intro to Python "
                                    "(acme/intro-python) was revoked on 2027-03-01")


def test_command_line_refusal_exits_1_and_writes_nothing(signing_registry: Path, monkeypatch: pytest.MonkeyPatch,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    make_registry(signing_registry)
    monkeypatch.setenv("ACME_KEY", to_json(fixture_signing_key("acme")))
    code = main(["award", DEVELOPER, "--root", str(signing_registry), "--key-env", "ACME_KEY",
                 "--recipient", ADA, "--result", "quality=good"])
    err = capsys.readouterr().err
    assert code == 1 and award_files(signing_registry) == []
    assert "error: ada@example.net does not meet the requirement of Python Developer (acme/python-developer) on " in err
    assert "Intro to Python (acme/intro-python) is not held" in err and "Traceback" not in err
    assert json.dumps(HINT)[1:-1] in err
