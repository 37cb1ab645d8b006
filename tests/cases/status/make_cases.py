"""Writes the shared cases of tests/cases/status/ and tests/cases/keys/ (run: python3 tests/cases/status/make_cases.py).

Every document is inline and signed here with the example registry's demo keys, which scripts/make_demo_registry.py
derives from a public seed; Ed25519 is deterministic, so running this again gives the same files."""
from __future__ import annotations

import copy
import hashlib
import json
import sys
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO))

from registry.check import check_registry
from registry.crypto.dataintegrity import create_proof, without_proof
from registry.did import did_document, key_history
from registry.keys.store import from_seed
from registry.ob3.statuslist import encode
from registry.urls import SiteUrls

SITE = "https://demo.credreg.example/"
SPRINTWISE = "did:web:demo.credreg.example:issuers:sprintwise"
NORTHLIGHT = "did:web:demo.credreg.example:issuers:northlight-design-school"
OLD_AWARD = REPO / "credentials/sprintwise/sprint-ready-frontend/awards/2d739a60eb856959.json"  # key-2024
NOW = "2026-11-28T00:00:00Z"
RDFC, JCS = "proof 1 (eddsa-rdfc-2022)", "proof 2 (eddsa-jcs-2022)"
# a proof that cannot be placed in the key history: neither counted, and the status list (same key) not trusted
UNCHECKED = {RDFC: "unknown", JCS: "unknown", "proofs": "unknown", "status (revocation)": "unknown"}


def signer(issuer: str, key: str) -> Any:
    return from_seed(issuer, key, hashlib.sha256(f"credreg-demo:{issuer}:{key}".encode()).digest(), b"").private


def sign(doc: dict[str, Any], issuer: str, key: str, when: str, suites: tuple[str, ...] = ("eddsa-jcs-2022",)) -> dict[str, Any]:
    did = SPRINTWISE if issuer == "sprintwise" else NORTHLIGHT
    proofs = [create_proof(doc, signer(issuer, key), f"{did}#{key}", suite, when) for suite in suites]
    return {**doc, "proof": proofs if len(proofs) > 1 else proofs[0]}


def award(when: str, key: str, status: Any = None,
          suites: tuple[str, ...] = ("eddsa-rdfc-2022", "eddsa-jcs-2022")) -> dict[str, Any]:
    """An old Sprintwise award, dated `when`, with `status`, signed as credreg signs (rdfc then jcs)."""
    doc = without_proof(json.loads(OLD_AWARD.read_text()))
    doc.update(validFrom=when, awardedDate=when)
    doc.pop("validUntil")
    if status is not None:
        doc["credentialStatus"] = status
    return sign(doc, "sprintwise", key, when, suites)


def status_list(url: str, issuer_did: str, purpose: str, revoked: list[int], kind: str = "bitstring") -> dict[str, Any]:
    if kind == "2021":
        return {"@context": ["https://www.w3.org/2018/credentials/v1"], "id": url,
                "type": ["VerifiableCredential", "StatusList2021Credential"], "issuer": issuer_did,
                "issuanceDate": "2026-01-05T00:00:00Z",
                "credentialSubject": {"id": f"{url}#list", "type": "StatusList2021", "statusPurpose": purpose,
                                      "encodedList": encode(revoked)[1:]}}
    return {"@context": ["https://www.w3.org/ns/credentials/v2"], "id": url,
            "type": ["VerifiableCredential", "BitstringStatusListCredential"], "issuer": issuer_did,
            "validFrom": "2026-01-05T00:00:00Z",
            "credentialSubject": {"id": f"{url}#list", "type": "BitstringStatusList", "statusPurpose": purpose,
                                  "encodedList": encode(revoked)}}


def entry(url: str, index: int, purpose: str = "revocation", kind: str = "BitstringStatusListEntry") -> dict[str, Any]:
    return {"id": f"{url}#{index}", "type": kind, "statusPurpose": purpose, "statusListIndex": str(index),
            "statusListCredential": url}


