"""`credreg check` on stacked awards: forged awards (signed with the issuer's real key, components chosen by
the attacker) are errors naming the award file and the line of the component's evidence entry; a component
revoked later is a warning until the issuer decides; bad `kept` decisions are errors at their line."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from stacking_check_support import DEV, SITE, award, component_link, forge, link_to, pathway_registry, revoke
from stacking_support import day

from registry.check import check_registry
from registry.errors import CredregError, Severity

MISSING_BOTH = ("needs 1 of 2 badge classes, 1 more: Testing Basics (acme/testing-basics) is not held; Git Basics "
                "(acme/git-basics) is not held")
MADE = "when it was made on 2026-02-10T10:00:00Z"
COUNTED = "when this award was made on 2026-02-10T10:00:00Z"
AT = day("2026-02-10")
DOCTORATE = "Doctorate in Computer Science, awarded by MIT on 2019-06-01, counts towards this credential."


def _held(root: Path) -> dict[str, str]:
    """Ada's Intro to Python and Testing Basics, before the stacked award."""
    return {"intro": award(root, "acme/intro-python", day("2026-01-15"), 1),
            "testing": award(root, "acme/testing-basics", day("2026-01-20"), 2)}


def _with(extra: Callable[[Path, dict[str, str]], tuple], *, keep: tuple[str, ...] = ("intro", "testing")
          ) -> Callable[[Path], dict[str, str]]:
    """A setup: Ada's components, then a forged stacked award linking `keep` of them and `extra`'s links."""
    def setup(root: Path) -> dict[str, str]:
        ids = _held(root)
        links = tuple(component_link(root, ids[k]) for k in keep) + extra(root, ids)
        ids["bad"] = forge(root, AT, links)
        return ids
    return setup


def _url(url: str) -> Callable[[Path, dict[str, str]], tuple]:
    return lambda root, ids: (link_to(url),)


def _other_class(root: Path, ids: dict[str, str]) -> tuple:
    ids["other"] = award(root, "globex/data-basics", day("2026-01-25"), 3)
    return (component_link(root, ids["other"]),)


def _later(root: Path, ids: dict[str, str]) -> tuple:
    ids["other"] = award(root, "acme/git-basics", day("2026-03-01"), 3)
    return (component_link(root, ids["other"]),)


def _expired(root: Path, ids: dict[str, str]) -> tuple:
    ids["other"] = award(root, "acme/git-basics", day("2026-01-21"), 3, valid_until=day("2026-02-01"))
    return (component_link(root, ids["other"]),)


def _revoked_before(root: Path, ids: dict[str, str]) -> tuple:
    revoke(root, ids["testing"], day("2026-02-01"))
    return (component_link(root, ids["testing"]),)


def _other_recipient(root: Path, ids: dict[str, str]) -> tuple:
    ids["other"] = award(root, "acme/git-basics", day("2026-01-21"), 3, email="mallory@example.net")
    return (component_link(root, ids["other"]),)


def _twice(root: Path, ids: dict[str, str]) -> tuple:
    return (component_link(root, ids["testing"]),)


def _misdescribed(root: Path, ids: dict[str, str]) -> tuple:
    """Ada's real Testing Basics, described to wallets as a doctorate."""
    return (dict(component_link(root, ids["testing"]), name="Doctorate in Computer Science",
                 description=DOCTORATE),)


def _nothing(root: Path, ids: dict[str, str]) -> tuple:
    return ()


@dataclass(frozen=True)
class StackCase:
    """A registry holding one forged stacked award (`bad`), and the problems the check must report on its file:
    (code, message with {ids}, index of the evidence entry the problem points at, or None for the whole file)."""

    name: str
    setup: Callable[[Path], dict[str, str]]
    problems: tuple[tuple[str, str, int | None], ...]


