"""Signed awards must say what the registry's files say: each case is an award really signed with the
issuer's Ed25519 key, so only the content rules (not the signature) can catch it."""
from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from support import RUBRIC, award_for, fixture_signing_key

from registry.award import issue
from registry.check import check_registry
from registry.errors import CredregError
from registry.keys.sign import sign
from registry.layout import classify
from registry.load.json_source import load_json
from registry.load.signed import SignedFile
from registry.verify.award_content import award_content_findings

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)
BADGE = "credentials/acme/intro-python"
PAGE = "https://registry.test/badges/acme/intro-python/"
V1 = f"{PAGE}#rubric-v1"

# Two criteria, so results can miss one or name one twice; v2 (current) adds a third and raises the pass mark.
RUBRIC_V1 = RUBRIC.replace("passThreshold: 3", "passThreshold: 6") + """  - id: style
    name: Style
    levels:
      - id: good
        name: Good
        points: 3
      - id: fair
        name: Fair
        points: 1
"""
RUBRIC_V2 = RUBRIC_V1.replace("version: 1", "version: 2").replace('"2026-01-10"', '"2026-02-01"').replace(
    "passThreshold: 6", "passThreshold: 8") + """  - id: docs
    name: Documentation
    levels:
      - id: good
        name: Good
        points: 2
      - id: none
        name: None
        points: 0
"""
PASSING_V1 = {"quality": "good", "style": "good"}