def main() -> None:
    registry = check_registry(REPO).registry
    assert registry is not None
    urls = SiteUrls.parse(SITE)
    site: dict[str, Any] = {}
    for issuer in registry.issuers.values():
        site[urls.did_document(issuer.id)] = {"json": did_document(issuer, urls)}
        site[urls.key_history(issuer.id)] = {"json": key_history(issuer, urls)}
    list_1 = f"{SITE}status/sprintwise/1.json"
    site[list_1] = {"json": json.loads((REPO / "credentials/sprintwise/status/1.json").read_text())}
    history = urls.key_history("sprintwise")
    suspension, sl2021, foreign = (f"{SITE}status/sprintwise/{n}.json" for n in ("suspension", "2021", "foreign"))
    lists = {
        suspension: sign(status_list(suspension, SPRINTWISE, "suspension", [12]), "sprintwise", "key-2025",
                         "2026-01-05T00:00:00Z"),
        sl2021: sign(status_list(sl2021, SPRINTWISE, "revocation", [77], "2021"), "sprintwise", "key-2025",
                     "2026-01-05T00:00:00Z"),
        foreign: sign(status_list(foreign, NORTHLIGHT, "revocation", []), "northlight-design-school", "key-2025",
                      "2026-01-05T00:00:00Z"),
    }
    with_lists = {**site, **{u: {"json": d} for u, d in lists.items()}}
    after, before = "2026-05-01T09:00:00Z", "2025-05-01T09:00:00Z"
    other_host = copy.deepcopy(site[urls.did_document("sprintwise")])
    other_host["json"]["service"][0]["serviceEndpoint"] = "https://attacker.example/keys.json"
    cases = {
        "keys/retired-key-after-retirement": (
            "a credential signed with Sprintwise's retired key-2024 after its retirement (validUntil 2025-06-30)",
            award(after, "key-2024"), site, "invalid", {RDFC: "fail", JCS: "fail"}),
        "keys/retired-key-before-retirement": (
            "the same retired key, signing while it was still in use: the history lets it pass",
            award(before, "key-2024"), site, "valid", {RDFC: "pass", JCS: "pass", "status (revocation)": "pass"}),
        "keys/key-history-unreachable": (
            "the DID document links a key history that answers 404: the proof cannot be placed in it, never a pass",
            award(before, "key-2024"), {**site, history: {"status": 404}}, "cannot verify", UNCHECKED),
        "keys/key-history-on-another-host": (
            "the DID document links a key history on another host: not used, so the proof is unchecked",
            award(before, "key-2024"), {**site, urls.did_document("sprintwise"): other_host},
            "cannot verify", UNCHECKED),
        # (several entries per credential are in tests/verify/test_status_lists.py: the OB 3.0 schema allows one)
        "status/suspension-set": (
            "a suspension list whose bit for the credential is set: suspended, not revoked",
            award(after, "key-2025", entry(suspension, 12, "suspension")), with_lists,
            "suspended", {"status (suspension)": "fail"}),
        "status/statuslist2021-revoked": (
            ("a StatusList2021Entry (VC 1.1 list, plain base64url encodedList) whose bit is set; the VC 2.0 context "
             "does not define the 2021 terms, so the credential carries only an eddsa-jcs-2022 proof"),
            award(after, "key-2025", entry(sl2021, 77, kind="StatusList2021Entry"), ("eddsa-jcs-2022",)), with_lists,
            "revoked",
            {"status (revocation)": "fail"}),
        "status/list-of-another-issuer": (
            "the status list is signed by another issuer of the same registry: not trusted, status unknown",
            award(after, "key-2025", entry(foreign, 3)), with_lists, "status unknown", {"status (revocation)": "unknown"}),
        "status/status-list-unreachable": (
            "the status list answers 404: status unknown, never valid",
            award(after, "key-2025", entry(list_1, 6)), {**site, list_1: {"status": 404}}, "status unknown",
            {"status (revocation)": "unknown"}),
    }
    for name, (about, credential, documents, verdict, steps) in cases.items():
        case = {"name": name.split("/")[1], "about": about, "credential": {"json": credential}, "documents": documents,
                "now": NOW, "siteUrl": SITE, "expect": {"verdict": verdict, "steps": steps}}
        path = REPO / "tests/cases" / f"{name}.json"
        path.write_text(json.dumps(case, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(path.relative_to(REPO))


if __name__ == "__main__":
    main()
