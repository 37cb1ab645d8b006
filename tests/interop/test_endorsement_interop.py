"""Interoperability of endorsements: 1EdTech's JSON Schemas, Digital Bazaar's verifier and signer.

credreg's endorsements validate against the official EndorsementCredential schema and an award embedding
one against the AchievementCredential schema (with jsonschema itself, not credreg's wrapper); Digital
Bazaar's verifier (tests/interop/verify.mjs, pinned npm packages) accepts every proof of an endorsement and
of an award that embeds one, and refuses them once the rubric-version scope is changed; and `credreg verify`
accepts an EndorsementCredential that Digital Bazaar's libraries signed (tests/interop/sign.mjs).
"""
from __future__ import annotations

import copy
import hashlib
import json
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from endorsement_support import COUNCIL, SIGNED, endorse_for, endorsement_registry, unsigned
from support import INTEROP, NODE_TIMEOUT, REPO, NodeResult, award_for, context_documents, run_verify

from registry.check import check_registry
from registry.cli import main
from registry.did import did_document
from registry.ob3.endorsement import RUBRIC_VERSIONS
from registry.urls import SiteUrls

SCHEMAS = REPO / "registry" / "schemas" / "ob-v3p0"
AWARDED = datetime(2026, 3, 1, 10, 0, tzinfo=timezone.utc)
VERIFY_AT = "2026-06-01T00:00:00Z"
COUNCIL_DID = "did:web:registry.test:issuers:council"


@dataclass(frozen=True)
class Endorsed:
    root: Path
    endorsement: dict[str, Any]  # the council's endorsement of acme/intro-python, as written
    issuer_endorsement: dict[str, Any]  # the council's endorsement of acme the issuer
    award: dict[str, Any]  # an award of acme/intro-python that embeds the first one
    documents: dict[str, Any]  # URL / DID → JSON the JS verifier may load


def _read(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def endorsed(tmp_path_factory: pytest.TempPathFactory) -> Endorsed:
    base = tmp_path_factory.mktemp("endorsement-interop")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("CREDREG_CACHE_DIR", str(base / "cache"))
        root = endorsement_registry(base / "registry")
        endorsement = endorse_for(root, "acme/intro-python")
        of_issuer = endorse_for(root, "acme", seed=8)
        award = award_for(root, AWARDED, results={"quality": "good"})
        checked = check_registry(root, use_cache=False)
    assert checked.problems == () and checked.registry is not None
    urls = SiteUrls.parse("https://registry.test/")
    documents = context_documents()
    for issuer in ("acme", COUNCIL):
        documents[urls.did_document(issuer)] = did_document(checked.registry.issuers[issuer], urls)
        documents[urls.status_list(issuer, 1)] = _read(root / f"credentials/{issuer}/status/1.json")
    signed = _read(award)
    assert [e["id"] for e in signed["credentialSubject"]["achievement"]["endorsement"]] == [_read(endorsement)["id"]]
    return Endorsed(root, _read(endorsement), _read(of_issuer), signed, documents)


def _schema_errors(document: dict[str, Any], schema_file: str) -> list[str]:
    schema = json.loads((SCHEMAS / schema_file).read_text(encoding="utf-8"))
    validator = jsonschema.validators.validator_for(schema)(schema)
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in validator.iter_errors(document)]


# --- 1EdTech's JSON Schemas -----------------------------------------------------------------------------------------

def test_endorsements_match_the_endorsement_credential_schema(endorsed: Endorsed) -> None:
    assert _schema_errors(endorsed.endorsement, "endorsementcredential.json") == []
    assert _schema_errors(endorsed.issuer_endorsement, "endorsementcredential.json") == []


def test_an_award_embedding_one_matches_the_achievement_credential_schema(endorsed: Endorsed) -> None:
    assert _schema_errors(endorsed.award, "achievementcredential.json") == []


def test_the_schema_sees_the_embedded_endorsement(endorsed: Endorsed) -> None:
    """The AchievementCredential schema checks what is embedded: an endorsement without its type is refused."""
    award = copy.deepcopy(endorsed.award)
    award["credentialSubject"]["achievement"]["endorsement"][0]["type"] = ["VerifiableCredential"]
    errors = _schema_errors(award, "achievementcredential.json")
    assert errors and all(e.startswith("credentialSubject/achievement/endorsement/0/type") for e in errors), errors


# --- Digital Bazaar's verifier --------------------------------------------------------------------------------------

def _every_proof_verified(credential: dict[str, Any], result: NodeResult) -> None:
    out = result.output
    assert result.returncode == 0 and out["verified"] is True and out["dbVerified"] is True, result.describe()
    assert sorted(r["cryptosuite"] for r in out["results"]) == sorted(p["cryptosuite"] for p in credential["proof"])
    assert all(r["verified"] and r["purposeValid"] for r in out["results"]), result.describe()
    assert out["refused"] == [] and out["status"]["revoked"] == [False], result.describe()


@pytest.mark.parametrize("name", ["endorsement", "issuer_endorsement", "award"])
def test_digitalbazaar_verifies_every_proof(name: str, node: str, endorsed: Endorsed) -> None:
    credential = getattr(endorsed, name)
    assert [p["cryptosuite"] for p in credential["proof"]] == ["eddsa-rdfc-2022", "eddsa-jcs-2022"]
    _every_proof_verified(credential, run_verify(node, credential, endorsed.documents, VERIFY_AT))