@pytest.fixture
def registry(signing_registry: Path, check_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The signing registry with a two-version rubric; its checks share the session's success-only cache."""
    monkeypatch.setenv("CREDREG_CACHE_DIR", str(check_cache))
    (signing_registry / BADGE / "rubrics/v1.yaml").write_text(RUBRIC_V1)
    (signing_registry / BADGE / "rubrics/v2.yaml").write_text(RUBRIC_V2)
    return signing_registry


def award(root: Path, **details: Any) -> Path:
    """A real award of acme/intro-python at rubric v1, made by the code `credreg award` runs."""
    details = {"results": PASSING_V1, "rubric_version": 1, "name": "Ada Lovelace",
               "evidence": ("https://portfolio.example.net/ada",), **details}
    return award_for(root, NOW, **details)


def resign(path: Path, mutate: Callable[[dict[str, Any]], None]) -> None:
    """Change an award's content, then sign it again with the issuer's own key, as `credreg award` signs."""
    document = json.loads(path.read_text())
    del document["proof"]
    mutate(document)
    key = fixture_signing_key("acme")
    ctx = issue.open_registry(path.parents[4], key, NOW)
    issue.write_json(path, sign(document, key, ctx.urls, NOW))


def line_of(text: str, needle: str, nth: int = 0) -> int:
    """The line of the `nth` occurrence of `needle`."""
    at = -1
    for _ in range(nth + 1):
        at = text.index(needle, at + 1)
    return text.count("\n", 0, at) + 1


def line_of_object(text: str, needle: str) -> int:
    """The line of the `{` opening the innermost object that holds `needle`."""
    depth, at = 0, text.index(needle)
    while at > 0:
        at -= 1
        if text[at] == "}":
            depth += 1
        elif text[at] == "{":
            if depth == 0:
                return text.count("\n", 0, at) + 1
            depth -= 1
    raise AssertionError(needle)


def subject(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["credentialSubject"]


def achievement(doc: dict[str, Any]) -> dict[str, Any]:
    return doc["credentialSubject"]["achievement"]


def set_results(*levels: tuple[str, str], total: str) -> Callable[[dict[str, Any]], None]:
    def mutate(doc: dict[str, Any]) -> None:
        subject(doc)["result"] = [
            {"type": ["Result"], "resultDescription": f"{V1}-{c}", "achievedLevel": f"{V1}-{c}-{lv}"}
            for c, lv in levels] + [{"type": ["Result"], "resultDescription": f"{V1}-total", "value": total,
                                     "status": "Completed"}]
    return mutate


ALIGNMENT = {"type": ["Alignment"], "targetName": "Rust", "targetFramework": "ESCO",
             "targetUrl": "https://esco.example/rust", "targetType": "ceasn:Competency"}
Line = Callable[[str], int]


def at(needle: str, nth: int = 0) -> Line:
    return lambda text: line_of(text, needle, nth)


# (id, change signed into the award, [(code, line in the award)]): the complete, exact list of problems.
CASES: list[tuple[str, Callable[[dict[str, Any]], None], list[tuple[str, Line]]]] = [
    ("other-issuers-name-in-profile", lambda d: d["issuer"].update(name="Globex Academy"),
     [("award-content", at('"name": "Globex Academy"'))]),
    ("other-issuers-url-in-profile", lambda d: d["issuer"].update(url="https://globex.example/"),
     [("award-content", at('"url": "https://globex.example/"'))]),
    ("other-issuers-name-as-creator", lambda d: achievement(d)["creator"].update(name="Globex Academy"),
     [("award-content", at('"name": "Globex Academy"'))]),
    ("other-issuers-id", lambda d: d["issuer"].update(id="did:web:registry.test:issuers:globex"),
     [("award-issuer", at('"issuer": {'))]),
    ("achievement-name-changed", lambda d: achievement(d).update(name="Advanced Python"),
     [("award-content", at('"name": "Advanced Python"'))]),
    ("achievement-description-changed", lambda d: achievement(d).update(description="Shows mastery."),
     [("award-content", at('"description": "Shows mastery."'))]),
    ("criteria-narrative-changed", lambda d: achievement(d)["criteria"].update(narrative="Attend once."),
     [("award-content", at('"narrative": "Attend once."'))]),
    ("alignment-added", lambda d: achievement(d)["alignment"].append(ALIGNMENT),
     [("award-content", lambda text: line_of_object(text, '"targetName": "Rust"'))]),
    ("image-url-off-site", lambda d: achievement(d)["image"].update(id="https://evil.example/badge.svg"),
     [("award-content", at('"id": "https://evil.example/badge.svg"'))]),
    ("result-description-level-points-changed",
     lambda d: achievement(d)["resultDescription"][0]["rubricCriterionLevel"][0].update(points="9"),
     [("award-rubric", at('"points": "9"'))]),
    ("result-with-an-unknown-level", lambda d: subject(d)["result"][0].update(achievedLevel=f"{V1}-quality-superb"),
     [("award-results", at('quality-superb"'))]),
    ("result-for-a-criterion-of-a-later-rubric-version",
     set_results(("quality", "good"), ("style", "good"), ("docs", "good"), total="10"),
     [("award-results", at(f'"resultDescription": "{V1}-docs"'))]),
    ("criterion-missing", set_results(("quality", "good"), total="5"), [("award-results", at('"result": ['))]),
    ("criterion-twice", set_results(("quality", "good"), ("quality", "good"), ("style", "good"), total="13"),
     [("award-results", at(f'"resultDescription": "{V1}-quality"', nth=1))]),
    ("total-below-threshold", set_results(("quality", "fair"), ("style", "fair"), total="3"),
     [("award-results", at('"value": "3"'))]),
    ("total-not-the-levels-sum", lambda d: subject(d)["result"][-1].update(value="80"),
     [("award-results", at('"value": "80"'))]),
    ("empty-results", lambda d: subject(d).update(result=[]), [("award-results", at('"result": []'))]),
    ("status-entry-in-another-issuers-list", lambda d: d["credentialStatus"].update(
        statusListCredential="https://registry.test/status/globex/1.json"),
     [("award-status", at('"credentialStatus": {'))]),
    ("status-index-outside-the-list", lambda d: d["credentialStatus"].update(statusListIndex="131072"),
     [("award-status", at('"statusListIndex": "131072"'))]),
    ("status-purpose-suspension", lambda d: d["credentialStatus"].update(statusPurpose="suspension"),
     [("award-content", at('"statusPurpose": "suspension"'))]),
    ("credential-schema-changed", lambda d: d["credentialSchema"][0].update(id="https://evil.example/schema.json"),
     [("award-content", at('"id": "https://evil.example/schema.json"'))]),
    ("extra-context", lambda d: d["@context"].append("https://w3id.org/security/multikey/v1"),
     [("award-content", at('"https://w3id.org/security/multikey/v1"'))]),
    ("awarded-date-not-valid-from", lambda d: d.update(awardedDate="2020-01-01T00:00:00Z"),
     [("award-content", at('"awardedDate"'))]),
    ("extra-top-level-field", lambda d: d.update(description="Endorsed by Globex Academy."),
     [("award-content", at('"description": "Endorsed by Globex Academy."'))]),
    ("plain-email-identity", lambda d: subject(d)["identifier"][0].update(identityHash="ada@example.net", hashed=False),
     [("award-content", at('"identityHash": "ada@example.net"'))]),
    ("recipient-name-with-rlo", lambda d: subject(d).update(name="Ada \u202eecalevoL"),
     [("hidden-character", at('"name": "Ada '))]),
    ("recipient-name-with-zero-width-space", lambda d: subject(d).update(name="Ada\u200bLovelace"),
     [("hidden-character", at('"name": "Ada'))]),
    ("recipient-name-of-10000-characters", lambda d: subject(d).update(name="A" * 10_000),
     [("too-long", at('"name": "AAAA'))]),
    ("evidence-narrative-with-rlo", lambda d: d["evidence"][0].update(narrative="Built \u202eti"),
     [("hidden-character", at('"narrative": "Built'))]),
    ("evidence-name-on-two-lines", lambda d: d["evidence"][0].update(name="Evidence\n1"),
     [("hidden-character", at('"name": "Evidence'))]),
    ("recipient-name-as-a-list", lambda d: subject(d).update(name=["Ada Lovelace", "Staff Engineer, Globex"]),
     [("award-content", at('"name": ['))]),
    ("valid-until-before-valid-from", lambda d: d.update(validUntil="2020-01-01T00:00:00Z"),
     [("award-dates", at('"validUntil"'))]),
    ("evidence-javascript-url", lambda d: d["evidence"][0].update(id="javascript:alert(1)"),
     [("non-https-url", at('"id": "javascript:'))]),
    ("evidence-http-url", lambda d: d["evidence"][0].update(id="http://ex.example/ada"),
     [("non-https-url", at('"id": "http://ex.example'))]),
]


@pytest.mark.parametrize("mutate, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_signed_award_departing_from_the_files(registry: Path, mutate: Callable[[dict[str, Any]], None],
                                               expected: list[tuple[str, Line]]) -> None:
    path = award(registry)
    resign(path, mutate)
    rel, text = path.relative_to(registry).as_posix(), path.read_text()
    found = [(p.code, p.file, p.line) for p in check_registry(registry).problems]
    assert found == [(code, rel, line(text)) for code, line in expected]


def test_an_award_of_an_expiring_badge_cannot_drop_its_expiry(registry: Path) -> None:
    badge_file = registry / BADGE / "badge.yaml"
    badge_file.write_text(badge_file.read_text() + "validity:\n  months: 12\n")
    path = award(registry)
    assert check_registry(registry).problems == ()
    resign(path, lambda d: d.pop("validUntil"))
    found = [(p.code, p.file, p.line, p.message) for p in check_registry(registry).problems]
    assert found == [("award-content", path.relative_to(registry).as_posix(), line_of(path.read_text(), '"validFrom"'),
                      f"the award has no validUntil, but {BADGE}/badge.yaml says awards expire after 12 months")]


def test_an_award_made_by_credreg_award_checks_clean(registry: Path) -> None:
    award(registry)
    assert check_registry(registry).problems == ()


def test_an_award_at_an_older_rubric_version_is_rebuilt_at_that_version(registry: Path) -> None:
    old = json.loads(award(registry).read_text())
    assert achievement(old)["version"] == "1" and len(achievement(old)["resultDescription"]) == 3
    award(registry, results={"quality": "good", "style": "good", "docs": "good"}, rubric_version=None)
    assert check_registry(registry).problems == ()


def test_an_award_without_name_and_evidence_checks_clean(registry: Path) -> None:
    award(registry, name=None, evidence=())
    assert check_registry(registry).problems == ()


def test_profile_fields_must_equal_todays_issuer_yaml(registry: Path) -> None:
    path = award(registry)
    issuer_yaml = registry / "issuers/acme/issuer.yaml"
    issuer_yaml.write_text(issuer_yaml.read_text().replace("url: https://acme.example/", "url: https://acme.example/new/"))
    problems = check_registry(registry).problems
    assert [(p.code, p.file) for p in problems] == [("award-content", path.relative_to(registry).as_posix())]
    assert problems[0].message == ("issuer.url is 'https://acme.example/' in the award, but issuers/acme/issuer.yaml "
                                   "says 'https://acme.example/new/'")


def test_messages_name_the_path_the_file_and_both_values(registry: Path) -> None:
    path = award(registry)
    resign(path, lambda d: achievement(d).update(name="Advanced Python"))
    (problem,) = check_registry(registry).problems
    assert problem.message == ("credentialSubject.achievement.name is 'Advanced Python' in the award, but "
                               "credentials/acme/intro-python/badge.yaml says 'Intro to Python'")
    assert problem.hint == ("awards must be made with `credreg award` from the reviewed files; "
                            "revoke this one and award again")


def test_hidden_characters_are_shown_escaped(registry: Path) -> None:
    path = award(registry)
    resign(path, lambda d: d["issuer"].update(name="Acme\u202e Training"))
    (problem,) = check_registry(registry).problems
    assert "\u202e" not in problem.message and "'Acme\\u202e Training'" in problem.message


def test_a_plain_email_identity_is_named_by_its_expected_form(registry: Path) -> None:
    path = award(registry)
    resign(path, lambda d: subject(d)["identifier"][0].update(identityHash="ada@example.net", hashed=False))
    (problem,) = check_registry(registry).problems
    assert problem.message == ("credentialSubject.identifier.0.identityHash is 'ada@example.net' in the award, "
                               "but `credreg award` writes a sha256$ hash of the email")


def test_below_threshold_says_the_points(registry: Path) -> None:
    path = award(registry)
    resign(path, set_results(("quality", "fair"), ("style", "fair"), total="3"))
    (problem,) = check_registry(registry).problems
    assert problem.message == ("these results total 3 points; rubric v1 needs 6 to pass "
                               "(credentials/acme/intro-python/rubrics/v1.yaml)")


def test_content_is_not_reported_when_the_signature_already_fails(registry: Path) -> None:
    path = award(registry)
    path.write_text(path.read_text().replace('"name": "Intro to Python"', '"name": "Advanced Python"'))
    assert sorted(p.code for p in check_registry(registry).problems) == ["award-signature"] * 2


@pytest.mark.parametrize("details, message", [
    ({"name": "Ada \u202eecalevoL"},
     "--name: credentialSubject.name contains the hidden character U+202E RIGHT-TO-LEFT OVERRIDE at position 5"),
    ({"name": "A" * 121}, "--name: credentialSubject.name is longer than the limit of 120"),
    ({"evidence": ("https://ex.example/\u200b",)},
     "--evidence: evidence.0.id contains the hidden character U+200B ZERO WIDTH SPACE at position 20"),
], ids=["name-with-rlo", "name-too-long", "evidence-with-zero-width-space"])
def test_credreg_award_refuses_text_the_check_would_refuse(registry: Path, details: dict[str, Any],
                                                           message: str) -> None:
    with pytest.raises(CredregError) as info:
        award(registry, **details)
    assert info.value.message == message
    assert not list(registry.glob("credentials/*/*/awards/*.json"))


# Hostile shapes the signer may refuse to canonicalize, checked on the document itself: findings, never a
# traceback. (id, change, codes the existing checks give that shape, codes the content rules add)
def signed_file(registry: Path, path: Path, document: dict[str, Any]) -> SignedFile:
    """An award file (written to `path`) as the load stage gives it to the verify stage."""
    source = path.relative_to(registry).as_posix()
    raw = json.dumps(document).encode()
    path.write_bytes(raw)
    place = classify(source)
    assert place is not None
    return SignedFile(place, load_json(raw, source), hashlib.sha256(raw).digest(), registry)


HOSTILE: list[tuple[str, Callable[[dict[str, Any]], None], set[str], set[str]]] = [
    ("subject-is-a-list", lambda d: d.update(credentialSubject=[1, 2]), {"award-badge"}, {"award-content"}),
    ("results-are-text", lambda d: subject(d).update(result="all good"), set(), {"award-results"}),
    ("result-entries-are-numbers", lambda d: subject(d).update(result=[1, 2, 3]), set(), {"award-results"}),
    ("result-description-is-a-list", lambda d: subject(d)["result"][0].update(resultDescription=[V1]), set(),
     {"award-results"}),
    ("name-is-a-list", lambda d: subject(d).update(name=["Ada", "\u202e"]), set(), {"award-content", "hidden-character"}),
    ("evidence-is-an-object", lambda d: d.update(evidence={"narrative": "x" * 20_000}), set(),
     {"award-content", "too-long"}),
    ("issuer-is-a-string", lambda d: d.update(issuer="did:web:registry.test:issuers:acme"), set(), {"award-content"}),
    ("version-is-huge", lambda d: achievement(d).update(version="9" * 5000), {"award-rubric"}, set()),
    ("status-is-a-list", lambda d: d.update(credentialStatus=[d["credentialStatus"]]), {"award-status"}, set()),
    ("valid-from-is-a-number", lambda d: d.update(validFrom=5), {"award-dates"}, set()),
    ("hashed-is-one", lambda d: subject(d)["identifier"][0].update(hashed=1), set(), {"award-content"}),
    ("huge-key", lambda d: d.update({"k\u202e" * 5000: "v"}), set(), {"award-content"}),
    ("huge-evidence-key", lambda d: d["evidence"][0].update({"k\u202e" * 5000: "v"}), set(),
     {"hidden-character", "too-long"}),
]


@pytest.mark.parametrize("mutate, reported, codes", [c[1:] for c in HOSTILE], ids=[c[0] for c in HOSTILE])
def test_hostile_shapes_give_findings_not_tracebacks(registry: Path, mutate: Callable[[dict[str, Any]], None],
                                                     reported: set[str], codes: set[str]) -> None:
    path = award(registry)
    document = json.loads(path.read_text())
    mutate(document)
    ctx = issue.open_registry(registry, fixture_signing_key("acme"), NOW)
    hostile = signed_file(registry, path, document)
    findings = award_content_findings(hostile, ctx.registry.badges["acme/intro-python"], ctx.issuer, ctx.urls,
                                      reported)
    assert {f.code for f in findings} == codes
    assert all(f.message and f.hint and len(f.message) < 600 and f.message.isprintable() for f in findings)


HOSTILE_VALUES: list[Any] = [None, 0, -1, True, 1.5, "", "\u202e", "9" * 5000, "x" * 20_000, [], {}, [None], {"": []},
                             ["\u200b"], {"name": {"name": "\u202e"}}, [[[]]]]


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(value, dict):
        for key, item in value.items():
            found += _nodes(item, path + (key,))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _nodes(item, path + (index,))
    return found


@pytest.mark.parametrize("seed", range(8))
def test_any_value_anywhere_gives_findings_not_tracebacks(registry: Path, seed: int) -> None:
    path = award(registry)
    pristine = json.loads(path.read_text())
    ctx = issue.open_registry(registry, fixture_signing_key("acme"), NOW)
    badge = ctx.registry.badges["acme/intro-python"]
    rng = random.Random(seed)
    nodes = [n for n in _nodes(pristine) if n and n[0] != "proof"]
    for _ in range(60):
        document = json.loads(json.dumps(pristine))
        where = rng.choice(nodes)
        parent = document
        for part in where[:-1]:
            parent = parent[part]
        parent[where[-1]] = rng.choice(HOSTILE_VALUES)
        hostile = signed_file(registry, path, document)
        for reported in (set(), {"award-id", "award-issuer", "award-badge", "award-rubric", "award-dates",
                                 "award-status"}):
            for finding in award_content_findings(hostile, badge, ctx.issuer, ctx.urls, reported):
                assert finding.message.isprintable() and len(finding.message) < 600 and finding.hint
