"""Interoperability: credentials signed by credreg verify with Digital Bazaar's reference JS libraries.

`verify.mjs` (run by node) verifies each credential with @digitalbazaar/vc + data-integrity and the
eddsa-rdfc-2022 and eddsa-jcs-2022 cryptosuites, offline: its documentLoader serves only the
contexts bundled with credreg, the issuer's DID document and its status list, all handed in here.
Every proof of the proof set must verify (stricter than DB's "any proof" rule), and DB's own
Bitstring Status List code reads the revocation bit.

Needs node and npm; `npm ci` runs in tests/interop once if node_modules is missing (the only
network use: the npm registry).
"""
from __future__ import annotations

import copy
import hashlib
import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from support import INTEROP_VERIFY_AT, REF, REPO, NodeResult, base_files, context_documents, run_verify, write_tree

from registry.award import issue
from registry.check import check_registry
from registry.did import did_document
from registry.errors import CredregError
from registry.keys.store import SigningKey, from_seed
from registry.urls import SiteUrls

VECTORS = REF
SITE_URL = "https://registry.test/"
AWARDED = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)
REVOKED = datetime(2026, 3, 5, 9, 30, tzinfo=timezone.utc)
VALID_UNTIL = datetime(2027, 3, 2, 10, 0, tzinfo=timezone.utc)
VERIFY_AT = INTEROP_VERIFY_AT
AFTER_EXPIRY = "2027-06-01T00:00:00Z"


# --- a registry with awards, made by credreg's own library -------------------------------------

def interop_key() -> SigningKey:
    """acme's key-1 (public seed: test use only)."""
    return from_seed("acme", "key-1", hashlib.sha256(b"credreg-interop:acme:key-1").digest(),
                     hashlib.sha256(b"credreg-interop:recipients:acme").digest())


@dataclass(frozen=True)
class Awarded:
    credentials: dict[str, dict[str, Any]]   # case name → signed credential as written
    documents: dict[str, Any]                 # URL / DID → JSON, what the verifier may load
    status_list_url: str


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8"))




@pytest.fixture(scope="module")
def awarded(tmp_path_factory: pytest.TempPathFactory) -> Awarded:
    base = tmp_path_factory.mktemp("interop")
    key = interop_key()
    files: dict[str, str | bytes] = dict(base_files())
    issuer_file = "issuers/acme/issuer.yaml"
    text = files[issuer_file]
    assert isinstance(text, str) and "publicKeyMultibase:" in text and "id: key-1" in text
    files[issuer_file] = "\n".join(
        f"    publicKeyMultibase: {key.public_multibase}" if line.strip().startswith("publicKeyMultibase:")
        else line for line in text.splitlines()) + "\n"
    files["mkdocs.yml"] = f"site_name: Test\nsite_url: {SITE_URL}\n"
    root = write_tree(base / "registry", files)

    with pytest.MonkeyPatch.context() as mp:  # keys and caches stay out of the repository
        mp.setenv("CREDREG_KEY_DIR", str(base / "keys"))
        mp.setenv("CREDREG_CACHE_DIR", str(base / "cache"))

        def award(email: str, seed: int, **details: Any) -> Path:
            ctx = issue.open_registry(root, key, AWARDED)
            return issue.award_one(ctx, "acme/intro-python", email, AWARDED, rng=random.Random(seed), retake=True,
                                   results={"quality": "good"}, **details)

        try:
            plain = award("ada@example.net", 1)
            rich = award("grace@example.net", 2, name="Grace Hopper",
                         evidence=("https://evidence.example/grace/project",), valid_until=VALID_UNTIL)
            to_revoke = award("mallory@example.net", 3)
            issue.revoke(issue.open_registry(root, key, REVOKED), to_revoke.stem,
                         "assessment found to be plagiarised", REVOKED)
        except CredregError as exc:  # a product bug, not an interop result: say so plainly
            failure = f"credreg itself could not award/revoke the interop credentials: {exc.message} (hint: {exc.hint})"
        else:
            failure = ""
        if failure:
            pytest.fail(failure, pytrace=False)

        checked = check_registry(root)
        assert checked.registry is not None, [p.message for p in checked.problems]
        issuer = checked.registry.issuers["acme"]

    urls = SiteUrls.parse(SITE_URL)
    documents = context_documents()
    documents[urls.did_document("acme")] = did_document(issuer, urls)
    status_url = urls.status_list("acme", 1)
    documents[status_url] = _load(root / "credentials" / "acme" / "status" / "1.json")
    return Awarded({"plain": _load(plain), "rich": _load(rich), "revoked": _load(to_revoke)}, documents, status_url)


# --- the cases ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    build: Callable[[Awarded], tuple[dict[str, Any], dict[str, Any]]]  # → credential, documents
    verified: bool
    revoked: bool | None = None            # expected bit read by DB's status list code; None: not checked
    status_mode: str = "digitalbazaar-bitstring-status-list"
    now: str = VERIFY_AT