CASES = [
    StackCase("unknown credential", _with(_url(f"{SITE}0000000000000000.json")), (
        ("component-unknown", "it links component credential '0000000000000000', which is not in this registry", 2),)),
    StackCase("other site", _with(_url("https://elsewhere.example/credentials/abc.json")), (
        ("component-unknown", "the component link 'https://elsewhere.example/credentials/abc.json' is not a "
                              "credential of this registry", 2),)),
    StackCase("look-alike host", _with(_url("https://registry.test.evil.example/credentials/abc.json")), (
        ("component-unknown", "the component link 'https://registry.test.evil.example/credentials/abc.json' is "
                              "not a credential of this registry", 2),)),
    StackCase("status list", _with(_url("https://registry.test/status/acme/1.json"), keep=("intro",)), (
        ("components-missing", f"its components do not meet the requirement of {DEV} {MADE}: {MISSING_BOTH}", 0),
        ("component-unknown", "the component link 'https://registry.test/status/acme/1.json' is not a credential "
                              "of this registry", 1))),
    StackCase("issuer DID document", _with(_url("https://registry.test/issuers/acme/did.json")), (
        ("component-unknown", "the component link 'https://registry.test/issuers/acme/did.json' is not a "
                              "credential of this registry", 2),)),
    StackCase("path out of the credentials", _with(_url(f"{SITE}../issuers/acme/did.json")), (
        ("component-unknown", "it links component credential '../issuers/acme/did', which is not in this "
                              "registry", 2),)),
    StackCase("wrong class", _with(_other_class, keep=("intro",)), (
        ("components-missing", f"its components do not meet the requirement of {DEV} {MADE}: {MISSING_BOTH}", 0),
        ("component-class", "its component {other} is an award of globex/data-basics, which the requirement of "
                            f"{DEV} does not name", 1))),
    StackCase("later component", _with(_later, keep=("intro",)), (
        ("components-missing", f"its components do not meet the requirement of {DEV} {MADE}: needs 1 of 2 badge "
                               "classes, 1 more: Testing Basics (acme/testing-basics) is not held; Git Basics "
                               "(acme/git-basics) was awarded on 2026-03-01, not before", 0),
        ("component-invalid", "its component {other} (acme/git-basics) was awarded on 2026-03-01, not before, so it "
                              f"did not count {COUNTED}", 1))),
    StackCase("expired component", _with(_expired, keep=("intro",)), (
        ("components-missing", f"its components do not meet the requirement of {DEV} {MADE}: needs 1 of 2 badge "
                               "classes, 1 more: Testing Basics (acme/testing-basics) is not held; Git Basics "
                               "(acme/git-basics) expired on 2026-02-01", 0),
        ("component-invalid", "its component {other} (acme/git-basics) expired on 2026-02-01, so it did not count "
                              f"{COUNTED}", 1))),
    StackCase("component revoked before", _with(_revoked_before, keep=("intro",)), (
        ("components-missing", f"its components do not meet the requirement of {DEV} {MADE}: needs 1 of 2 badge "
                               "classes, 1 more: Testing Basics (acme/testing-basics) was revoked on 2026-02-01; "
                               "Git Basics (acme/git-basics) is not held", 0),
        ("component-invalid", "its component {testing} (acme/testing-basics) was revoked on 2026-02-01, so it did "
                              f"not count {COUNTED}", 1))),
    StackCase("other recipient, same issuer", _with(_other_recipient, keep=("intro",)), (
        ("components-missing", f"its components do not meet the requirement of {DEV} {MADE}: {MISSING_BOTH}", 0),
        ("component-recipient", "its component {other} was awarded to someone else (another recipient "
                                "identityHash)", 1))),
    StackCase("requirement unmet", _with(_nothing, keep=("intro",)), (
        ("components-missing", f"its components do not meet the requirement of {DEV} {MADE}: {MISSING_BOTH}", 0),)),
    StackCase("no component links", _with(_nothing, keep=()), (
        ("components-missing", f"it records no component credential (an evidence entry of genre 'Component "
                               f"credential'), and {DEV} is stacked: missing: Intro to Python (acme/intro-python) is "
                               f"not held; {MISSING_BOTH}", None),)),
    StackCase("misdescribed component", _with(_misdescribed, keep=("intro",)), (
        ("award-content", "its component entry for {testing} misdescribes it: its 'description' is "
                          f"{DOCTORATE!r}, where the entry for {{testing}} says 'Testing Basics, awarded by Acme "
                          "Training on 2026-01-20, counts towards this credential.'", 1),)),
    StackCase("duplicate link", _with(_twice), (
        ("component-duplicate", "it links component credential {testing} twice", 2),)),
]


