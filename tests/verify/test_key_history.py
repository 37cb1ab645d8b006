"""Key histories applied to each proof's `created`: the example registry's retired Sprintwise key (published
site and checkout), the hosted history itself, withdrawn keys, and a table of hostile histories."""
from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from support import REPO, TEST_KEY, TEST_PUBLIC, foreign_credential

from registry.check import check_registry
from registry.cli import main
from registry.crypto.base58 import b58encode
from registry.crypto.dataintegrity import create_proof, hash_data, without_proof
from registry.did import did_document, key_history
from registry.keys.store import from_seed
from registry.publish.hosted import write_hosted
from registry.urls import SiteUrls
from registry.verify.fetch import Fetcher
from registry.verify.key_history import MAX_HISTORY_KEYS
from registry.verify.proofs import proof_steps

SITE = "https://demo.credreg.example/"
SPRINTWISE = "did:web:demo.credreg.example:issuers:sprintwise"
OLD_AWARD = REPO / "credentials/sprintwise/sprint-ready-frontend/awards/2d739a60eb856959.json"  # key-2024


def demo_key(issuer: str, key: str) -> Any:
    """A demo key of the example registry (scripts/make_demo_registry.py derives them from a public seed)."""
    return from_seed(issuer, key, hashlib.sha256(f"credreg-demo:{issuer}:{key}".encode()).digest(), b"")


def resigned(when: str, key: str = "key-2024") -> dict[str, Any]:
    """An old Sprintwise award, dated and signed (both suites, as credreg signs) at `when` with `key`."""
    doc = without_proof(json.loads(OLD_AWARD.read_text()))
    doc.update(validFrom=when, awardedDate=when)
    doc.pop("validUntil")
    signer = demo_key("sprintwise", key).private
    vm = f"{SPRINTWISE}#{key}"
    return {**doc, "proof": [create_proof(doc, signer, vm, suite, when) for suite in ("eddsa-rdfc-2022", "eddsa-jcs-2022")]}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    registry = check_registry(REPO).registry
    assert registry is not None
    folder = tmp_path_factory.mktemp("site")
    write_hosted(registry, SiteUrls.parse(SITE), folder)
    return folder


def verify(capsys: pytest.CaptureFixture[str], credential: dict[str, Any], tmp_path: Path, *how: str) -> dict[str, Any]:
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(credential))
    main(["verify", "--offline", "--format", "json", "--now", "2026-11-28", str(path), *how])
    result: dict[str, Any] = json.loads(capsys.readouterr().out)["results"][0]
    return result


RETIRED = "signed 2026-05-01 by key-2024, which was retired on 2025-06-30"
# (name, signing time, verdict, outcome of both proof steps, their detail)
SPRINTWISE_CASES = [
    ("retired-key-after-retirement", "2026-05-01T09:00:00Z", "invalid", "fail", RETIRED),
    ("retired-key-before-retirement", "2025-05-01T09:00:00Z", "valid", "pass", "signature verified"),
    ("retired-key-on-its-last-second", "2025-06-30T23:59:59Z", "valid", "pass", "signature verified"),
    ("retired-key-before-it-was-made", "2023-12-01T09:00:00Z", "invalid", "fail",
     "signed 2023-12-01 by key-2024, which was not valid until 2024-01-02"),
]


@pytest.mark.parametrize("where", ["published-site", "checkout"])
@pytest.mark.parametrize("when, verdict, outcome, detail", [c[1:] for c in SPRINTWISE_CASES],
                         ids=[c[0] for c in SPRINTWISE_CASES])
def test_sprintwise_retired_key(capsys: pytest.CaptureFixture[str], tmp_path: Path, site: Path, where: str, when: str,
                                verdict: str, outcome: str, detail: str) -> None:
    how = (["--no-registry", "--map", f"{SITE}={site}", "--trust", f"{SITE}api/issuers.json"] if where == "published-site"
           else ["--root", str(REPO)])
    result = verify(capsys, resigned(when), tmp_path, *how)
    proofs = [s for s in result["steps"] if s["step"].startswith("proof")]
    assert [(s["step"], s["outcome"]) for s in proofs] == [("proof 1 (eddsa-rdfc-2022)", outcome),
                                                           ("proof 2 (eddsa-jcs-2022)", outcome)]
    assert all(detail in s["detail"] for s in proofs), proofs
    assert result["verdict"] == verdict
    assert all(s["outcome"] == "pass" for s in result["steps"] if not s["step"].startswith("proof")), result["steps"]


def test_hosted_history_and_its_link(site: Path) -> None:
    did = json.loads((site / "issuers/sprintwise/did.json").read_text())
    assert did["service"] == [{"id": f"{SPRINTWISE}#key-history", "type": "CredregKeyHistory",
                               "serviceEndpoint": f"{SITE}issuers/sprintwise/keys.json"}]
    assert json.loads((site / "issuers/sprintwise/keys.json").read_text()) == {
        "version": 1, "issuer": SPRINTWISE, "keys": [
            {"id": f"{SPRINTWISE}#key-2024", "validFrom": "2024-01-02T09:00:00Z", "validUntil": "2025-06-30T23:59:59Z"},
            {"id": f"{SPRINTWISE}#key-2025", "validFrom": "2025-07-01T00:00:00Z"}]}


