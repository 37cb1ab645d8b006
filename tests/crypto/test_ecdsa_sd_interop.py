"""ecdsa-sd-2023 against an independent implementation: Digital Bazaar's cryptosuite (tests/interop/sign-sd.mjs,
pinned in tests/interop/package.json) signs base proofs and derives selective disclosures at test time, with a
fresh P-256 key each run; credreg must verify every derivation and refuse every edit of one."""
from __future__ import annotations

import copy
import json
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from support import INTEROP, NODE_TIMEOUT, context_documents

from registry.crypto.base58 import b58decode
from registry.crypto.dataintegrity import SIGNATURE_MISMATCH
from registry.crypto.ecdsa_sd import verify_derived_proof
from registry.crypto.ecdsa_sd_cbor import BASE_PROOF

VC2 = "https://www.w3.org/ns/credentials/v2"
OB3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
VC1 = "https://www.w3.org/2018/credentials/v1"
OB_MANDATORY = ["/issuer", "/validFrom", "/credentialSubject/achievement/id", "/credentialSubject/achievement/name"]


def open_badge(**extra: Any) -> dict[str, Any]:
    """An Open Badges 3.0 credential on VC 2.0 whose issuer becomes the signing key's did:key."""
    return {
        "@context": [VC2, OB3],
        "id": "urn:uuid:6a1b8f3e-2c2d-4f0e-9a51-0c1d2e3f4a5b",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": "did:key:set-by-the-signer", "type": ["Profile"], "name": "Example Training"},
        "validFrom": "2026-01-10T09:00:00Z",
        "name": "Intro to Python",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "identityHash": "sha256$" + "0" * 64,
                            "identityType": "emailAddress", "hashed": True, "salt": "pepper"}],
            "achievement": {
                "id": "https://registry.test/badges/acme/intro-python/", "type": ["Achievement"],
                "name": "Intro to Python", "description": "Wrote and tested a small Python package.",
                "criteria": {"narrative": "Pass the final project."}}},
        **extra,
    }


def vc11_badge() -> dict[str, Any]:
    """The same badge on VC 1.1 (issuanceDate), as older issuers sign it."""
    badge = open_badge()
    badge["@context"] = [VC1, OB3]
    badge["issuanceDate"] = badge.pop("validFrom")
    return badge


def windsurf() -> dict[str, Any]:
    """Arrays of look-alike blank nodes, as in the W3C vector: the label map must keep them apart. (Each array has
    two entries or more: Digital Bazaar selects pointers in the compacted form, where one entry is no array.)"""
    return {
        "@context": [VC2, {"@vocab": "https://windsurf.grotto-networking.com/selective#"}],
        "type": ["VerifiableCredential"], "issuer": "https://vc.example/windsurf/racecommittee",
        "credentialSubject": {
            "sailNumber": "Earth101",
            "sails": [{"size": 5.5, "sailName": "Kihei", "year": 2023}, {"size": 6.1, "sailName": "Lahaina",
                                                                         "year": 2023},
                      {"size": 7.0, "sailName": "Lahaina", "year": 2020}],
            "boards": [{"boardName": "CompFoil170", "brand": "Wailea", "year": 2022},
                       {"boardName": "Kanaha Custom", "brand": "Wailea", "year": 2019}]}}


@dataclass(frozen=True)
class Job:
    name: str
    document: dict[str, Any]
    mandatory: list[str]
    selective: list[str]
    verification_method: str | None = None
    set_issuer: bool = True
    expect_keys: list[str] = field(default_factory=list)  # top-level keys the derived document must keep


JOBS = [
    Job("ob3 on vc2, name disclosed", open_badge(), OB_MANDATORY, ["/name"], expect_keys=["name"]),
    Job("ob3 on vc2, mandatory only", open_badge(), OB_MANDATORY, []),
    Job("ob3 on vc2, everything disclosed", open_badge(), OB_MANDATORY,
        ["/name", "/credentialSubject/identifier", "/credentialSubject/achievement/description",
         "/credentialSubject/achievement/criteria"]),
    Job("ob3 on vc1.1", vc11_badge(), ["/issuer", "/issuanceDate"], ["/credentialSubject/achievement/name"]),
    Job("did:web verification method", open_badge(), OB_MANDATORY, ["/name"],
        verification_method="did:web:registry.test:issuers:acme#key-1"),
    Job("look-alike blank nodes, one array entry disclosed", windsurf(), ["/issuer"],
        ["/credentialSubject/sails/1", "/credentialSubject/boards/0"], set_issuer=False),
]