def _expected(root: Path, source: str, case: StackCase, ids: dict[str, str]) -> list[tuple[str, int, str, str]]:
    lines = (root / source).read_text(encoding="utf-8").splitlines()
    opening = next((i for i, t in enumerate(lines, 1) if t.startswith('  "evidence"')), len(lines))
    evidence = [n for n, line in enumerate(lines, start=1) if line == "    {" and n > opening]  # one per entry
    return [(source, 0 if index is None else evidence[index], code, message.format(**ids))
            for code, message, index in case.problems]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_forged_stacked_awards(case: StackCase, signing_registry: Path) -> None:
    pathway_registry(signing_registry)
    ids = case.setup(signing_registry)
    result = check_registry(signing_registry)
    source = next(signing_registry.glob(f"credentials/acme/python-developer/awards/{ids['bad']}.json"))
    rel = source.relative_to(signing_registry).as_posix()
    found = sorted((p.file, p.line, p.code, p.message) for p in result.problems)
    assert found == sorted(_expected(signing_registry, rel, case, ids))
    assert result.registry is None and all(p.hint and p.severity is Severity.ERROR for p in result.problems)


def _stacked(root: Path) -> dict[str, str]:
    """Ada's components and a stacked award linking them, as `credreg award` would make it."""
    ids = _held(root)
    ids["dev"] = forge(root, AT, (component_link(root, ids["intro"]), component_link(root, ids["testing"])))
    return ids


def test_a_sound_stacked_award_checks_clean(signing_registry: Path) -> None:
    pathway_registry(signing_registry)
    ids = _stacked(signing_registry)
    result = check_registry(signing_registry)
    assert result.problems == () and result.registry is not None
    assert result.registry.awards[ids["dev"]].components == (ids["intro"], ids["testing"])


def test_the_other_issuers_hash_is_not_compared(signing_registry: Path) -> None:
    """A co-branded-style component of another issuer carries another hash by design: no component-recipient
    for it (only component-class here, since the requirement names no Globex class)."""
    pathway_registry(signing_registry)
    ids = _held(signing_registry)
    ids["other"] = award(signing_registry, "globex/data-basics", day("2026-01-25"), 3)
    forge(signing_registry, AT, tuple(component_link(signing_registry, ids[k]) for k in ("intro", "testing", "other")))
    assert [p.code for p in check_registry(signing_registry).problems] == ["component-class"]


def _kept(root: Path, issuer: str, entries: list[tuple[str, str]]) -> Path:
    """Append `kept` entries (credential, keptAt) to an issuer's revocations.yaml (made if missing)."""
    path = root / f"credentials/{issuer}/revocations.yaml"
    text = path.read_text(encoding="utf-8") if path.exists() else "revocations: []\n"
    text += "kept:\n" + "".join(f'  - credential: {cid}\n    keptAt: "{when}"\n    reason: "It stands."\n'
                                for cid, when in entries)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_component_revoked_later_is_a_warning_at_its_entry(signing_registry: Path) -> None:
    pathway_registry(signing_registry)
    ids = _stacked(signing_registry)
    revoke(signing_registry, ids["testing"], day("2026-05-01"))
    result = check_registry(signing_registry)
    source = f"credentials/acme/python-developer/awards/{ids['dev']}.json"
    (problem,) = result.problems
    assert (problem.file, problem.code, problem.severity, problem.message) == (
        source, "component-revoked", Severity.WARNING,
        f"its component {ids['testing']} (acme/testing-basics) was revoked on 2026-05-01T10:00:00Z, after this award; "
        "its issuer has not decided whether this award stands")
    assert problem.hint == (f"revoke it (credreg revoke {ids['dev']}) or record that it stands (credreg keep "
                            f"{ids['dev']} --reason TEXT); `check --strict` fails until then")
    lines = (signing_registry / source).read_text(encoding="utf-8").splitlines()
    assert lines[problem.line - 1] == "    {" and f'{ids["testing"]}.json' in lines[problem.line]
    assert result.registry is not None and result.failed() is False and result.failed(strict=True) is True


@pytest.mark.parametrize("decide", [
    pytest.param(lambda root, ids: _kept(root, "acme", [(ids["dev"], "2026-05-03T09:00:00Z")]), id="kept"),
    pytest.param(lambda root, ids: revoke(root, ids["dev"], day("2026-05-03")), id="revoked"),
])
def test_the_issuers_decision_clears_the_warning(decide: Callable[[Path, dict[str, str]], object],
                                                 signing_registry: Path) -> None:
    pathway_registry(signing_registry)
    ids = _stacked(signing_registry)
    revoke(signing_registry, ids["testing"], day("2026-05-01"))
    decide(signing_registry, ids)
    result = check_registry(signing_registry)
    assert result.problems == () and result.registry is not None


