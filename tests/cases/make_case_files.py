"""Writes the data files of the seed cases (tests/cases/*/files/): variants of the example registry's documents and
credentials of issuers outside it, signed with keys derived from fixed public seeds (never use them for anything).

    PYTHONPATH=. python3 tests/cases/make_case_files.py

Same inputs give the same files (fixed seeds, fixed `created`; Ed25519 signatures are deterministic), so running
it again changes nothing unless the example registry did. The case JSON files themselves are written by hand.
"""
from __future__ import annotations

import copy
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
SITE = REPO / "tests" / "vectors" / "example-site"
SPRINTWISE = "did:web:demo.credreg.example:issuers:sprintwise"
VALID = "07b084089a4b7ad1"
CREATED = "2026-03-02T10:00:00Z"


def _read(rel: str) -> Any:
    return json.loads((SITE / rel).read_text(encoding="utf-8"))


def _write(rel: str, document: Any) -> None:
    path = HERE / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _key(seed: str) -> tuple[Ed25519PrivateKey, str]:
    """An Ed25519 key derived from a public seed, and its Multikey."""
    from registry.crypto.multikey import encode_public_key
    private = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(f"credreg-cases:{seed}".encode()).digest())
    return private, encode_public_key(private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def _foreign(issuer: dict[str, Any], **fields: Any) -> dict[str, Any]:
    """An OB 3.0 credential of another issuer for sam@example.org (salted hash), without proof or status."""
    from registry.ob3.recipient import identity_hash
    salt = "5a1t5a1t5a1t5a1t"
    return {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "https://elsewhere.example/credentials/1",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": "Front-end Developer",
        "issuer": {"type": ["Profile"], **issuer},
        "validFrom": "2026-03-01T00:00:00Z",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "hashed": True, "identityType": "emailAddress",
                            "identityHash": identity_hash("sam@example.org", salt), "salt": salt}],
            "achievement": {"id": "https://elsewhere.example/achievements/1", "type": ["Achievement"],
                            "name": "Front-end Developer", "description": "Builds web front ends.",
                            "criteria": {"narrative": "A two-week trial sprint."}},
        },
        **fields,
    }


def _signed(document: dict[str, Any], private: Ed25519PrivateKey, vm: str) -> dict[str, Any]:
    from registry.crypto.dataintegrity import create_proof
    document = copy.deepcopy(document)
    document["proof"] = [create_proof(document, private, vm, suite, CREATED)
                         for suite in ("eddsa-rdfc-2022", "eddsa-jcs-2022")]
    return document


def registry_files() -> None:
    """Variants of the example site: a tampered award, and a DID document that dropped the award's key."""
    award = _read(f"credentials/{VALID}.json")
    award["credentialSubject"]["achievement"]["name"] = "Senior Front-end Architect"
    _write("registry/files/tampered.json", award)
    did = _read("issuers/sprintwise/did.json")
    gone = f"{SPRINTWISE}#key-2025"
    did["verificationMethod"] = [m for m in did["verificationMethod"] if m["id"] != gone]
    did["assertionMethod"] = [m for m in did["assertionMethod"] if m != gone]
    _write("registry/files/sprintwise-did-without-key-2025.json", did)


def identity_files() -> None:
    """Issuers outside the registry: did:key ones (one calling itself Sprintwise) and a did:web elsewhere."""
    private, multikey = _key("did-key")
    did = f"did:key:{multikey}"
    vm = f"{did}#{multikey}"
    _write("identity/files/did-key.json", _signed(_foreign({"id": did, "name": "Elsewhere Academy"}), private, vm))
    tampered = _signed(_foreign({"id": did, "name": "Elsewhere Academy"}), private, vm)
    tampered["credentialSubject"]["achievement"]["name"] = "Senior Front-end Architect"
    _write("identity/files/tampered-did-key.json", tampered)
    _write("identity/files/did-key-sprintwise.json",
           _signed(_foreign({"id": did, "name": "Sprintwise"}), private, vm))
    _write("identity/files/did-key-sprint-wise-official.json",
           _signed(_foreign({"id": did, "name": "Sprint-Wise Official"}), private, vm))
    _write("identity/files/did-key-expired.json",
           _signed(_foreign({"id": did, "name": "Elsewhere Academy"}, validUntil="2026-06-01T00:00:00Z"), private, vm))
    _write("identity/files/trust-did-key.json",
           {"meta": {"created": "2026-01-01T00:00:00Z", "updated": "2026-01-01T00:00:00Z"},
            "registry": {did: {"name": "Elsewhere Academy", "location": "Nowhere", "url": "https://elsewhere.example/"}}})
    web_private, web_multikey = _key("did-web-elsewhere")
    web = "did:web:elsewhere.example"
    _write("identity/files/did-web-elsewhere.json",
           _signed(_foreign({"id": web, "name": "Sprintwise"}), web_private, f"{web}#key-1"))
    _write("identity/files/elsewhere-did.json", {
        "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"], "id": web,
        "verificationMethod": [{"id": f"{web}#key-1", "type": "Multikey", "controller": web,
                                "publicKeyMultibase": web_multikey}],
        "assertionMethod": [f"{web}#key-1"]})


