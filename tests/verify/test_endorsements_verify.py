"""`credreg verify` on endorsements: a standalone EndorsementCredential says what it endorses, `--recipient` on one
says it has no recipient, and each endorsement an award embeds is verified as its own credential and judged at the
award's date, one step each, never changing the award's own verdict (registry/verify/endorsements.py).

Runs on the example registry's files through the entry and the checkout-answering fetcher the CLI uses. Crafted
awards are signed again with the example issuers' demo keys (their seeds are public), as a malicious issuer would.
"""
from __future__ import annotations

import copy
import hashlib
import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from support import REPO

from registry.check import load_registry
from registry.cli import main
from registry.config import load_site_urls
from registry.crypto.dataintegrity import create_proof
from registry.crypto.multikey import encode_public_key
from registry.verify.endorsements import MAX_EMBEDDED
from registry.verify.identity import KnownIssuer, KnownIssuers
from registry.verify.local import RegistryFiles, registry_fetcher
from registry.verify.report import render_results, verify_sources
from registry.verify.steps import VerificationResult

NOW = datetime(2026, 11, 28, tzinfo=timezone.utc)
SITE = "https://demo.credreg.example/"
OSAC = "credentials/open-skills-accreditation-council/endorsements/"
VALID, EXPIRED, WITHDRAWN, LATER = (f"{OSAC}{i}.json" for i in ("c9aa84e8e53db0cb", "784d25b831256c3f",
                                                                  "8df2af9514b784af", "63ea2fc751706d86"))
VETTED = "credentials/sprintwise/vetted-frontend-developer/awards/07b084089a4b7ad1.json"  # 2026-01-18, embeds VALID
WEB_PERF = "credentials/sprintwise/web-performance/awards/853140508d635450.json"  # 2025-09-21, embeds EXPIRED
JUNIOR = "credentials/northlight-design-school/junior-product-designer/awards/4bf8d5ee9352c259.json"  # embeds WITHDRAWN
CERTIFICATE = "credentials/northlight-design-school/product-design-certificate/awards/5839c53752bd071e.json"
BADGES = f"{SITE}badges/"
VETTED_ID = f"'{BADGES}sprintwise/vetted-frontend-developer/'"
VETTED_NAME = "'Open Skills Accreditation Council accredits Vetted Front-end Developer'"
VETTED_COMMENT = "'Trial-sprint reviews re-marked blind on a sample of 20 awards; 19 agreed within…'"
SPAN = "valid 2025-10-15 → 2027-10-14"
SIGNATURE = "signature does not verify: signature mismatch: the document or proof was changed after signing, or another key signed it"
STANDALONE = ["format", "schema", "issuer", "proof 1 (eddsa-rdfc-2022)", "proof 2 (eddsa-jcs-2022)",
              "status (revocation)", "valid from", "valid until", "endorsed"]


@pytest.fixture(scope="module")
def checkout() -> tuple[Any, KnownIssuers]:
    """The example registry as `credreg verify` sees it inside the checkout: its fetcher and its issuers."""
    loaded = load_registry(REPO)
    assert loaded.registry is not None
    files = RegistryFiles(loaded.registry, loaded.signed, load_site_urls(REPO), loaded.problems)
    known = KnownIssuers.of(KnownIssuer(files.urls.issuer_did(i), issuer.name, f"this registry ({SITE})")
                            for i, issuer in loaded.registry.issuers.items())
    return registry_fetcher(files, {}, allow_network=False), known


def verify(checkout: tuple[Any, KnownIssuers], source: str | Path, recipient: str | None = None) -> VerificationResult:
    fetcher, known = checkout
    (result,) = verify_sources([str(REPO / source)], fetcher, NOW, recipient, known)
    return result


def read(rel: str) -> dict[str, Any]:
    return json.loads((REPO / rel).read_text(encoding="utf-8"))


def demo_key(issuer: str) -> Ed25519PrivateKey:
    """The example registry's demo key of `issuer` (scripts/make_demo_registry.py: a public seed)."""
    return Ed25519PrivateKey.from_private_bytes(hashlib.sha256(f"credreg-demo:{issuer}:key-2025".encode()).digest())


def signed(document: dict[str, Any], key: Ed25519PrivateKey, vm: str, created: str) -> dict[str, Any]:
    document = {k: copy.deepcopy(v) for k, v in document.items() if k != "proof"}
    document["proof"] = [create_proof(document, key, vm, suite, created) for suite in ("eddsa-rdfc-2022", "eddsa-jcs-2022")]
    return document