def _revoked_later(root: Path) -> dict[str, str]:
    ids = _stacked(root)
    revoke(root, ids["testing"], day("2026-05-01"))
    return ids


KEPT_CASES = [
    pytest.param("acme", lambda ids: [("0000000000000000", "2026-05-03T09:00:00Z")],
                 [("kept-unknown", "no credential '0000000000000000' exists", 0),
                  ("component-revoked", "", -1)], id="unknown credential"),
    pytest.param("globex", lambda ids: [(ids["dev"], "2026-05-03T09:00:00Z")],
                 [("kept-mismatch", "credential '{dev}' was issued by 'acme'; only its issuer decides whether it "
                                    "stands", 0)], id="another issuer's award"),
    pytest.param("acme", lambda ids: [(ids["dev"], "2026-05-03T09:00:00Z"), (ids["intro"], "2026-05-03T09:00:00Z")],
                 [("kept-mismatch", "credential {intro} is an award of acme/intro-python, which is not stacked: there "
                                    "is nothing to keep", 1)], id="not stacked"),
    pytest.param("acme", lambda ids: [(ids["dev"], "2026-04-01T09:00:00Z")],
                 [("kept-mismatch", "no component of credential {dev} was revoked between its award and this decision",
                   0), ("component-revoked", "", -1)], id="decided before the revocation"),
    pytest.param("acme", lambda ids: [(ids["dev"], "2026-05-03T09:00:00Z"), (ids["dev"], "2026-05-04T09:00:00Z")],
                 [("kept-duplicate", "credential '{dev}' is kept twice with no component revoked between the two "
                                     "decisions", 1)], id="kept twice"),
]


@pytest.mark.parametrize("issuer, entries, problems", KEPT_CASES)
def test_bad_kept_entries(issuer: str, entries: Callable[[dict[str, str]], list[tuple[str, str]]],
                          problems: list[tuple[str, str, int]], signing_registry: Path) -> None:
    """Each is an error at the entry's credential line (a decision on record, even a bad one, silences the
    revoked-later warning: the error fails the check anyway)."""
    pathway_registry(signing_registry)
    ids = _revoked_later(signing_registry)
    path = _kept(signing_registry, issuer, entries(ids))
    lines = path.read_text(encoding="utf-8").splitlines()
    entry_lines = [n for n, line in enumerate(lines, start=1) if line.startswith("  - credential:")]
    kept_from = next(n for n, line in enumerate(lines, start=1) if line == "kept:")
    entry_lines = [n for n in entry_lines if n > kept_from]
    rel = path.relative_to(signing_registry).as_posix()
    result = check_registry(signing_registry)
    assert sorted((p.code, p.file, p.line, p.message) for p in result.problems if p.code != "component-revoked") == \
        sorted((code, rel, entry_lines[index], message.format(**ids)) for code, message, index in problems
               if code != "component-revoked")
    # the warning stays unless a decision names the stacked award
    assert [p.code for p in result.problems if p.code == "component-revoked"] == [
        code for code, _, _ in problems if code == "component-revoked"]
    assert result.registry is None and all(p.hint for p in result.problems)


def test_a_kept_entry_with_no_award_in_the_registry(signing_registry: Path) -> None:
    """With no signed file at all, a kept decision still has to name an award."""
    pathway_registry(signing_registry)
    path = _kept(signing_registry, "acme", [("0000000000000000", "2026-05-03T09:00:00Z")])
    (problem,) = check_registry(signing_registry).problems
    assert (problem.code, problem.file, problem.line, problem.column, problem.message) == (
        "kept-unknown", path.relative_to(signing_registry).as_posix(), 3, 5, "no credential '0000000000000000' exists")


