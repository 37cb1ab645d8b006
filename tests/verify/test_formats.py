"""The format step: VC 2.0 or VC 1.1 read from the content, the OB context version, the types; and every
hostile variant (unpublished OB versions, both VC contexts, look-alike types, the other generation's dates)
with the exact outcome and the words of its detail."""
from __future__ import annotations

import copy
from typing import Any

import pytest
from support import foreign_credential

from registry.ob3.formats import lookalike_of, read_format
from registry.verify.shape import format_step
from registry.verify.steps import Outcome

VC1 = "https://www.w3.org/2018/credentials/v1"
VC2 = "https://www.w3.org/ns/credentials/v2"
OB = "https://purl.imsglobal.org/spec/ob/v3p0/"


def vc2() -> dict[str, Any]:
    """A VC 2.0 OB 3.0.3 credential (unsigned: the format step reads no proof)."""
    return foreign_credential("did:web:issuer.example")


def vc1(ob: str = "context-3.0.2.json") -> dict[str, Any]:
    """The same credential in VC 1.1 form: VC 1.1 context, an OB context of that era, issuanceDate."""
    doc = vc2()
    doc["@context"] = [VC1, OB + ob, OB + "extensions.json"]
    doc["issuanceDate"] = doc.pop("validFrom")
    return doc