def vetted_embedding(tmp_path: Path, embedded: Any) -> Path:
    """The VETTED award with `embedded` as its achievement's endorsement, signed again by Sprintwise."""
    award = read(VETTED)
    award["credentialSubject"]["achievement"]["endorsement"] = embedded
    path = tmp_path / "award.json"
    path.write_text(json.dumps(signed(award, demo_key("sprintwise"), award["proof"][0]["verificationMethod"],
                                      award["proof"][0]["created"])), encoding="utf-8")
    return path


def steps_of(result: VerificationResult) -> dict[str, tuple[str, str]]:
    return {s.name: (s.outcome.value, s.detail) for s in result.steps}


# --- standalone endorsements ------------------------------------------------------------------------------

STANDALONE_CASES = {
    "valid": (VALID, None, "valid", {"endorsed": ("pass", f"endorses {VETTED_ID} (rubric version 1): {VETTED_COMMENT}"),
                                     "valid until": ("pass", "valid until 2027-10-14T23:00:00Z")}),
    "expired": (EXPIRED, None, "expired", {"valid until": ("fail", "expired at 2026-01-31T23:00:00Z")}),
    "withdrawn": (WITHDRAWN, None, "revoked", {"status (revocation)": (
        "fail", f"entry 110809 of {SITE}status/open-skills-accreditation-council/1.json is set: the credential is "
        "revoked")}),
    "recipient asked of an endorsement": (VALID, "ada@example.net", "not issued to this email", {"recipient": (
        "fail", f"an EndorsementCredential has no recipient: it endorses {VETTED_ID}, it is not issued to a person; "
        "--recipient checks awards")}),
}


@pytest.mark.parametrize("source, recipient, verdict, expected", STANDALONE_CASES.values(), ids=STANDALONE_CASES)
def test_standalone_endorsement(checkout: Any, source: str, recipient: str | None, verdict: str,
                                expected: dict[str, tuple[str, str]]) -> None:
    result = verify(checkout, source, recipient)
    assert [s.name for s in result.steps] == STANDALONE + (["recipient"] if recipient else [])
    assert result.verdict.value == verdict
    got = steps_of(result)
    assert {name: got[name] for name in expected} == expected


def test_tampered_endorsement_is_invalid(checkout: Any, tmp_path: Path) -> None:
    endorsement = read(VALID)
    endorsement["credentialSubject"]["endorsementComment"] = "Every award re-marked blind; all agreed."
    path = tmp_path / "endorsement.json"
    path.write_text(json.dumps(endorsement), encoding="utf-8")
    result = verify(checkout, path)
    got = steps_of(result)
    assert result.verdict.value == "invalid"
    assert got["proof 1 (eddsa-rdfc-2022)"][0] == got["proof 2 (eddsa-jcs-2022)"][0] == "fail"
    assert got["endorsed"] == ("pass", f"endorses {VETTED_ID} (rubric version 1): 'Every award re-marked blind; all "
                                       "agreed.'")


# --- endorsements embedded in the example registry's awards ---------------------------------------------

EMBEDDED_CASES = {
    "held and current": (VETTED, "valid", (
        "pass", f"{VETTED_NAME}: verified; held on the award date (2026-01-18T11:00:00Z); {SPAN}")),
    "held, expired since": (WEB_PERF, "valid", (
        "pass", "'Open Skills Accreditation Council accredits Web Performance Tuning': verified; held on the award "
        "date (2025-09-21T11:00:00Z); valid 2025-03-10 → 2026-01-31, expired since")),
    "withdrawn after the award": (JUNIOR, "valid", (
        "warning", "'Open Skills Accreditation Council accredits Junior Product Designer': does not hold for this "
        "award: it was withdrawn by its endorser (status (revocation): entry 110809 of "
        f"{SITE}status/open-skills-accreditation-council/1.json is set: the credential is revoked); a status list "
        "does not say since when, so it no longer counts")),
}


@pytest.mark.parametrize("source, verdict, step", EMBEDDED_CASES.values(), ids=EMBEDDED_CASES)
def test_embedded_endorsement_of_an_example_award(checkout: Any, source: str, verdict: str,
                                                  step: tuple[str, str]) -> None:
    result = verify(checkout, source)
    assert result.verdict.value == verdict  # the award's own: an endorsement never changes it
    assert [s.name for s in result.steps][-2:] == ["valid until", "endorsement 1"]
    assert steps_of(result)["endorsement 1"] == step


