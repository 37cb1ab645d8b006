"""`credreg check` on renewal links: hand-made awards (signed by the issuer's real key, links chosen by the
attacker, the award-time checks of `credreg renew` bypassed) are errors naming the award file and the line
of its evidence entry."""
from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from currency_support import SQL, T0, add_sql_badge, award, ctx_for, link_to, next_id, renewal_link, revoke

from registry.award import renew
from registry.check import check_registry

LATER = datetime(2027, 2, 1, 9, 0, tzinfo=timezone.utc)
SITE = "https://registry.test/credentials/"


def _renewal(root: Path, old: str, when: datetime = LATER, seed: int = 5) -> str:
    request = renew.RenewRequest(old, "ada@example.net", when)
    return renew.renew(ctx_for(root, when), request, random.Random(seed)).stem


def _other_class(root: Path) -> dict[str, str]:
    old = award(root)
    return {"old": old, "bad": award(root, LATER, badge="acme/intro-python", seed=3, links=(renewal_link(root, old),))}


def _other_issuer(root: Path) -> dict[str, str]:
    old = award(root)
    return {"old": old, "bad": award(root, LATER, badge="globex/data-basics", seed=3,
                                     links=(renewal_link(root, old),))}


def _other_recipient(root: Path) -> dict[str, str]:
    old = award(root)
    return {"old": old, "bad": award(root, LATER, email="mallory@example.net", seed=3,
                                     links=(renewal_link(root, old),))}


def _earlier(root: Path) -> dict[str, str]:
    old = award(root, LATER)
    return {"old": old, "bad": award(root, T0, seed=3, links=(renewal_link(root, old),))}


def _same_moment(root: Path) -> dict[str, str]:
    old = award(root)
    return {"old": old, "bad": award(root, T0, seed=3, links=(renewal_link(root, old),))}


def _revoked_before(root: Path) -> dict[str, str]:
    old = award(root)
    revoke(root, old, T0 + timedelta(days=30))
    return {"old": old, "bad": award(root, LATER, seed=3, links=(renewal_link(root, old),))}


def _itself(root: Path) -> dict[str, str]:
    award(root)
    return {"bad": award(root, LATER, seed=3, links=(link_to(f"{SITE}{next_id(3)}.json"),))}


def _foreign(url: str) -> Callable[[Path], dict[str, str]]:
    def setup(root: Path) -> dict[str, str]:
        award(root)
        return {"bad": award(root, LATER, seed=3, links=(link_to(url),))}
    return setup


def _renewed_twice(root: Path) -> dict[str, str]:
    old = award(root)
    first = _renewal(root, old)
    return {"old": old, "first": first, "bad": award(root, LATER + timedelta(days=1), seed=3,
                                                       links=(renewal_link(root, old),))}


def _two_links(root: Path) -> dict[str, str]:
    one, two = award(root), award(root, T0 + timedelta(days=1), seed=2)
    return {"bad": award(root, LATER, seed=3, links=(renewal_link(root, one), renewal_link(root, two)))}


@dataclass(frozen=True)
class LinkCase:
    """A registry holding one bad renewal (`bad`), and the problems the check must report on its file."""

    name: str
    setup: Callable[[Path], dict[str, str]]
    problems: tuple[tuple[str, str], ...]  # (code, message) with {old}, {bad}, {first}


