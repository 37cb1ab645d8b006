"""Imitation names: the looser name key, containment, and registry.yaml's accepted exceptions, down to
what `credreg check` reports. (Hidden characters, scripts and skeletons are in test_names.py.)"""
from __future__ import annotations

import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from support import RUBRIC, SVG, badge_yaml, fixture_key, issuer_yaml

from registry.check import check_registry
from registry.errors import Severity
from registry.validate import names as N
from registry.validate.lookalikes import AcceptedPairs, NameIndex, name_key, resembling
from registry.validate.names import (
    casefold_key,
    find_lookalikes,
    skeleton,
)

# --- imitation names: the looser name key, containment, and registry.yaml's accepted exceptions -------------

SAME, DIFFERENT = "same", "different"

NAME_KEYS = [
    pytest.param("Sprintwise Official", "Sprintwise", DIFFERENT, id="longer-name-is-not-equal"),
    pytest.param("SPRINTWISE.", "Sprintwise", SAME, id="case-and-trailing-dot"),
    pytest.param("Sprint-wise", "Sprintwise", SAME, id="inner-hyphen"),
    pytest.param("Sprintwise\u2122", "Sprintwise", SAME, id="trade-mark-sign-is-not-tm"),
    pytest.param("Sprintwise\u00ae", "Sprintwise", SAME, id="registered-sign"),
    pytest.param("S\u0307printwise", "Sprintwise", SAME, id="combining-dot-above"),
    pytest.param("\u1e60printwise", "Sprintwise", SAME, id="precomposed-dot-above"),
    pytest.param("S p r i n t w i s e", "Sprintwise", SAME, id="spaced-letters"),
    pytest.param("\uff33\uff50\uff52\uff49\uff4e\uff54\uff57\uff49\uff53\uff45", "Sprintwise", SAME, id="fullwidth"),
    pytest.param("Sprintw\u0131se", "Sprintwise", SAME, id="dotless-i"),
    pytest.param("Spr\u0456ntwise", "Sprintwise", SAME, id="cyrillic-i"),
    pytest.param("Sprint\u200bwise", "Sprintwise", SAME, id="zero-width-space"),
    pytest.param("Sprint\u00adwise", "Sprintwise", SAME, id="soft-hyphen"),
    pytest.param("\u00abSprintwise\u00bb", "Sprintwise", SAME, id="quotation-marks"),
    pytest.param("Z\u00fcrich Tech", "Zurich Tech", SAME, id="umlaut-dropped"),
    pytest.param("Nordic Design", "NordicDesign", SAME, id="space-dropped"),
    pytest.param("Sprint Academy", "Sprintwise", DIFFERENT, id="sprint-academy"),
    pytest.param("Northwise", "Sprintwise", DIFFERENT, id="northwise"),
    pytest.param("Springwise", "Sprintwise", DIFFERENT, id="one-letter-apart"),
    pytest.param("Sprintwise 2", "Sprintwise", DIFFERENT, id="digit-is-kept"),
    pytest.param("\u0915\u0932\u093e", "\u0915\u093e\u0932\u093e", DIFFERENT, id="devanagari-vowel-signs-kept"),
    pytest.param("\u30ac\u30e9\u30b9", "\u30ab\u30e9\u30b9", DIFFERENT, id="kana-voicing-mark-kept"),
    pytest.param("\u6771\u4eac\u5b66\u6821", "\u5927\u962a\u5b66\u6821", DIFFERENT, id="han-names"),
]


@pytest.mark.parametrize(("name", "other", "expected"), NAME_KEYS)
def test_name_key(name: str, other: str, expected: str) -> None:
    assert (name_key(name) == name_key(other)) is (expected == SAME)


def test_name_key_keeps_only_letters_and_digits() -> None:
    assert name_key("S\u0307printwise") == name_key("Sprintwise") == N.skeleton("sprintwise")
    assert name_key("  \u2014 \u2122 \u00a9 ") == ""
    assert all(unicodedata.category(c)[0] in "LN" for c in name_key("Caf\u00e9 \u2014 D\u00e9sign & Co. 42!"))


def test_resembling_without_exceptions_is_find_lookalikes() -> None:
    names = {"nordic": "Nordic Design Academy", "fake": "Nordic Design Acaderny", "upper": "NORDIC DESIGN ACADEMY",
             "greek": "N\u03bfrdic Design Academy", "other": "Nordic Design Academic"}
    assert resembling(names, skeleton, casefold_key) == find_lookalikes(names)