@pytest.mark.parametrize("reason, in_did_document", [("compromised", False), ("lost", False), ("superseded", True),
                                                     ("retired", True)])
def test_compromised_and_lost_keys_leave_the_did_document(reason: str, in_did_document: bool) -> None:
    registry = check_registry(REPO).registry
    assert registry is not None
    issuer = registry.issuers["sprintwise"]
    moment = datetime(2025, 3, 1, tzinfo=UTC)
    keys = tuple(dataclasses.replace(k, revoked_at=moment, revocation_reason=reason) if k.id == "key-2024" else k
                 for k in issuer.keys)
    revoked = dataclasses.replace(issuer, keys=keys)
    urls = SiteUrls.parse(SITE)
    document = did_document(revoked, urls)
    vm = f"{SPRINTWISE}#key-2024"
    assert (vm in document["assertionMethod"], vm in [m["id"] for m in document["verificationMethod"]]) == \
        (in_did_document, in_did_document)
    assert key_history(revoked, urls)["keys"][0] == {"id": vm, "validFrom": "2024-01-02T09:00:00Z",
                                                     "validUntil": "2025-06-30T23:59:59Z",
                                                     "revokedAt": "2025-03-01T00:00:00Z", "reason": reason}


# --- hostile and edge-case histories of a foreign did:web issuer, signed with TEST_KEY ------------------------

DID = "did:web:issuer.example"
VM = f"{DID}#key-1"
DOC_URL = "https://issuer.example/.well-known/did.json"
HISTORY_URL = "https://issuer.example/keys.json"


def did_doc(link: Any = HISTORY_URL, services: list[Any] | None = None) -> dict[str, Any]:
    service = [{"id": f"{DID}#key-history", "type": "CredregKeyHistory", "serviceEndpoint": link}]
    return {"@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"], "id": DID,
            "verificationMethod": [{"id": VM, "type": "Multikey", "controller": DID, "publicKeyMultibase": TEST_PUBLIC}],
            "assertionMethod": [VM], **({"service": service if services is None else services} if link else {})}


def history(*entries: dict[str, Any], issuer: str = DID, version: Any = 1) -> dict[str, Any]:
    return {"version": version, "issuer": issuer, "keys": list(entries)}


def key(**fields: Any) -> dict[str, Any]:
    return {"id": VM, "validFrom": "2025-01-01T00:00:00Z", **fields}


def signed_at(created: str | None) -> dict[str, Any]:
    doc = foreign_credential(DID)
    if created is not None:
        return {**doc, "proof": create_proof(doc, TEST_KEY, VM, "eddsa-jcs-2022", created)}
    proof: dict[str, Any] = {"type": "DataIntegrityProof", "cryptosuite": "eddsa-jcs-2022", "verificationMethod": VM,
                             "proofPurpose": "assertionMethod", "@context": doc["@context"]}  # created is optional
    signature = TEST_KEY.sign(hash_data(doc, proof, "eddsa-jcs-2022"))
    return {**doc, "proof": {**proof, "proofValue": "z" + b58encode(signature)}}