CASES = [
    LinkCase("other badge class", _other_class, (
        ("renewal-mismatch", "it renews credential {old}, an award of acme/sql-basics, not of acme/intro-python"),)),
    LinkCase("other issuer", _other_issuer, (
        ("renewal-mismatch", "it renews credential {old}, an award of acme/sql-basics, not of globex/data-basics"),
        ("renewal-mismatch", "it renews credential {old}, which was awarded to someone else (another recipient "
                             "identityHash)"))),
    LinkCase("other recipient", _other_recipient, (
        ("renewal-mismatch", "it renews credential {old}, which was awarded to someone else (another recipient "
                             "identityHash)"),)),
    LinkCase("renews a later award", _earlier, (
        ("renewal-mismatch", "it renews credential {old}, awarded 2027-02-01T09:00:00Z, which is not before this "
                             "award (2026-03-02T10:00:00Z)"),)),
    LinkCase("renews an award of the same moment", _same_moment, (
        ("renewal-mismatch", "it renews credential {old}, awarded 2026-03-02T10:00:00Z, which is not before this "
                             "award (2026-03-02T10:00:00Z)"),)),
    LinkCase("renews an award revoked before", _revoked_before, (
        ("renewal-mismatch", "it renews credential {old}, which was revoked on 2026-04-01T10:00:00Z, before this "
                             "award"),)),
    LinkCase("renews itself", _itself, (("renewal-mismatch", "it says it renews itself"),)),
    LinkCase("foreign URL", _foreign("https://elsewhere.example/credentials/abc.json"), (
        ("renewal-unknown", "the renewal link 'https://elsewhere.example/credentials/abc.json' is not a credential "
                            "of this registry"),)),
    LinkCase("look-alike host", _foreign("https://registry.test.evil.example/credentials/abc.json"), (
        ("renewal-unknown", "the renewal link 'https://registry.test.evil.example/credentials/abc.json' is not a "
                            "credential of this registry"),)),
    LinkCase("no such credential", _foreign(f"{SITE}0000000000000000.json"), (
        ("renewal-unknown", "it renews credential '0000000000000000', which is not in this registry"),)),
    LinkCase("path outside the credentials", _foreign(f"{SITE}../issuers/acme/did.json"), (
        ("renewal-unknown", "it renews credential '../issuers/acme/did', which is not in this registry"),)),
    LinkCase("award renewed twice", _renewed_twice, (
        ("renewal-duplicate", "credential {old} is already renewed by {first} (awarded 2027-02-01T09:00:00Z); an "
                              "award is renewed once"),)),
    LinkCase("one award renewing two", _two_links, (
        ("renewal-duplicate", "it links 2 renewed credentials; a renewal renews one award"),)),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_renewal_links(case: LinkCase, signing_registry: Path) -> None:
    add_sql_badge(signing_registry)
    ids = case.setup(signing_registry)
    result = check_registry(signing_registry)
    bad = next(signing_registry.glob(f"credentials/*/*/awards/{ids['bad']}.json"))
    source = bad.relative_to(signing_registry).as_posix()
    assert [(p.file, p.code, p.message) for p in result.problems] == [
        (source, code, message.format(**ids)) for code, message in case.problems]
    assert result.registry is None  # errors: nothing more is signed into this registry
    lines = bad.read_text(encoding="utf-8").splitlines()
    for problem in result.problems:  # each points at the renewal's evidence entry
        assert problem.line > 0 and lines[problem.line - 1].strip() == "{", problem
        entry = lines[problem.line - 1:problem.line + 8]
        assert any('"genre": "Renewed credential"' in line for line in entry), entry
        assert problem.hint


def test_the_second_of_two_links_is_the_one_named(signing_registry: Path) -> None:
    add_sql_badge(signing_registry)
    ids = _two_links(signing_registry)
    bad = next(signing_registry.glob(f"credentials/*/*/awards/{ids['bad']}.json"))
    (problem,) = check_registry(signing_registry).problems
    entry_id = next(line for line in bad.read_text(encoding="utf-8").splitlines()[problem.line - 1:]
                    if '"id":' in line)
    assert entry_id.strip() == f'"id": "{SITE}{next_id(2)}.json",'  # the second award's link (seed 2)


def test_a_valid_renewal_checks_clean_and_is_in_the_model(signing_registry: Path) -> None:
    add_sql_badge(signing_registry)
    old = award(signing_registry)
    new = _renewal(signing_registry, old)
    result = check_registry(signing_registry)
    assert result.problems == () and result.registry is not None
    assert result.registry.awards[new].renews == old
    assert result.registry.awards[new].badge_key == SQL


def test_revoking_the_renewed_award_afterwards_is_no_problem(signing_registry: Path) -> None:
    add_sql_badge(signing_registry)
    old = award(signing_registry)
    _renewal(signing_registry, old)
    revoke(signing_registry, old, LATER + timedelta(days=1))
    assert check_registry(signing_registry).problems == ()