def test_resembling_skips_accepted_pairs_but_finds_another_partner() -> None:
    names = {"a": "Sprintwise", "b": "Sprint-wise", "c": "SPRINTWISE.", "d": "Sprint wise"}
    assert resembling(names, name_key, skeleton) == [("a", "b"), ("a", "c"), ("a", "d")]
    accepted = AcceptedPairs.of([("a", "b"), ("a", "c"), ("b", "c")])
    assert resembling(names, name_key, skeleton, accepted) == [("a", "d")]
    accepted = AcceptedPairs.of([("c", "a"), ("c", "b")])  # order in a pair does not matter
    assert resembling(names, name_key, skeleton, accepted) == [("a", "b"), ("a", "d")]


def test_accepted_pairs() -> None:
    accepted = AcceptedPairs.of([("academy", "sprintwise"), ("x", "x")])
    assert accepted.accepts("sprintwise", "academy") and accepted.accepts("academy", "sprintwise")
    assert not accepted.accepts("x", "x") and accepted.partners("x") == frozenset()
    assert accepted.most_per_id() == 1 and AcceptedPairs().most_per_id() == 0


def test_name_index_finds_contained_names() -> None:
    keys = {iid: name_key(name) for iid, name in
            {"sprintwise": "Sprintwise", "ai": "Ai", "lab": "Lab", "sprint": "Sprint", "open": "Open Skills"}.items()}
    index = NameIndex(keys)
    assert index.contained_in(name_key("Sprintwise Official")) == ["sprint", "sprintwise"]
    assert index.contained_in(name_key("Sprintwise Official"), exclude={"sprint"}) == ["sprintwise"]
    assert index.contained_in(name_key("Sprintwise"), exclude={"sprintwise"}) == ["sprint"]
    assert index.contained_in(name_key("Sprintwise"), proper=True) == ["sprint"]  # equal keys are left out
    assert index.contained_in(name_key("AI Lab Open Skills")) == ["open"]  # "Ai" and "Lab" are too short
    assert index.contained_in(name_key("Sprint Academy")) == ["sprint"]
    assert index.contained_in(name_key("Northwise")) == []


def test_name_index_is_linear_on_a_flood() -> None:
    keys = {f"k{i}": "a" * (4 + i % 100) + f"{i:05d}" for i in range(5000)} | {"x": "aaaa"}
    index = NameIndex(keys)
    assert all(index.contained_in("a" * 120 + f"{i:05d}") [:1] == ["x"] for i in range(5000))
    assert index.contained_in("a" * 200, limit=3) == ["x"]


SPRINTWISE = "issuers/sprintwise/issuer.yaml"
IMITATOR = "issuers/the-real-sprintwise/issuer.yaml"  # sorts after SPRINTWISE: pair problems go to the later file
ACADEMY = "issuers/sprintwise-academy/issuer.yaml"
OFFICIAL = "issuers/sprintwise-official/issuer.yaml"
INTRO = "credentials/acme/intro-python/badge.yaml"
DEV = "credentials/acme/python-developer/badge.yaml"
REGISTRY_YAML = "registry.yaml"
WARNINGS = {"contains-issuer-name"}

Files = dict[str, str | bytes | None]


def issuer(iid: str, name: str) -> Files:
    """An issuer profile named `name` (written as a YAML double-quoted string) and its logo."""
    text = issuer_yaml(f"Issuer {iid}", fixture_key(iid)).replace(f"name: Issuer {iid}", f"name: {json.dumps(name)}", 1)
    return {f"issuers/{iid}/issuer.yaml": text, f"issuers/{iid}/logo.svg": SVG}


def badge(key: str, name: str) -> Files:
    """A badge class `issuer/badge` named `name`, with its image and rubric."""
    return {f"credentials/{key}/badge.yaml": badge_yaml(name), f"credentials/{key}/badge.svg": SVG,
            f"credentials/{key}/rubrics/v1.yaml": RUBRIC}


def exceptions(*pairs: tuple[str, str]) -> Files:
    entries = "".join(f"  - issuer: {a}\n    resembles: {b}\n    reason: \"Confirmed by the registry maintainers.\"\n"
                      for a, b in pairs)
    return {REGISTRY_YAML: "# Decisions of the registry maintainers.\nnameExceptions:\n" + entries}


def imitation(name: str) -> Files:
    return issuer("sprintwise", "Sprintwise") | issuer("the-real-sprintwise", name)