def test_check_strict_fails_until_the_issuer_decides(signing_registry: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    from registry.cli import main
    pathway_registry(signing_registry)
    ids = _stacked(signing_registry)
    revoke(signing_registry, ids["testing"], day("2026-05-01"))
    assert main(["check", "--root", str(signing_registry)]) == 0
    assert main(["check", "--root", str(signing_registry), "--strict"]) == 1
    assert "component-revoked" in capsys.readouterr().out
    _kept(signing_registry, "acme", [(ids["dev"], "2026-05-03T09:00:00Z")])
    assert main(["check", "--root", str(signing_registry), "--strict"]) == 0


def test_component_links_on_an_unstacked_class(signing_registry: Path) -> None:
    """Links on an award of a class that requires nothing would still show as components on its page and as
    "counts towards" on theirs: refused."""
    pathway_registry(signing_registry)
    ids = _held(signing_registry)
    bad = forge(signing_registry, AT, (component_link(signing_registry, ids["intro"]),), badge="acme/git-basics")
    source = f"credentials/acme/git-basics/awards/{bad}.json"
    lines = (signing_registry / source).read_text(encoding="utf-8").splitlines()
    entry = next(n for n, line in enumerate(lines, 1) if line == "    {" and f'{ids["intro"]}.json' in lines[n])
    assert [(p.file, p.line, p.code, p.message) for p in check_registry(signing_registry).problems] == [
        (source, entry, "component-class", "it links component credentials, but acme/git-basics is not stacked (its "
                                           "badge.yaml requires no other badge class)")]


def test_a_decision_covers_only_the_revocations_before_it(signing_registry: Path) -> None:
    """A kept decision never silences a revocation still to come: the warning returns, and a new decision (which
    `credreg keep` then accepts) clears it again."""
    from registry.award import issue, keep
    from support import fixture_signing_key

    def decide(on: str) -> None:
        keep.keep(issue.open_registry(signing_registry, fixture_signing_key("acme"), day(on)), ids["dev"],
                  "It stands.", day(on))

    pathway_registry(signing_registry)
    ids = _stacked(signing_registry)
    revoke(signing_registry, ids["testing"], day("2026-05-01"))
    decide("2026-05-03")
    assert check_registry(signing_registry).problems == ()
    revoke(signing_registry, ids["intro"], day("2026-06-01"))
    assert [p.message for p in check_registry(signing_registry).problems] == [
        f"its component {ids['intro']} (acme/intro-python) was revoked on 2026-06-01T10:00:00Z, after this award "
        "and after its issuer's decision of 2026-05-03T10:00:00Z; its issuer has not decided whether this award "
        "stands"]
    decide("2026-06-02")
    assert check_registry(signing_registry).problems == ()
    with pytest.raises(CredregError, match="is already kept .decided 2026-06-02T10:00:00Z. and no component was "
                                           "revoked since"):
        decide("2026-06-03")


def test_a_decision_on_an_award_revoked_before_it(signing_registry: Path) -> None:
    pathway_registry(signing_registry)
    ids = _revoked_later(signing_registry)
    revoke(signing_registry, ids["dev"], day("2026-05-02"))
    path = _kept(signing_registry, "acme", [(ids["dev"], "2026-05-03T09:00:00Z")])
    assert [(p.file, p.code, p.message) for p in check_registry(signing_registry).problems] == [
        (path.relative_to(signing_registry).as_posix(), "kept-mismatch",
         f"credential {ids['dev']} was revoked on 2026-05-02T10:00:00Z, before this decision: a revoked award does "
         "not stand")]


@pytest.mark.parametrize("genre", ["component credential", " Component credential", "Component  Credential",
                                   "renewed credential"])
def test_a_genre_imitating_a_link_genre(genre: str, signing_registry: Path) -> None:
    """Bob's award slipped in as plain evidence whose genre a case-blind verifier reads as a component link."""
    pathway_registry(signing_registry)
    ids = _held(signing_registry)
    bob = award(signing_registry, "acme/git-basics", day("2026-01-21"), 3, email="bob@example.net")
    sneaked = dict(component_link(signing_registry, bob), genre=genre)
    bad = forge(signing_registry, AT, (component_link(signing_registry, ids["intro"]),
                                       component_link(signing_registry, ids["testing"]), sneaked))
    meant = "Renewed credential" if genre.startswith("renewed") else "Component credential"
    assert [(p.file, p.code, p.message) for p in check_registry(signing_registry).problems] == [
        (f"credentials/acme/python-developer/awards/{bad}.json", "award-content",
         f"its evidence entry's genre {genre!r} imitates {meant!r}")]