def test_an_award_embedding_nothing_has_no_endorsement_step(checkout: Any) -> None:
    """The product design certificate's awards of 2026-03 predate its accreditation and embed nothing."""
    assert not [s for s in verify(checkout, CERTIFICATE).steps if s.name.startswith("endorsement")]


# --- crafted awards: what a malicious issuer could embed ------------------------------------------------

def _other_issuer_endorsement() -> dict[str, Any]:
    """VALID re-issued by a did:key nobody binds, calling itself the Council."""
    private = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"credreg-endorse-tests:did-key").digest())
    multikey = encode_public_key(private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
    endorsement = read(VALID)
    del endorsement["credentialStatus"]
    endorsement["issuer"] = {"id": f"did:key:{multikey}", "type": ["Profile"], "name": "Open Skills Accreditation Council"}
    return signed(endorsement, private, f"did:key:{multikey}#{multikey}", "2025-10-15T08:00:00Z")


def _self_endorsement() -> dict[str, Any]:
    """VALID issued by Sprintwise itself, about its own badge, signed with its real (demo) key."""
    endorsement = read(VALID)
    del endorsement["credentialStatus"]
    endorsement["issuer"] = read(VETTED)["issuer"]
    return signed(endorsement, demo_key("sprintwise"), "did:web:demo.credreg.example:issuers:sprintwise#key-2025",
                  "2025-10-15T08:00:00Z")


def _tampered() -> dict[str, Any]:
    endorsement = read(VALID)
    endorsement["credentialSubject"]["endorsementComment"] = "Every award re-marked blind; all agreed."
    return endorsement


NOT_HOLDING = f"{VETTED_NAME}: does not hold for this award: "
CRAFTED = {
    "tampered": (lambda: [_tampered()], NOT_HOLDING + "proof 1 (eddsa-rdfc-2022): eddsa-rdfc-2022 " + SIGNATURE),
    "another achievement's": (lambda: [read(EXPIRED)],
                              "'Open Skills Accreditation Council accredits Web Performance Tuning': does not hold for "
                              f"this award: it is about '{BADGES}sprintwise/web-performance/', not this achievement "
                              f"({VETTED_ID})"),
    "another badge's, starting after the award": (lambda: [read(LATER)], "'Open Skills Accreditation Council accredits Product Design "
                               "Certificate': does not hold for this award: it is about "
                               f"'{BADGES}northlight-design-school/product-design-certificate/', not this achievement "
                               f"({VETTED_ID})"),
    "unbound issuer imitating the endorser": (
        lambda: [_other_issuer_endorsement()],
        NOT_HOLDING + "issuer: did:key:"),
    "the award's own issuer": (lambda: [_self_endorsement()],
                               NOT_HOLDING + "its issuer is the award's own issuer: an issuer cannot endorse its own "
                               "badge"),
    "not an object": (lambda: ["https://demo.credreg.example/endorsements/c9aa84e8e53db0cb.json"],
                      "not a credential object ('https://demo.credreg.example/endorsements/c9aa84e8e53db0cb.json'): "
                      "it does not hold"),
    "an award, not an endorsement": (lambda: [read(VETTED)], "'Vetted Front-end Developer': does not hold for this "
                                     "award: it is not an EndorsementCredential"),
}


# The award's own schema (OB 3.0 wants EndorsementCredential objects there) refuses these awards: they are
# malformed as awards, which the award's own steps say; the endorsement step still says why the item does not hold.
SCHEMA_REFUSES = {"not an object", "an award, not an endorsement"}


@pytest.mark.parametrize("name", CRAFTED)
def test_crafted_embedded_endorsement_does_not_hold(checkout: Any, tmp_path: Path, name: str) -> None:
    embedded, detail = CRAFTED[name]
    result = verify(checkout, vetted_embedding(tmp_path, embedded()))
    schema = steps_of(result)["schema"][0]
    if name in SCHEMA_REFUSES:
        assert (result.verdict.value, schema) == ("invalid", "fail")
    else:  # an embedded endorsement never decides the award's own verdict
        assert (result.verdict.value, schema) == ("valid", "pass")
    endorsement_steps = [(s.name, s.outcome.value) for s in result.steps if s.name.startswith("endorsement")]
    assert endorsement_steps == [("endorsement 1", "warning")]  # an award inside is not followed for its own
    assert steps_of(result)["endorsement 1"][1].startswith(detail)
    if name.startswith("unbound issuer"):
        assert "is not bound to this registry or any trust list given" in steps_of(result)["endorsement 1"][1]
        assert "imitating 'Open Skills Accreditation Council'" in steps_of(result)["endorsement 1"][1]


def test_the_award_date_decides(checkout: Any, tmp_path: Path) -> None:
    """LATER embedded in a product design certificate award of 2026-03-05 it did not yet cover."""
    award = read(CERTIFICATE)
    award["credentialSubject"]["achievement"]["endorsement"] = [read(LATER)]
    path = tmp_path / "award.json"
    path.write_text(json.dumps(signed(award, demo_key("northlight-design-school"),
                                      award["proof"][0]["verificationMethod"], award["proof"][0]["created"])))
    result = verify(checkout, path)
    assert result.verdict.value == "valid"
    assert steps_of(result)["endorsement 1"] == (
        "warning", "'Open Skills Accreditation Council accredits Product Design Certificate': does not hold for this "
        "award: it starts 2026-04-01T08:00:00Z, after this award (2026-03-05T10:00:00Z)")


def test_the_rubric_version_decides(checkout: Any, tmp_path: Path) -> None:
    """The VETTED award re-issued as assessed on rubric version 2: the accreditation covers version 1 only."""
    award = read(VETTED)
    award["credentialSubject"]["achievement"]["version"] = "2"
    path = tmp_path / "award.json"
    path.write_text(json.dumps(signed(award, demo_key("sprintwise"), award["proof"][0]["verificationMethod"],
                                      award["proof"][0]["created"])))
    result = verify(checkout, path)
    assert result.verdict.value == "valid"
    assert steps_of(result)["endorsement 1"] == (
        "warning", f"{NOT_HOLDING}it covers rubric version(s) '1', not '2' that this award was assessed on "
        "(achievement.version)")


def test_at_most_a_bounded_number_are_verified(checkout: Any, tmp_path: Path) -> None:
    result = verify(checkout, vetted_embedding(tmp_path, [read(VALID)] * (MAX_EMBEDDED + 3)))
    named = [(s.name, s.outcome.value) for s in result.steps if s.name.startswith("endorsement")]
    assert named == [(f"endorsement {n}", "pass") for n in range(1, MAX_EMBEDDED + 1)] + [("endorsements", "warning")]
    assert steps_of(result)["endorsements"][1] == (f"3 more embedded endorsement(s) not checked: at most {MAX_EMBEDDED} "
                                                   "are verified per credential")
    assert result.verdict.value == "valid"


# --- how the result reads ----------------------------------------------------------------------------------

def test_the_verdict_says_which_endorsement_does_not_hold(checkout: Any) -> None:
    text = render_results([verify(checkout, JUNIOR)], "text").splitlines()
    assert text[-2:] == [
        "  => VALID: genuine and current: the signature, the issuer, the status and the dates all check out",
        "     but endorsement 1 does not hold (1 of 1 embedded; the award's own verdict stands)"]
    held = render_results([verify(checkout, VETTED)], "text").splitlines()
    assert held[-1].startswith("  => VALID") and held[-2].startswith("  [PASS] endorsement 1: ")


def test_json_lists_each_endorsement(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["verify", "--root", str(REPO), "--offline", "--now", "2026-11-28T00:00:00Z", "--format", "json",
                 str(REPO / JUNIOR), str(REPO / VETTED), str(REPO / VALID)])
    results = json.loads(capsys.readouterr().out)["results"]
    assert code == 0
    assert [(r["verdict"], r.get("endorsements"), r.get("endorsementNote")) for r in results] == [
        ("valid", [{"step": "endorsement 1", "holds": False}],
         "endorsement 1 does not hold (1 of 1 embedded; the award's own verdict stands)"),
        ("valid", [{"step": "endorsement 1", "holds": True}], ""),
        ("valid", None, None)]


def test_hosted_url_of_an_endorsement_is_answered_by_the_checkout(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["verify", "--root", str(REPO), "--offline", "--now", "2026-11-28T00:00:00Z",
                 f"{SITE}endorsements/c9aa84e8e53db0cb.json", f"{SITE}endorsements/0000000000000000.json"])
    out = capsys.readouterr().out
    assert code == 1
    assert f"  [PASS] endorsed: endorses {VETTED_ID} (rubric version 1): {VETTED_COMMENT}" in out
    assert f"  [????] load: {SITE}endorsements/0000000000000000.json is not in this registry" in out