ACADEMY_BESIDE_OFFICIAL = (issuer("sprintwise", "Sprintwise") | issuer("sprintwise-academy", "Sprintwise Academy")
                           | issuer("sprintwise-official", "Sprintwise Official")
                           | badge("sprintwise-academy/react", "Sprintwise Academy React"))

# (id, changes, [(code, file, line), ...]): the complete list of problems `credreg check` must report.
IMITATIONS: list[tuple[str, Files, list[tuple[str, str, int]]]] = [
    ("sprintwise-official", imitation("Sprintwise Official"), [("contains-issuer-name", IMITATOR, 1)]),
    ("official-sprintwise-hq", imitation("Official SprintwiseHQ"), [("contains-issuer-name", IMITATOR, 1)]),
    ("upper-case-with-dot", imitation("SPRINTWISE."), [("name-variant", IMITATOR, 1)]),
    ("hyphenated", imitation("Sprint-wise"), [("name-variant", IMITATOR, 1)]),
    ("trade-mark-sign", imitation("Sprintwise\u2122"), [("name-variant", IMITATOR, 1)]),
    ("combining-dot-above", imitation("S\u0307printwise"), [("name-variant", IMITATOR, 1)]),
    ("spaced-letters", imitation("S p r i n t w i s e"), [("name-variant", IMITATOR, 1)]),
    ("fullwidth", imitation("\uff33\uff50\uff52\uff49\uff4e\uff54\uff57\uff49\uff53\uff45"),
     [("name-collision", IMITATOR, 1)]),
    ("dotless-i", imitation("Sprintw\u0131se"), [("confusable-name", IMITATOR, 1)]),
    ("cyrillic-i", imitation("Spr\u0456ntwise"), [("confusable-name", IMITATOR, 1), ("mixed-script", IMITATOR, 1)]),
    ("variant-blames-the-later-file", issuer("sprintwise", "Sprintwise") | issuer("sprintwise-x", "Sprint-wise"),
     [("name-variant", SPRINTWISE, 1)]),
    ("badge-of-another-issuer", issuer("sprintwise", "Sprintwise")
     | {INTRO: badge_yaml("Intro to Python").replace("name: Intro to Python", "name: Sprintwise-approved React")},
     [("imitates-issuer", INTRO, 1)]),
    ("badge-with-issuer-name-variant", issuer("sprintwise", "Sprintwise")
     | {INTRO: badge_yaml("Intro to Python").replace("name: Intro to Python", "name: S.P.R.I.N.T.W.I.S.E React")},
     [("imitates-issuer", INTRO, 1)]),
    ("badge-variant-within-one-issuer", {INTRO: badge_yaml("Python-Developer")}, [("name-variant", DEV, 1)]),
    ("badge-name-of-two-issuers", issuer("sprintwise", "Sprintwise") | badge("sprintwise/python", "Python-Developer")
     | badge("sprintwise/intro", "Intro to Python"), []),  # other issuers' badges may share names
    ("symbol-only-badge-names", {INTRO: badge_yaml("\u2b50"), DEV: badge_yaml("\U0001f3c6", "micro-credential")}, []),
    ("sprint-academy", imitation("Sprint Academy"), []),
    ("northwise", imitation("Northwise"), []),
    ("springwise", imitation("Springwise"), []),
    ("short-names", issuer("ai", "Ai") | issuer("ai-lab", "AI Lab") | badge("ai-lab/intro", "AI Basics"), []),
    ("accepted-pair-beside-unaccepted", ACADEMY_BESIDE_OFFICIAL | exceptions(("sprintwise-academy", "sprintwise")),
     [("contains-issuer-name", OFFICIAL, 1)]),
    ("accepted-pair-either-order", ACADEMY_BESIDE_OFFICIAL | exceptions(("sprintwise", "sprintwise-academy"),
                                                                        ("sprintwise-official", "sprintwise")), []),
    ("unaccepted-pair-badge", ACADEMY_BESIDE_OFFICIAL,
     [("contains-issuer-name", ACADEMY, 1), ("contains-issuer-name", OFFICIAL, 1),
      ("imitates-issuer", "credentials/sprintwise-academy/react/badge.yaml", 1)]),
    ("accepted-unrelated-variants", issuer("zuerich-tech", "Z\u00fcrich Tech") | issuer("zurich-tech", "Zurich Tech")
     | exceptions(("zurich-tech", "zuerich-tech")), []),
    ("unaccepted-unrelated-variants", issuer("zuerich-tech", "Z\u00fcrich Tech") | issuer("zurich-tech", "Zurich Tech"),
     [("name-variant", "issuers/zurich-tech/issuer.yaml", 1)]),
    ("accepted-never-hides-mixed-script", imitation("Spr\u0456ntwise") | exceptions(("the-real-sprintwise", "sprintwise")),
     [("mixed-script", IMITATOR, 1)]),
    ("accepted-never-hides-hidden-character", imitation("Sprint\u200bwise")
     | exceptions(("the-real-sprintwise", "sprintwise")), [("hidden-character", IMITATOR, 1)]),
    ("accepted-never-hides-collision", imitation("SPRINTWISE") | exceptions(("the-real-sprintwise", "sprintwise")),
     [("name-collision", IMITATOR, 1)]),
    ("exception-unknown-issuer", ACADEMY_BESIDE_OFFICIAL | exceptions(("sprintwise-academy", "sprintwize")),
     [("dangling-ref", REGISTRY_YAML, 4), ("contains-issuer-name", ACADEMY, 1), ("contains-issuer-name", OFFICIAL, 1),
      ("imitates-issuer", "credentials/sprintwise-academy/react/badge.yaml", 1)]),
    ("exception-with-itself", issuer("sprintwise", "Sprintwise") | exceptions(("sprintwise", "sprintwise")),
     [("bad-ref", REGISTRY_YAML, 4)]),
    ("exception-unknown-field", imitation("Sprintwise Official")
     | {REGISTRY_YAML: "nameExceptions:\n  - issuer: the-real-sprintwise\n    resembles: sprintwise\n"
                       "    reson: Same company.\n"},
     [("missing-field", REGISTRY_YAML, 2), ("unknown-field", REGISTRY_YAML, 4), ("contains-issuer-name", IMITATOR, 1)]),
    ("registry-yaml-unknown-top-field", imitation("Sprintwise Official")
     | {REGISTRY_YAML: "# decisions\nnameException:\n  - issuer: the-real-sprintwise\n"},
     [("unknown-field", REGISTRY_YAML, 2), ("contains-issuer-name", IMITATOR, 1)]),
    ("registry-yaml-wrong-type", {REGISTRY_YAML: "nameExceptions:\n  issuer: acme\n"},
     [("wrong-type", REGISTRY_YAML, 1)]),
    ("registry-yaml-syntax", {REGISTRY_YAML: "nameExceptions: [\n"}, [("yaml-syntax", REGISTRY_YAML, 1)]),
    ("registry-yaml-hidden-character", {REGISTRY_YAML: "nameExceptions:\n  - issuer: acme\n    resembles: globex\n"
                                                       "    reason: \"Same \\u202e owner.\"\n"},
     [("hidden-character", REGISTRY_YAML, 4)]),
    ("registry-yaml-only-comments", {REGISTRY_YAML: "# No decisions yet.\n"}, []),
    ("registry-yaml-empty-list", {REGISTRY_YAML: "nameExceptions: []\n"}, []),
]