UNUSABLE = "the key history of did:web:issuer.example cannot be used, so the proof cannot be placed in it: "
OTHER_HOST = "https://elsewhere.example/keys.json"
# (name, DID document, history (None: 404), proof created, outcome, verdict, detail)
HOSTILE = [
    ("inside-the-window", did_doc(), history(key(validUntil="2026-12-31T00:00:00Z")), "2026-01-01T00:00:00Z",
     "pass", None, "signature verified"),
    ("after-validUntil", did_doc(), history(key(validUntil="2025-06-30T23:59:59Z")), "2026-05-01T00:00:00Z",
     "fail", "invalid", "signed 2026-05-01 by key-1, which was retired on 2025-06-30"),
    ("before-validFrom", did_doc(), history(key(validFrom="2026-02-01T00:00:00Z")), "2026-01-01T00:00:00Z",
     "fail", "invalid", "signed 2026-01-01 by key-1, which was not valid until 2026-02-01"),
    ("at-revokedAt", did_doc(), history(key(revokedAt="2026-01-01T00:00:00Z", reason="superseded")),
     "2026-01-01T00:00:00Z", "fail", "invalid", "which was revoked (superseded) on 2026-01-01"),
    ("compromised-before-it-was", did_doc(), history(key(revokedAt="2026-03-01T00:00:00Z", reason="compromised",
                                                         compromisedSince="2026-02-01T00:00:00Z")),
     "2026-01-01T00:00:00Z", "pass", None, "signature verified"),
    ("compromised-since-unknown", did_doc(), history(key(revokedAt="2026-03-01T00:00:00Z", reason="compromised")),
     "2026-01-01T00:00:00Z", "fail", "invalid", "which was compromised; everything it signed is void"),
    ("no-created", did_doc(), history(key()), None, "fail", "invalid",
     "the proof has no valid 'created' time, so it cannot be placed in the history of key key-1"),
    ("key-not-in-the-history", did_doc(), history({**key(), "id": f"{DID}#key-0"}), "2026-01-01T00:00:00Z",
     "pass", None, "signature verified"),
    ("relative-key-id", did_doc(), history({**key(validUntil="2025-02-01T00:00:00Z"), "id": "#key-1"}),
     "2026-01-01T00:00:00Z", "fail", "invalid", "which was retired on 2025-02-01"),
    ("no-history-linked", did_doc(link=None), None, "2026-01-01T00:00:00Z", "pass", None, "signature verified"),
    ("history-unreachable", did_doc(), None, "2026-01-01T00:00:00Z", "unknown", "cannot verify",
     UNUSABLE + HISTORY_URL),
    ("history-of-another-did", did_doc(), history(key(), issuer="did:web:other.example"), "2026-01-01T00:00:00Z",
     "unknown", "cannot verify", UNUSABLE + "it is the history of 'did:web:other.example', not of did:web:issuer.example"),
    ("garbled-date", did_doc(), history(key(validUntil="last tuesday")), "2026-01-01T00:00:00Z", "unknown",
     "cannot verify", UNUSABLE + "the validUntil of key-1, 'last tuesday', is not a date-time with a zone"),
    ("zoneless-date", did_doc(), history(key(validFrom="2025-01-01T00:00:00")), "2026-01-01T00:00:00Z", "unknown",
     "cannot verify", "the validFrom of key-1, '2025-01-01T00:00:00', is not a date-time with a zone"),
    ("ends-before-it-starts", did_doc(), history(key(validUntil="2024-01-01T00:00:00Z")), "2026-01-01T00:00:00Z",
     "unknown", "cannot verify", "the validUntil of key-1 (2024-01-01T00:00:00Z) is before its validFrom"),
    ("two-entries-for-the-key", did_doc(), history(key(), key(validUntil="2025-02-01T00:00:00Z")),
     "2026-01-01T00:00:00Z", "unknown", "cannot verify", UNUSABLE + "it has 2 entries for did:web:issuer.example#key-1"),
    ("history-on-another-host", did_doc(link=OTHER_HOST), history(key()), "2026-01-01T00:00:00Z", "unknown",
     "cannot verify", f"it is linked at '{OTHER_HOST}', which is not on the DID document's host issuer.example"),
    ("history-over-http", did_doc(link="http://issuer.example/keys.json"), history(key()), "2026-01-01T00:00:00Z",
     "unknown", "cannot verify", "which is not on the DID document's host"),
    ("two-history-links", did_doc(services=[did_doc()["service"][0]] * 2), history(key()), "2026-01-01T00:00:00Z",
     "unknown", "cannot verify", "the DID document links more than one key history"),
    ("link-not-a-string", did_doc(link={"origins": [HISTORY_URL]}), history(key()), "2026-01-01T00:00:00Z",
     "unknown", "cannot verify", "not by one URL"),
    ("huge-history", did_doc(), history(*[{**key(), "id": f"{DID}#k{i}"} for i in range(MAX_HISTORY_KEYS + 1)]),
     "2026-01-01T00:00:00Z", "unknown", "cannot verify", f"its keys are not a list of at most {MAX_HISTORY_KEYS}"),
    ("unknown-version", did_doc(), history(key(), version=2), "2026-01-01T00:00:00Z", "unknown", "cannot verify",
     "it is not a version 1 key history"),
    ("not-a-history", did_doc(), ["not", "a", "history"], "2026-01-01T00:00:00Z", "unknown", "cannot verify",
     "it is not a version 1 key history"),
]


@pytest.mark.parametrize("document, hist, created, outcome, verdict, detail", [c[1:] for c in HOSTILE],
                         ids=[c[0] for c in HOSTILE])
def test_hostile_histories(document: dict[str, Any], hist: Any, created: str | None, outcome: str, verdict: str | None,
                           detail: str) -> None:
    served = {DOC_URL: document, **({HISTORY_URL: hist, OTHER_HOST: hist} if hist is not None else {})}
    fetcher = Fetcher(allow_network=False, local=lambda url: copy.deepcopy(served.get(url)))
    steps = proof_steps(signed_at(created), fetcher)
    # An only proof left unchecked also gets the `proofs` step that says no signature could be checked.
    expected = [("proof 1 (eddsa-jcs-2022)", outcome)] + ([("proofs", "unknown")] if outcome == "unknown" else [])
    assert [(s.name, s.outcome.value) for s in steps] == expected, steps
    assert (steps[0].verdict.value if steps[0].verdict else None) == verdict
    assert detail in steps[0].detail, steps[0].detail