def status_files() -> None:
    """A did:key issuer whose entry and list both use the purpose "constructor" (a name every JS object inherits),
    with the entry's bit set: neither runtime knows that purpose, so the entry is a warning, never a crash."""
    from registry.ob3.statuslist import encode
    private, multikey = _key("did-key")
    did = f"did:key:{multikey}"
    vm = f"{did}#{multikey}"
    url = "https://elsewhere.example/status/1"
    entry = {"id": f"{url}#7", "type": "BitstringStatusListEntry", "statusPurpose": "constructor",
             "statusListIndex": "7", "statusListCredential": url}
    _write("status/files/did-key-constructor-purpose.json",
           _signed(_foreign({"id": did, "name": "Elsewhere Academy"}, credentialStatus=entry), private, vm))
    _write("status/files/did-key-constructor-list.json", _signed({
        "@context": ["https://www.w3.org/ns/credentials/v2"], "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"], "issuer": did,
        "validFrom": "2026-03-01T00:00:00Z",
        "credentialSubject": {"id": f"{url}#list", "type": "BitstringStatusList", "statusPurpose": "constructor",
                              "encodedList": encode([7])}}, private, vm))


OSAC = REPO / "credentials" / "open-skills-accreditation-council" / "endorsements"
ENDORSEMENTS = {"valid": "c9aa84e8e53db0cb", "expired": "784d25b831256c3f", "withdrawn": "8df2af9514b784af",
                "later": "63ea2fc751706d86"}  # later: starts 2026-04-01, after the product-design awards of 2026-03


def _resigned(award: dict[str, Any], issuer: str) -> dict[str, Any]:
    """An example registry award, changed and signed again with its issuer's demo key and its own `created`."""
    from registry.crypto.dataintegrity import create_proof
    seed = hashlib.sha256(f"credreg-demo:{issuer}:key-2025".encode()).digest()
    private = Ed25519PrivateKey.from_private_bytes(seed)
    created, vm = award["proof"][0]["created"], award["proof"][0]["verificationMethod"]
    award = {k: v for k, v in award.items() if k != "proof"}
    award["proof"] = [create_proof(award, private, vm, suite, created) for suite in ("eddsa-rdfc-2022", "eddsa-jcs-2022")]
    return award


def endorsement_files() -> None:
    """The example registry's OSAC endorsements, a tampered one, an award embedding the one withdrawn after it, and
    awards embedding a tampered, another achievement's, another rubric version's and a not-yet-started endorsement,
    signed again by their issuers' demo keys."""
    endorsement = {name: json.loads((OSAC / f"{eid}.json").read_text(encoding="utf-8"))
                   for name, eid in ENDORSEMENTS.items()}
    for name, document in endorsement.items():
        _write(f"endorsements/files/{name}.json", document)
    tampered = copy.deepcopy(endorsement["valid"])
    tampered["credentialSubject"]["endorsementComment"] = "Every award re-marked blind; all agreed."
    _write("endorsements/files/tampered.json", tampered)
    vetted = REPO / "credentials" / "sprintwise" / "vetted-frontend-developer" / "awards" / f"{VALID}.json"
    award = json.loads(vetted.read_text(encoding="utf-8"))
    for name, embedded in (("tampered", tampered), ("other-achievement", endorsement["expired"])):
        changed = copy.deepcopy(award)
        changed["credentialSubject"]["achievement"]["endorsement"] = [embedded]
        _write(f"endorsements/files/award-embedding-{name}.json", _resigned(changed, "sprintwise"))
    version_2 = copy.deepcopy(award)  # assessed on rubric version 2: the accreditation covers version 1 only
    version_2["credentialSubject"]["achievement"]["version"] = "2"
    _write("endorsements/files/award-embedding-other-rubric-version.json", _resigned(version_2, "sprintwise"))
    junior = REPO / "credentials" / "northlight-design-school" / "junior-product-designer" / "awards"
    _write("endorsements/files/award-embedding-withdrawn.json",  # as issued: embeds the withdrawn one
           json.loads((junior / "4bf8d5ee9352c259.json").read_text(encoding="utf-8")))
    certificate = REPO / "credentials" / "northlight-design-school" / "product-design-certificate" / "awards"
    later = json.loads((certificate / "5839c53752bd071e.json").read_text(encoding="utf-8"))
    later["credentialSubject"]["achievement"]["endorsement"] = [endorsement["later"]]
    _write("endorsements/files/award-embedding-later.json", _resigned(later, "northlight-design-school"))


if __name__ == "__main__":
    sys.path.insert(0, str(REPO))
    registry_files()
    identity_files()
    status_files()
    endorsement_files()