@pytest.mark.parametrize("changes, expected", [(c, e) for _, c, e in IMITATIONS], ids=[n for n, _, _ in IMITATIONS])
def test_imitation_names(make_registry: Callable[..., Path], changes: Files,
                         expected: list[tuple[str, str, int]]) -> None:
    result = check_registry(make_registry(changes), use_cache=False)
    found = sorted((p.code, p.file, p.line) for p in result.problems)
    assert found == sorted(expected), "\n".join(f"{p.where()} {p.code}: {p.message}" for p in result.problems)
    assert all(p.severity is (Severity.WARNING if p.code in WARNINGS else Severity.ERROR) for p in result.problems)
    assert all(p.message and p.hint for p in result.problems)
    assert result.failed(strict=True) is bool(expected)
    assert result.failed() is any(code not in WARNINGS for code, _, _ in expected)


def test_accepted_exceptions_reach_the_model(make_registry: Callable[..., Path]) -> None:
    result = check_registry(make_registry(ACADEMY_BESIDE_OFFICIAL | exceptions(("sprintwise-academy", "sprintwise"))),
                            use_cache=False)
    assert result.registry is not None
    assert [(e.issuer, e.resembles) for e in result.registry.decisions.name_exceptions] == [("sprintwise-academy", "sprintwise")]