def run_job(node_bin: str, job: Job) -> dict[str, Any]:
    """sign-sd.mjs on one job: Digital Bazaar's base proof and derived credential, and the public key."""
    request = {"document": job.document, "mandatoryPointers": job.mandatory, "selectivePointers": job.selective,
               "documents": context_documents(), "setIssuer": job.set_issuer}
    if job.verification_method:
        request["verificationMethod"] = job.verification_method
    proc = subprocess.run([node_bin, str(INTEROP / "sign-sd.mjs")], input=json.dumps(request), cwd=INTEROP,
                          capture_output=True, text=True, check=False, timeout=NODE_TIMEOUT)
    output = json.loads(proc.stdout or "{}")
    assert proc.returncode == 0, f"sign-sd.mjs failed (exit {proc.returncode}): {output}\n{proc.stderr}"
    return output


def db_verify(node_bin: str, items: list[tuple[dict[str, Any], str, str]]) -> list[bool]:
    """Digital Bazaar's own verdicts on derived documents, each with (publicKeyMultibase, verificationMethod),
    from one run of sign-sd.mjs in verify mode."""
    request = {"verify": [{"document": document, "publicKeyMultibase": key, "verificationMethod": vm}
                          for document, key, vm in items], "documents": context_documents()}
    proc = subprocess.run([node_bin, str(INTEROP / "sign-sd.mjs")], input=json.dumps(request), cwd=INTEROP,
                          capture_output=True, text=True, check=False, timeout=NODE_TIMEOUT)
    output = json.loads(proc.stdout or "{}")
    assert proc.returncode == 0 and len(output.get("results", [])) == len(items), \
        f"sign-sd.mjs verify failed: {output}\n{proc.stderr}"
    return [bool(result["verified"]) for result in output["results"]]


def p256(multibase: str) -> ec.EllipticCurvePublicKey:
    raw = b58decode(multibase[1:])
    assert raw[:2] == b"\x80\x24"
    return ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw[2:])


@pytest.fixture(scope="module")
def signed(node: str) -> dict[str, dict[str, Any]]:
    """Job name → sign-sd.mjs output, one node run per job."""
    return {job.name: run_job(node, job) for job in JOBS}


@pytest.mark.parametrize("job", JOBS, ids=lambda j: j.name)
def test_digital_bazaar_derivations_verify(signed: dict[str, dict[str, Any]], db_verdicts: dict[str, bool],
                                           job: Job) -> None:
    out = signed[job.name]
    derived = out["derived"]
    check = verify_derived_proof(derived, derived["proof"], p256(out["publicKeyMultibase"]))
    assert check.ok, check.reason
    assert db_verdicts[job.name], "Digital Bazaar's verifier refused its own derivation"
    assert check.verification_method == out["verificationMethod"]
    for key in job.expect_keys:
        assert key in derived
    if job.set_issuer:
        assert derived["issuer"]["id"] == out["verificationMethod"].split("#")[0]


def _edit(path: list[str | int], value: Any) -> Callable[[dict[str, Any]], None]:
    def apply(doc: dict[str, Any]) -> None:
        target: Any = doc
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value
    return apply


@dataclass(frozen=True)
class Tamper:
    name: str
    job: str
    edit: Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]  # (derived, sign-sd output) → document
    reason: str
    other_key: bool = False


def edited(change: Callable[[dict[str, Any]], None]) -> Callable[[dict[str, Any], dict[str, Any]], dict[str, Any]]:
    def make(derived: dict[str, Any], out: dict[str, Any]) -> dict[str, Any]:
        doc = copy.deepcopy(derived)
        change(doc)
        return doc
    return make


def proof_from(other_job: str, signed_jobs: dict[str, dict[str, Any]]) -> Any:
    return signed_jobs[other_job]["derived"]["proof"]