def test_digitalbazaar_verifies_the_endorsement_an_award_carries(node: str, endorsed: Endorsed) -> None:
    """Taken out of the award, the embedded endorsement is still the endorser's signed credential."""
    carried = endorsed.award["credentialSubject"]["achievement"]["endorsement"][0]
    assert carried == endorsed.endorsement and carried["@context"] == endorsed.award["@context"]
    _every_proof_verified(carried, run_verify(node, carried, endorsed.documents, VERIFY_AT))


def _scope_widened(credential: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(credential)
    changed["credentialSubject"][RUBRIC_VERSIONS] = ["1", "2"]
    return changed


def _embedded_scope_widened(credential: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(credential)
    changed["credentialSubject"]["achievement"]["endorsement"][0] = _scope_widened(
        changed["credentialSubject"]["achievement"]["endorsement"][0])
    return changed


@pytest.mark.parametrize("name, tamper", [("endorsement", _scope_widened), ("award", _embedded_scope_widened)],
                         ids=["endorsement scope", "scope of the endorsement an award embeds"])
def test_digitalbazaar_refuses_a_widened_scope_in_both_suites(name: str, tamper: Any, node: str,
                                                               endorsed: Endorsed) -> None:
    """The rubric versions are signed by both proofs, RDF canonicalization too (the key is an absolute IRI, so
    JSON-LD keeps it): each proof fails on its own."""
    result = run_verify(node, tamper(getattr(endorsed, name)), endorsed.documents, VERIFY_AT)
    assert result.returncode == 1 and result.output["dbVerified"] is False, result.describe()
    assert [r["verified"] for r in result.output["results"]] == [False, False], result.describe()


# --- Digital Bazaar's signer, credreg's verifier --------------------------------------------------------------------

def _db_signed(node: str, document: dict[str, Any], suite: str) -> dict[str, Any]:
    """`document` signed by sign.mjs with the council's fixture key (its seed is public: test use only)."""
    job = {"suite": suite, "document": document, "created": "2026-02-01T09:00:00Z",
           "key": {"type": "Ed25519", "seed": hashlib.sha256(f"credreg-test:{COUNCIL}:key-1".encode()).hexdigest()},
           "controller": COUNCIL_DID, "verificationMethod": f"{COUNCIL_DID}#key-1", "documents": context_documents()}
    proc = subprocess.run([node, str(INTEROP / "sign.mjs")], input=json.dumps(job), cwd=INTEROP, capture_output=True,
                          text=True, check=False, timeout=NODE_TIMEOUT)
    out = json.loads(proc.stdout)
    assert proc.returncode == 0 and out["error"] is None, proc.stderr
    return out["signed"]


def test_credreg_verifies_an_endorsement_digitalbazaar_signed(node: str, endorsed: Endorsed, tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    document = unsigned(endorsed.root / f"credentials/{COUNCIL}/endorsements/"
                        f"{endorsed.endorsement['id'].rsplit('/', 1)[1]}")
    signed = _db_signed(node, _db_signed(node, document, "eddsa-rdfc-2022"), "eddsa-jcs-2022")
    assert [p["cryptosuite"] for p in signed["proof"]] == ["eddsa-rdfc-2022", "eddsa-jcs-2022"]
    # Ed25519 is deterministic: the same key over the same canonical form gives credreg's own proof value
    assert signed["proof"][0]["proofValue"] == endorsed.endorsement["proof"][0]["proofValue"]
    file = tmp_path / "endorsement.json"
    file.write_text(json.dumps(signed), encoding="utf-8")
    code = main(["verify", str(file), "--root", str(endorsed.root), "--offline", "--now", VERIFY_AT])
    out = capsys.readouterr().out
    assert code == 0, out
    assert f"[PASS] proof 1 (eddsa-rdfc-2022): signature verified with {COUNCIL_DID}#key-1" in out
    assert f"[PASS] proof 2 (eddsa-jcs-2022): signature verified with {COUNCIL_DID}#key-1" in out
    assert "[PASS] format: VC 2.0 VerifiableCredential, EndorsementCredential (OB context 3.0.3)" in out
    assert out.rstrip().endswith("=> VALID: genuine and current: the signature, the issuer, the status and the dates "
                                 "all check out")


def test_credreg_refuses_a_digitalbazaar_signed_endorsement_once_changed(node: str, endorsed: Endorsed,
                                                                         tmp_path: Path,
                                                                         capsys: pytest.CaptureFixture[str]) -> None:
    signed = _scope_widened(_db_signed(node, unsigned_of(endorsed), "eddsa-rdfc-2022"))
    file = tmp_path / "endorsement.json"
    file.write_text(json.dumps(signed), encoding="utf-8")
    code = main(["verify", str(file), "--root", str(endorsed.root), "--offline", "--now", VERIFY_AT])
    out = capsys.readouterr().out
    assert code != 0 and "[FAIL] proof 1 (eddsa-rdfc-2022)" in out, out


def unsigned_of(endorsed: Endorsed) -> dict[str, Any]:
    return {k: v for k, v in endorsed.endorsement.items() if k != "proof"}


def test_the_fixture_endorsement_was_signed_when_it_says(endorsed: Endorsed) -> None:
    assert {p["created"] for p in endorsed.endorsement["proof"]} == {SIGNED.strftime("%Y-%m-%dT%H:%M:%SZ")}