def _tampered(a: Awarded) -> tuple[dict[str, Any], dict[str, Any]]:
    credential = copy.deepcopy(a.credentials["plain"])
    credential["credentialSubject"]["achievement"]["name"] = "Advanced Python (forged)"
    return credential, a.documents


def _without_status_list(a: Awarded) -> tuple[dict[str, Any], dict[str, Any]]:
    return a.credentials["plain"], {k: v for k, v in a.documents.items() if k != a.status_list_url}


CASES: dict[str, Case] = {
    "plain-award": Case(lambda a: (a.credentials["plain"], a.documents), True, revoked=False),
    "name-evidence-expiry": Case(lambda a: (a.credentials["rich"], a.documents), True, revoked=False),
    "revoked-still-signed": Case(lambda a: (a.credentials["revoked"], a.documents), True, revoked=True),
    "tampered-achievement-name": Case(_tampered, False),
    "expired-at-verify-time": Case(lambda a: (a.credentials["rich"], a.documents), False, now=AFTER_EXPIRY),
    "status-list-withheld-accept-stub": Case(_without_status_list, True, status_mode="accept-stub"),
}


@pytest.mark.parametrize("name", list(CASES))
def test_digitalbazaar_verifies(name: str, node: str, awarded: Awarded) -> None:
    case = CASES[name]
    credential, documents = case.build(awarded)
    check_outcome(case, credential, run_verify(node, credential, documents, case.now))


def test_digitalbazaar_verifies_reference_vector(node: str) -> None:
    """credreg's copy of an independently signed vector (single eddsa-rdfc-2022 proof, issuer refiss)."""
    vector, did_doc = VECTORS / "valid" / "basic.json", VECTORS / "site" / "issuers" / "refiss" / "did.json"
    if not vector.is_file() or not did_doc.is_file():
        pytest.skip(f"reference vector {vector.relative_to(REPO)} (or its DID document) is not in this checkout")
    documents = context_documents()
    documents["https://registry.test/issuers/refiss/did.json"] = _load(did_doc)
    credential = _load(vector)
    case = Case(lambda a: (credential, documents), True, status_mode="none")
    check_outcome(case, credential, run_verify(node, credential, documents, case.now))


def check_outcome(case: Case, credential: dict[str, Any], result: NodeResult) -> None:
    out = result.output
    proofs = credential["proof"] if isinstance(credential["proof"], list) else [credential["proof"]]

    if case.verified:
        assert result.returncode == 0 and out["verified"] is True, result.describe()
        assert out["dbVerified"] is True, result.describe()
        # every proof of the set was matched by a DB suite and verified: none stripped, none ignored
        assert sorted(r["cryptosuite"] for r in out["results"]) == sorted(p["cryptosuite"] for p in proofs)
        assert all(r["verified"] and r["purposeValid"] for r in out["results"]), result.describe()
        assert out["refused"] == [], result.describe()
        assert out["status"]["mode"] == case.status_mode, result.describe()
        if case.status_mode != "none":
            assert out["status"]["called"] is True, result.describe()
        if case.status_mode == "accept-stub":
            assert "returning {verified: true}" in result.stderr
        if case.revoked is not None:
            assert out["status"]["verified"] is True, result.describe()
            assert sorted(p["cryptosuite"] for p in out["status"]["listProofs"]) == [
                "eddsa-jcs-2022", "eddsa-rdfc-2022"], result.describe()
            assert out["status"]["revoked"] == [case.revoked], result.describe()
    else:
        assert result.returncode == 1 and out["verified"] is False, result.describe()
        assert out["dbVerified"] is False, result.describe()
        assert out["error"], result.describe()


def test_credreg_signs_both_cryptosuites(awarded: Awarded) -> None:
    """The proof set the node cases rely on: so 'every proof verified' covers both suites."""
    for credential in awarded.credentials.values():
        assert [p["cryptosuite"] for p in credential["proof"]] == ["eddsa-rdfc-2022", "eddsa-jcs-2022"]


def test_tampered_fails_in_both_suites(node: str, awarded: Awarded) -> None:
    """The JS side really checks the signatures: each proof of the tampered copy fails on its own."""
    credential, documents = _tampered(awarded)
    result = run_verify(node, credential, documents)
    assert result.returncode == 1, result.describe()
    assert {r["cryptosuite"]: r["verified"] for r in result.output["results"]} == {
        "eddsa-rdfc-2022": False, "eddsa-jcs-2022": False}, result.describe()
    assert all("Invalid signature" in (r["error"] or "") for r in result.output["results"]), result.describe()


def test_loader_refuses_unknown_documents(node: str, awarded: Awarded) -> None:
    """No DID document given → the loader refuses (no network), and verification fails."""
    documents = {k: v for k, v in awarded.documents.items() if not k.endswith("/did.json")}
    result = run_verify(node, awarded.credentials["plain"], documents)
    assert result.returncode == 1 and result.output["verified"] is False, result.describe()
    assert "did:web:registry.test:issuers:acme#key-1" in result.output["refused"], result.describe()