TAMPERS = [
    Tamper("disclosed value changed", "ob3 on vc2, name disclosed", edited(_edit(["name"], "Advanced Python")),
           SIGNATURE_MISMATCH),
    Tamper("mandatory value changed", "ob3 on vc2, name disclosed",
           edited(_edit(["credentialSubject", "achievement", "name"], "Advanced Python")), SIGNATURE_MISMATCH),
    Tamper("issuer renamed", "ob3 on vc2, name disclosed", edited(_edit(["issuer", "name"], "Sprintwise")),
           SIGNATURE_MISMATCH),
    Tamper("validFrom moved", "ob3 on vc2, mandatory only", edited(_edit(["validFrom"], "2020-01-01T00:00:00Z")),
           SIGNATURE_MISMATCH),
    Tamper("disclosed statement removed", "ob3 on vc2, name disclosed", edited(lambda d: d.pop("name")),
           "the document has 11 statements but the proof covers 12 (11 mandatory, 1 disclosed)"),
    Tamper("undisclosed statement added back", "ob3 on vc2, mandatory only",
           edited(_edit(["name"], "Intro to Python")),
           "the document has 12 statements but the proof covers 11 (11 mandatory, 0 disclosed)"),
    Tamper("other sail disclosed in place of the one signed", "look-alike blank nodes, one array entry disclosed",
           edited(_edit(["credentialSubject", "sails", 0, "sailName"], "Kihei")), SIGNATURE_MISMATCH),
    Tamper("proof created changed", "ob3 on vc2, name disclosed",
           edited(lambda d: d["proof"].update(created="2020-01-01T00:00:00Z")), SIGNATURE_MISMATCH),
    Tamper("base proof presented", "ob3 on vc2, name disclosed", lambda derived, out: out["base"], BASE_PROOF),
    Tamper("verified with another issuer's key", "ob3 on vc2, name disclosed", edited(lambda d: None),
           SIGNATURE_MISMATCH, other_key=True),
]


@pytest.mark.parametrize("tamper", TAMPERS, ids=lambda t: t.name)
def test_edits_of_digital_bazaar_derivations_fail(signed: dict[str, dict[str, Any]], db_verdicts: dict[str, bool],
                                                  tamper: Tamper) -> None:
    """credreg refuses each edit with its reason, and Digital Bazaar's verifier refuses it too."""
    doc, key = tampered(signed, tamper)
    check = verify_derived_proof(doc, doc["proof"], p256(key))
    assert not check.ok
    assert check.reason == tamper.reason
    assert not db_verdicts[tamper.name], "Digital Bazaar's verifier accepted the edit"


def tampered(signed: dict[str, dict[str, Any]], tamper: Tamper) -> tuple[dict[str, Any], str]:
    """The edited document and the publicKeyMultibase it is verified with."""
    out = signed[tamper.job]
    key_source = signed["ob3 on vc2, everything disclosed"] if tamper.other_key else out
    return tamper.edit(out["derived"], out), key_source["publicKeyMultibase"]


@pytest.fixture(scope="module")
def db_verdicts(node: str, signed: dict[str, dict[str, Any]]) -> dict[str, bool]:
    """Job or tamper name → whether Digital Bazaar's verifier accepts that document, from one node run."""
    items = [(name, out["derived"], out["publicKeyMultibase"]) for name, out in signed.items()]
    items += [(tamper.name, *tampered(signed, tamper)) for tamper in TAMPERS]
    verdicts = db_verify(node, [(doc, key, doc["proof"]["verificationMethod"]) for _, doc, key in items])
    return {name: verdict for (name, _, _), verdict in zip(items, verdicts, strict=True)}


def test_proof_of_one_disclosure_on_another(signed: dict[str, dict[str, Any]]) -> None:
    """Two disclosures of one base proof are not interchangeable: each proof covers only its own statements."""
    everything = signed["ob3 on vc2, everything disclosed"]
    doc = copy.deepcopy(everything["derived"])
    doc["proof"] = copy.deepcopy(signed["ob3 on vc2, name disclosed"]["derived"]["proof"])
    check = verify_derived_proof(doc, doc["proof"], p256(signed["ob3 on vc2, name disclosed"]["publicKeyMultibase"]))
    assert not check.ok
    # the fuller document has blank nodes (identifier, criteria) that the other disclosure's label map never named
    assert check.reason.startswith("the proof's label map has no entry for blank node c14n")


def test_literal_that_looks_like_a_blank_node_label(node: str) -> None:
    """Digital Bazaar relabels blank nodes with a regular expression that also rewrites text inside literals, so a
    string holding "_:c14n0 " is signed in a rewritten form and its derivation disagrees with itself (Digital
    Bazaar's own verifier refuses it: "Signature count (1) does not match non-mandatory message count (2)").
    credreg relabels only blank node terms and refuses it too, by the statement count, never as valid."""
    document = windsurf()
    document["credentialSubject"]["note"] = "see _:c14n0 here"
    out = run_job(node, Job("literal", document, ["/issuer"], ["/credentialSubject/note"], set_issuer=False))
    derived = out["derived"]
    check = verify_derived_proof(derived, derived["proof"], p256(out["publicKeyMultibase"]))
    assert not check.ok
    assert check.reason.startswith("the document has ") and "but the proof covers" in check.reason
    assert db_verify(node, [(derived, out["publicKeyMultibase"], out["verificationMethod"])]) == [False]

