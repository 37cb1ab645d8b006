"""The check of endorsement files refuses every hostile endorsement, even one whose signature holds.

Each case edits the unsigned document of a real endorsement and signs it again with the endorser's real
key (`registry.keys.sign.sign`), so only the registry's rule can refuse it; the test asserts every error
the check reports: code, file, line and message.
"""
from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from endorsement_support import (COUNCIL, PARTNER, SIGNED, endorse_for, endorsement_registry, errors, resign,
                                 unsigned)
from support import award_for

from registry.check import check_registry
from registry.ob3.endorsement import RUBRIC_VERSIONS as RV

FILE = "credentials/council/endorsements/f2a74de452e6b438.json"  # the council's endorsement of acme/intro-python
PARTNER_FILE = "credentials/globex/endorsements/9cfbac6e7687a66e.json"  # globex's of acme/python-developer
AWARD = datetime(2026, 1, 5, 10, 0, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A registry with an accreditor's endorsement, a partner's, and an award of the partner's own."""
    root = endorsement_registry(tmp_path_factory.mktemp("endorsements") / "registry")
    award_for(root, AWARD, badge="globex/data-basics", seed=3, results={"quality": "good"})
    endorse_for(root, "acme/intro-python")
    endorse_for(root, "acme/python-developer", endorser=PARTNER, seed=9)
    assert sorted(p.relative_to(root).as_posix() for p in root.glob("credentials/*/endorsements/*")) == \
        sorted([FILE, PARTNER_FILE])
    return root


def _subject(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def edit(doc: dict[str, Any]) -> None:
        if value is None:
            doc["credentialSubject"].pop(key)
        else:
            doc["credentialSubject"][key] = value
    return edit


def _top(key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda doc: doc.__setitem__(key, value)


def _context(doc: dict[str, Any]) -> None:
    doc["@context"].append({"endorsementComment": "https://evil.test/comment"})


def _issuer_subject_with_versions(doc: dict[str, Any]) -> None:
    doc["credentialSubject"]["id"] = "did:web:registry.test:issuers:acme"
    doc["name"] = "Council Accreditation accredits Acme Training"


def _status_index(value: str) -> Callable[[dict[str, Any]], None]:
    def edit(doc: dict[str, Any]) -> None:
        entry = doc["credentialStatus"]
        entry["statusListIndex"], entry["id"] = value, f"{entry['statusListCredential']}#{value}"
    return edit


def _status_list(url: str) -> Callable[[dict[str, Any]], None]:
    def edit(doc: dict[str, Any]) -> None:
        entry = doc["credentialStatus"]
        entry["statusListCredential"], entry["id"] = url, f"{url}#{entry['statusListIndex']}"
    return edit


@dataclass(frozen=True)
class Case:
    """A hostile edit of the council's endorsement, re-signed by the council at `signed` (default: when it was
    signed), and every error the check must report: (line, code, message) in FILE."""

    name: str
    edit: Callable[[dict[str, Any]], None]
    expected: list[tuple[int, str, str]]
    signed: datetime = SIGNED


OTHER_ID = "https://registry.test/endorsements/other.json"
EXPECTED_ID = "https://registry.test/endorsements/f2a74de452e6b438.json"
NOT_EXIST = "it covers rubric v9 of acme/intro-python, which does not exist (versions: v1, v2)"
MUST_LIST = f'credentialSubject.{RV} must list the rubric versions it covers, like ["2"]'

CASES = [
    Case("an id that is not its URL", _top("id", OTHER_ID),
         [(7, "endorsement-id", f"id is {OTHER_ID!r}, expected {EXPECTED_ID!r}")]),
    Case("not an EndorsementCredential", _top("type", ["VerifiableCredential"]),
         [(0, "endorsement-schema", "does not match the OB 3.0 schema: type: ['VerifiableCredential'] does not "
           "contain items matching the given schema"),
          (8, "endorsement-content", "type.1 is missing from the endorsement, but the registry's files give "
           "'EndorsementCredential'")]),
    Case("a badge class of another registry", _subject("id", "https://other.test/badges/acme/intro-python/"),
         [(29, "endorsement-subject", "it endorses 'https://other.test/badges/acme/intro-python/', which is no "
           "badge class or issuer of this registry")]),
    Case("a made-up badge class URL", _subject("id", "https://registry.test/badges/acme/nope/"),
         [(29, "endorsement-subject", "it endorses 'https://registry.test/badges/acme/nope/', which is no badge "
           "class or issuer of this registry")]),
    Case("the endorser itself", _subject("id", "did:web:registry.test:issuers:council"),
         [(12, "endorsement-content", "name is 'Council Accreditation accredits Intro to Python' in the endorsement, "
           "but the registry's files give 'Council Accreditation accredits Council Accreditation'"),
          (29, "self-endorsement", "'council' endorses its own council")]),
    Case("a badge class that has not accepted the endorser",
         _subject("id", "https://registry.test/badges/globex/data-basics/"),
         [(12, "endorsement-content", "name is 'Council Accreditation accredits Intro to Python' in the "
           "endorsement, but the registry's files give 'Council Accreditation accredits Data Basics'"),
          (29, "endorsement-not-accepted", "'globex' has not accepted endorsements from 'council': "
           "credentials/globex/data-basics/badge.yaml does not list it in acceptsEndorsementFrom"),
          (35, "endorsement-scope", "it covers rubric v2 of globex/data-basics, which does not exist (versions: "
           "v1)")]),
    Case("no scope", _subject(RV, None),
         [(28, "endorsement-content", f"credentialSubject.{RV} is missing from the endorsement, but the "
           "registry's files give null"),
          (28, "endorsement-scope", MUST_LIST)]),
    Case("an empty scope", _subject(RV, []), [(34, "endorsement-scope", MUST_LIST)]),
    Case("a scope that is no version", _subject(RV, ["abc"]), [(34, "endorsement-scope", MUST_LIST)]),
    Case("a version that does not exist", _subject(RV, ["1", "9"]),
         [(36, "endorsement-scope", NOT_EXIST)]),
    Case("an issuer subject with rubric versions", _issuer_subject_with_versions,
         [(34, "endorsement-content", f'credentialSubject.{RV} is in the endorsement (["2"]), but `credreg endorse` '
           "never writes it")]),
    Case("reaching back before it was signed", _top("validFrom", "2026-01-01T00:00:00Z"),
         [(26, "endorsement-dates", "validFrom 2026-01-01T00:00:00Z is before the endorsement was signed "
           "(2026-02-01T09:00:00Z): an endorsement cannot reach back to earlier awards")]),
    Case("ending before it starts", _top("validUntil", "2026-01-15T00:00:00Z"),
         [(51, "endorsement-dates", "validUntil 2026-01-15T00:00:00Z is not after validFrom 2026-02-01T09:00:00Z")]),
    Case("an awardedDate that is not its proofs' created", _top("awardedDate", "2026-01-31T09:00:00Z"),
         [(27, "endorsement-dates", "awardedDate 2026-01-31T09:00:00Z is not when its proofs were made "
           "(2026-02-01T09:00:00Z)")]),
    Case("another endorser's name", _top("name", "Globex Academy accredits Intro to Python"),
         [(12, "endorsement-content", "name is 'Globex Academy accredits Intro to Python' in the endorsement, but "
           "the registry's files give 'Council Accreditation accredits Intro to Python'")]),
    Case("another endorser's profile", lambda d: d["issuer"].__setitem__("name", "Globex Academy"),
         [(18, "endorsement-content", "issuer.name is 'Globex Academy' in the endorsement, but the registry's "
           "files give 'Council Accreditation'")]),
    Case("an extra field", _top("description", "extra"),
         [(51, "endorsement-content", "description is in the endorsement ('extra'), but `credreg endorse` never "
           "writes it")]),
    Case("an inline @context object", _context,
         [(6, "endorsement-content", '@context.3 is in the endorsement ({"endorsementComment": '
           '"https://evil.test/comment"}), but `credreg endorse` never writes it')]),
    Case("a suspension entry on the revocation list", lambda d: d["credentialStatus"].__setitem__(
        "statusPurpose", "suspension"),
         [(47, "endorsement-content", "credentialStatus.statusPurpose is 'suspension' in the endorsement, but the "
           "registry's files give 'revocation'")]),
    Case("a status index outside the list", _status_index("99999999"),
         [(48, "award-status", "statusListIndex 99999999 is outside its status list (0..131071): `credreg revoke` "
           "could never revoke it")]),
    Case("another issuer's status list", _status_list("https://registry.test/status/acme/1.json"),
         [(44, "award-status", "credentialStatus does not point at https://registry.test/status/council/1.json")]),
    Case("a rubric version listed twice", _subject(RV, ["2", "2"]),
         [(36, "endorsement-content", f"credentialSubject.{RV}.1 is in the endorsement ('2'), but `credreg endorse` "
           "never writes it")]),
    Case("a rubric version with a leading zero", _subject(RV, ["02"]),
         [(35, "endorsement-content", f"credentialSubject.{RV}.0 is '02' in the endorsement, but the registry's "
           "files give '2'")]),
    Case("rubric versions as numbers", _subject(RV, [2]), [(34, "endorsement-scope", MUST_LIST)]),
    Case("a hidden character in the comment", _subject("endorsementComment", "Fine.\u202e"),
         [(33, "hidden-character", "credentialSubject.endorsementComment contains the hidden character U+202E "
           "RIGHT-TO-LEFT OVERRIDE at position 6")]),
    Case("an empty comment", _subject("endorsementComment", "  "),
         [(28, "endorsement-content", "credentialSubject.endorsementComment is missing or empty")]),
]


def _copy(base: Path, tmp_path: Path) -> Path:
    root = tmp_path / "registry"
    shutil.copytree(base, root)
    return root


def _errors(root: Path, cache: Path) -> list[tuple[str, int, str, str]]:
    return [(p.file, p.line, p.code, p.message) for p in errors(check_registry(root, cache_dir=cache, workers=1))]


def test_the_base_registry_checks_clean(base: Path, check_cache: Path) -> None:
    result = check_registry(base, cache_dir=check_cache, workers=1)
    assert errors(result) == [] and result.registry is not None
    assert sorted(e.subject for e in result.registry.endorsements.values()) == ["acme/intro-python",
                                                                                "acme/python-developer"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_a_resigned_hostile_endorsement_is_refused(case: Case, base: Path, tmp_path: Path, check_cache: Path) -> None:
    root = _copy(base, tmp_path)
    resign(root / FILE, case.edit, COUNCIL, case.signed)
    assert _errors(root, check_cache) == [(FILE, line, code, message) for line, code, message in case.expected]


def test_a_status_index_shared_with_an_award_is_refused(base: Path, tmp_path: Path, check_cache: Path) -> None:
    """globex's endorsement takes the status entry of globex's own award: withdrawing one would revoke both."""
    root = _copy(base, tmp_path)
    award = next(root.glob("credentials/globex/data-basics/awards/*.json"))
    taken = unsigned(award)["credentialStatus"]

    def share(doc: dict[str, Any]) -> None:
        doc["credentialStatus"] = taken
    resign(root / PARTNER_FILE, share, PARTNER, SIGNED)
    rel = award.relative_to(root).as_posix()
    index = taken["statusListIndex"]
    assert _errors(root, check_cache) == [
        (PARTNER_FILE, 48, "duplicate-status-index", f"status index {index} is also used by {rel}")]


def test_a_key_not_yet_valid_is_refused(base: Path, tmp_path: Path, check_cache: Path) -> None:
    """Signed (all its dates too) in 2024 with a key valid from 2025: award-key, nothing else."""
    root = _copy(base, tmp_path)
    early = datetime(2024, 6, 1, tzinfo=timezone.utc)

    def back(doc: dict[str, Any]) -> None:
        doc["validFrom"] = doc["awardedDate"] = "2024-06-01T00:00:00Z"
    resign(root / FILE, back, COUNCIL, early)
    assert _errors(root, check_cache) == [
        (FILE, line, "award-key", f"proof {n} was made at 2024-06-01T00:00:00Z with key 'key-1', which was not "
         "valid then") for n, line in ((1, 55), (2, 63))]


def test_a_retired_key_is_refused(base: Path, tmp_path: Path, check_cache: Path) -> None:
    """The council retires key-1 before the endorsement was signed: the endorsement no longer stands."""
    root = _copy(base, tmp_path)
    path = root / "issuers/council/issuer.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        '    validFrom: "2025-01-01T00:00:00Z"\n',
        '    validFrom: "2025-01-01T00:00:00Z"\n    validUntil: "2026-01-15T00:00:00Z"\n'),
        encoding="utf-8")
    found = _errors(root, check_cache)
    assert [(f, line, code) for f, line, code, _ in found if f == FILE] == [(FILE, 55, "award-key"),
                                                                             (FILE, 63, "award-key")], found
    assert [m for f, _, _, m in found if f == FILE] == [
        f"proof {n} was made at 2026-02-01T09:00:00Z with key 'key-1', which was not valid then" for n in (1, 2)]


def test_an_endorsement_changed_after_signing_is_refused(base: Path, tmp_path: Path, check_cache: Path) -> None:
    root = _copy(base, tmp_path)
    path = root / FILE
    path.write_text(path.read_text(encoding="utf-8").replace("re-marked blind", "re-marked"), encoding="utf-8")
    mismatch = ("does not verify: signature mismatch: the document or proof was changed after signing, or another "
                "key signed it")
    assert _errors(root, check_cache) == [(FILE, 52, "award-signature", f"proof 1 (eddsa-rdfc-2022) {mismatch}"),
                                          (FILE, 60, "award-signature", f"proof 2 (eddsa-jcs-2022) {mismatch}")]


def test_another_issuer_signing_under_the_endorsers_folder_is_refused(base: Path, tmp_path: Path,
                                                                      check_cache: Path) -> None:
    """globex signs an endorsement and files it under the council's folder, to borrow the Accredited label."""
    root = _copy(base, tmp_path)
    resign(root / FILE, lambda doc: None, PARTNER, SIGNED)
    assert [(line, code) for f, line, code, _ in _errors(root, check_cache) if f == FILE] == [(56, "award-key"),
                                                                                             (64, "award-key")]
    doc = json.loads((root / FILE).read_text(encoding="utf-8"))
    assert doc["proof"][0]["verificationMethod"] == "did:web:registry.test:issuers:globex#key-1"


# --- an attacker's second look -------------------------------------------------------------------------------------

def _drop_acceptance(root: Path) -> None:
    path = root / "credentials/acme/intro-python/badge.yaml"
    text = path.read_text(encoding="utf-8")
    assert f"acceptsEndorsementFrom: [{COUNCIL}]\n" in text
    path.write_text(text.replace(f"acceptsEndorsementFrom: [{COUNCIL}]\n", ""), encoding="utf-8")


def test_acceptance_removed_while_the_endorsement_stands_is_refused(base: Path, tmp_path: Path,
                                                                    check_cache: Path) -> None:
    """acme stops accepting the council but the council's endorsement still stands: the check refuses it and
    says how out (the council withdraws it); the endorsement file itself is history and stays."""
    root = _copy(base, tmp_path)
    _drop_acceptance(root)
    found = errors(check_registry(root, cache_dir=check_cache, workers=1))
    assert [(p.file, p.line, p.code, p.message, p.hint) for p in found] == [
        (FILE, 29, "endorsement-not-accepted", "'acme' has not accepted endorsements from 'council': "
         "credentials/acme/intro-python/badge.yaml does not list it in acceptsEndorsementFrom",
         "ask acme to add `acceptsEndorsementFrom: [council]` to credentials/acme/intro-python/badge.yaml; if it no "
         "longer accepts it, council first withdraws the endorsement (`credreg revoke f2a74de452e6b438`), which "
         "stays as history for the awards that carry it")]


def test_acceptance_removed_after_the_withdrawal_checks_clean(base: Path, tmp_path: Path, check_cache: Path) -> None:
    """Withdrawn first, then no longer accepted: the awards that carried it while it held still pass, and no
    award can embed it after its withdrawal."""
    from registry.award import issue
    from endorsement_support import context
    root = _copy(base, tmp_path)
    during = datetime(2026, 3, 1, 10, 0, tzinfo=timezone.utc)
    carrying = award_for(root, during, results={"quality": "good"}, seed=21)
    assert "f2a74de452e6b438" in carrying.read_text(encoding="utf-8")
    withdrawn = datetime(2026, 4, 1, tzinfo=timezone.utc)
    issue.revoke(context(root, COUNCIL, withdrawn), "f2a74de452e6b438", "acme asked to end it.", withdrawn)
    _drop_acceptance(root)
    result = check_registry(root, cache_dir=check_cache, workers=1)
    assert errors(result) == [] and result.registry is not None
    assert result.registry.label("acme/intro-python", during, 2).text == "Accredited"
    assert result.registry.label("acme/intro-python", withdrawn, 2).text == "In-house"
    assert result.registry.awards[carrying.stem].endorsements == ("f2a74de452e6b438",)


def test_a_partner_cannot_name_itself_an_accreditor(base: Path, tmp_path: Path, check_cache: Path) -> None:
    """globex (a training provider) re-signs its co-branding endorsement saying it 'accredits': refused, and the
    label stays Co-branded (computed from the endorser's kind, never from the endorsement's words)."""
    root = _copy(base, tmp_path)
    resign(root / PARTNER_FILE, _top("name", "Globex Academy accredits Python Developer"), PARTNER, SIGNED)
    assert _errors(root, check_cache) == [
        (PARTNER_FILE, 12, "endorsement-content", "name is 'Globex Academy accredits Python Developer' in the "
         "endorsement, but the registry's files give 'Globex Academy endorses Python Developer'")]
    result = check_registry(base, cache_dir=check_cache, workers=1)
    assert result.registry is not None
    assert result.registry.label("acme/python-developer", datetime(2026, 3, 1, tzinfo=timezone.utc)).text == \
        "Co-branded"


def test_an_endorsement_named_after_an_award_is_refused(base: Path, tmp_path: Path, check_cache: Path) -> None:
    """The council files its endorsement under the id of globex's award: a revocation of that award would then
    read as the endorsement's withdrawal, and `credreg revoke` by the council finds the award, not its own."""
    root = _copy(base, tmp_path)
    award = next(root.glob("credentials/globex/data-basics/awards/*.json")).stem
    moved = (root / FILE).rename(root / f"credentials/council/endorsements/{award}.json")
    resign(moved, _top("id", f"https://registry.test/endorsements/{award}.json"), COUNCIL, SIGNED)
    found = errors(check_registry(root, cache_dir=check_cache, workers=1))
    assert [(p.code, p.message) for p in found] == [
        ("duplicate-id", f"credential id {award!r} is also used by credentials/council/endorsements/{award}.json")]