def edit(doc: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """`doc` with top-level fields replaced (a value of None removes the field)."""
    doc = copy.deepcopy(doc)
    for key, value in changes.items():
        key = {"context": "@context"}.get(key, key)
        if value is None:
            doc.pop(key, None)
        else:
            doc[key] = value
    return doc


TYPES = ["VerifiableCredential", "OpenBadgeCredential"]
# name, credential, outcome, words the detail must hold
CASES: list[tuple[str, dict[str, Any], Outcome, str]] = [
    ("vc2-ob-3.0.3", vc2(), Outcome.PASS, "VC 2.0 VerifiableCredential, OpenBadgeCredential (OB context 3.0.3)"),
    ("vc1-ob-3.0.0", vc1("context.json"), Outcome.PASS, "VC 1.1 VerifiableCredential, OpenBadgeCredential (OB context 3.0.0)"),
    ("vc1-ob-3.0.1", vc1("context-3.0.1.json"), Outcome.PASS, "VC 1.1 VerifiableCredential, OpenBadgeCredential (OB context 3.0.1)"),
    ("vc1-ob-3.0.2", vc1(), Outcome.PASS, "(OB context 3.0.2)"),
    ("vc1-ob-3.0.3-as-the-dcc-wallet-issues", vc1("context-3.0.3.json"), Outcome.PASS, "VC 1.1 VerifiableCredential, "
     "OpenBadgeCredential (OB context 3.0.3)"),
    ("vc2-achievement-credential", edit(vc2(), type=["VerifiableCredential", "AchievementCredential"]), Outcome.PASS,
     "VC 2.0 VerifiableCredential, AchievementCredential"),
    ("vc2-endorsement", edit(vc2(), type=["VerifiableCredential", "EndorsementCredential"]), Outcome.PASS,
     "VC 2.0 VerifiableCredential, EndorsementCredential"),
    ("vc1-context-as-a-string", edit(vc1(), context=VC1), Outcome.PASS, "VC 1.1 VerifiableCredential, OpenBadgeCredential"),
    ("plain-vc-without-ob-context", edit(vc2(), context=[VC2], type=["VerifiableCredential"]), Outcome.PASS,
     "VC 2.0 VerifiableCredential"),
    ("vc1-validFrom-equal-to-issuanceDate", edit(vc1(), validFrom="2026-01-01T00:00:00Z"), Outcome.PASS, "VC 1.1"),
    # the other generation's date fields: said, and what applies
    ("vc2-with-issuanceDate-only", edit(vc2(), validFrom=None, issuanceDate="2026-01-01T00:00:00Z"), Outcome.WARN,
     "issuanceDate is a VC 1.1 field that VC 2.0 does not define; it applies as validFrom is missing"),
    ("vc2-with-both-start-fields", edit(vc2(), issuanceDate="2020-01-01T00:00:00Z"), Outcome.WARN,
     "issuanceDate is a VC 1.1 field that VC 2.0 does not define; validFrom applies"),
    ("vc2-with-expirationDate", edit(vc2(), expirationDate="2020-01-01T00:00:00Z"), Outcome.WARN,
     "expirationDate is a VC 1.1 field that VC 2.0 does not define; it applies as validUntil is missing"),
    ("vc1-validFrom-and-issuanceDate-differ", edit(vc1(), validFrom="2030-01-01T00:00:00Z"), Outcome.WARN,
     "validFrom and issuanceDate differ; validFrom applies"),
    ("vc1-validUntil-and-expirationDate-differ", edit(vc1(), validUntil="2099-01-01T00:00:00Z",
                                                      expirationDate="2021-01-01T00:00:00Z"), Outcome.WARN,
     "validUntil and expirationDate differ; validUntil applies"),
    # refused
    ("first-context-not-vc", edit(vc2(), context=[OB + "context-3.0.3.json", VC2]), Outcome.FAIL,
     "the first @context is not the W3C Verifiable Credentials context (VC 2.0 or VC 1.1)"),
    ("no-context", edit(vc2(), context=None), Outcome.FAIL, "the first @context is not the W3C Verifiable Credentials"),
    ("empty-context-list", edit(vc2(), context=[]), Outcome.FAIL, "the first @context is not the W3C"),
    ("inline-context-first", edit(vc2(), context=[{"@vocab": "https://evil.example/"}, VC2]), Outcome.FAIL,
     "the first @context is not the W3C"),
    ("http-vc-context", edit(vc2(), context=["http://www.w3.org/ns/credentials/v2", OB + "context-3.0.3.json"]),
     Outcome.FAIL, "the first @context is not the W3C"),
    ("vc-context-with-trailing-slash", edit(vc2(), context=[VC2 + "/", OB + "context-3.0.3.json"]), Outcome.FAIL,
     "the first @context is not the W3C"),
    ("both-vc-contexts", edit(vc1(), context=[VC1, VC2, OB + "context-3.0.3.json"]), Outcome.FAIL,
     "@context names both the VC 1.1 and the VC 2.0 context"),
    ("unpublished-ob-version", edit(vc2(), context=[VC2, OB + "context-3.0.9.json"]), Outcome.FAIL,
     "JSON-LD context 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.9.json' is not bundled with credreg: it is "
     "not a published Open Badges 3.0 context version (credreg never fetches contexts)"),
    ("ob-context-lookalike-path", edit(vc2(), context=[VC2, OB + "context-3.0.3.json?x=1"]), Outcome.FAIL,
     "is not bundled with credreg"),
    ("two-ob-versions", edit(vc2(), context=[VC2, OB + "context-3.0.3.json", OB + "context-3.0.2.json"]), Outcome.FAIL,
     "@context names 2 Open Badges context versions (3.0.2, 3.0.3); a credential uses one"),
    ("no-verifiable-credential-type", edit(vc2(), type=["OpenBadgeCredential"]), Outcome.FAIL,
     "type does not include VerifiableCredential"),
    ("type-not-a-list-or-string", edit(vc2(), type={"0": "VerifiableCredential"}), Outcome.FAIL,
     "type does not include VerifiableCredential"),
    # look-alike types: a reader cannot tell them from the real ones
    ("type-capital-i-for-l", edit(vc2(), type=["VerifiableCredential", "OpenBadgeCredentiaI"]), Outcome.FAIL,
     "type 'OpenBadgeCredentiaI' looks like OpenBadgeCredential but is not it"),
    ("type-cyrillic-o", edit(vc2(), type=["VerifiableCredential", "\u041epenBadgeCredential"]), Outcome.FAIL,
     "looks like OpenBadgeCredential but is not it"),
    ("type-zero-width-space", edit(vc2(), type=["VerifiableCredential", "OpenBadge\u200bCredential"]), Outcome.FAIL,
     "type 'OpenBadge\\u200bCredential' looks like OpenBadgeCredential"),
    ("type-trailing-space", edit(vc2(), type=["VerifiableCredential", "OpenBadgeCredential "]), Outcome.FAIL,
     "looks like OpenBadgeCredential"),
    ("type-lower-case", edit(vc2(), type=["VerifiableCredential", "openbadgecredential"]), Outcome.FAIL,
     "looks like OpenBadgeCredential"),
    ("type-full-width", edit(vc2(), type=["VerifiableCredential", "\uff2fpenBadgeCredential"]), Outcome.FAIL,
     "looks like OpenBadgeCredential"),
    ("type-combining-accent", edit(vc2(), type=["VerifiableCredential", "Endorseme\u0301ntCredential"]), Outcome.FAIL,
     "looks like EndorsementCredential"),
    ("type-digit-zero", edit(vc2(), type=["VerifiableCredential", "AchievementCredential", "0penBadgeCredential"]),
     Outcome.FAIL, "looks like OpenBadgeCredential"),
    ("type-verifiable-lookalike-beside-the-real-one", edit(vc2(), type=["VerifiableCredential", "VerifiabIeCredential",
                                                                        "OpenBadgeCredential"]),
     Outcome.FAIL, "looks like VerifiableCredential"),
    ("many-problems-are-counted", edit(vc2(), type=["VerifiableCredential"] + [f"OpenBadgeCredentia{c}" for c in "IΙ1|"]
                                      + ["ОpenBadgeCredential"] * 1000), Outcome.FAIL,
     "looks like OpenBadgeCredential but is not it; and 999 more"),
    ("every-problem-is-named", edit(vc2(), context=[VC2, OB + "context-3.0.9.json"], type=["OpenBadgeCredentiaI"]),
     Outcome.FAIL, "is not bundled with credreg: it is not a published Open Badges 3.0 context version (credreg never "
     "fetches contexts); type does not include VerifiableCredential; type 'OpenBadgeCredentiaI' looks like"),
]


@pytest.mark.parametrize("credential, outcome, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_format_step(credential: dict[str, Any], outcome: Outcome, words: str) -> None:
    step = format_step(credential)
    assert (step.name, step.outcome) == ("format", outcome)
    assert words in step.detail


def test_other_types_are_listed_and_not_lookalikes() -> None:
    step = format_step(edit(vc2(), type=[*TYPES, "ExtraCredential", "MyOpenBadge"]))
    assert (step.outcome, step.detail) == (Outcome.PASS, "VC 2.0 VerifiableCredential, OpenBadgeCredential, "
                                                         "ExtraCredential, MyOpenBadge (OB context 3.0.3)")


def test_a_huge_type_list_gives_a_bounded_detail() -> None:
    step = format_step(edit(vc2(), type=[*TYPES] + [f"Type{i}" for i in range(10_000)]))
    assert step.outcome is Outcome.PASS
    assert step.detail.endswith("and 9994 more (OB context 3.0.3)") and len(step.detail) < 300


def test_hostile_type_text_is_shown_printable_and_cut() -> None:
    step = format_step(edit(vc2(), type=[*TYPES, "A\x1b[31mB\u202e" + "x" * 500]))
    assert step.outcome is Outcome.PASS
    assert "\x1b" not in step.detail and "\u202e" not in step.detail and "A\\x1b[31mB\\u202e" in step.detail
    assert len(step.detail) < 300


@pytest.mark.parametrize("value, imitated", [
    ("OpenBadgeCredential", None), ("VerifiableCredential", None), ("OpenBadgeCredentials", None),
    ("Open-Badge-Credential", None), ("OpenBadgeCredentiaI", "OpenBadgeCredential"),
    ("ΑchievementCredential", "AchievementCredential"), ("EndorsementCredentia1", "EndorsementCredential"),
    ("\u2060VerifiableCredential", "VerifiableCredential"),
], ids=["exact", "exact-vc", "plural", "hyphens", "capital-i", "greek-alpha", "digit-one", "word-joiner"])
def test_lookalike_of(value: str, imitated: str | None) -> None:
    assert lookalike_of(value) == imitated


def test_read_format_facts() -> None:
    found = read_format(vc1("context-3.0.1.json"))
    assert (found.vc, found.ob_version, found.types, found.problems, found.warnings) == (
        "VC 1.1", "3.0.1", ("VerifiableCredential", "OpenBadgeCredential"), (), ())
    assert found.ob_types == ("OpenBadgeCredential",)
