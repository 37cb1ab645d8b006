"""VC-JWTs signed by panva's `jose` under node (tests/interop/jose-sign.mjs), the documents their keys are
published in, and a verify helper: what the VC-JWT and container tests share. Nothing touches the network."""
from __future__ import annotations

import base64
import json
import subprocess
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from support import REF, read_json

from registry.crypto.multikey import encode_public_key
from registry.verify.containers import extract
from registry.verify.fetch import Fetcher
from registry.verify.steps import VerificationResult
from registry.verify.verifier import verify_document

INTEROP = Path(__file__).resolve().parent / "interop"
NOW = datetime(2026, 11, 28, tzinfo=timezone.utc)
WEB = "did:web:issuer.test"
OTHER = "did:web:other.test"
HTTPS = "https://issuer.test/ob"
LEAKY = "https://leaky.test/ob"
KEYS = {"ed": "EdDSA", "other": "EdDSA", "p256": "ES256", "p384": "ES384", "rsa": "RS256"}


def b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64json(value: Any) -> str:
    return b64(json.dumps(value).encode("utf-8"))


def jose(node: str, request: dict[str, Any]) -> dict[str, Any]:
    """One run of the jose signer."""
    proc = subprocess.run([node, str(INTEROP / "jose-sign.mjs")], input=json.dumps(request), capture_output=True,
                          text=True, cwd=INTEROP, check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@dataclass(frozen=True)
class Keys:
    """The session's keys: private JWKs (only in memory) and public JWKs, by name."""

    private: dict[str, dict[str, Any]]
    public: dict[str, dict[str, Any]]

    def did_key(self, name: str) -> str:
        x = self.public[name]["x"]
        return "did:key:" + encode_public_key(base64.urlsafe_b64decode(x + "=" * (-len(x) % 4)))

    def did_jwk(self, name: str) -> str:
        return "did:jwk:" + b64json(self.public[name])


def make_keys(node: str) -> Keys:
    made = jose(node, {"generate": KEYS})
    return Keys({n: v["private"] for n, v in made.items()}, {n: v["public"] for n, v in made.items()})


def documents(keys: Keys) -> dict[str, Any]:
    """Where each issuer publishes its keys: two did:web DID documents, a JWKS, a key URL, a JWKS leaking a secret."""
    def did_doc(did: str, name: str) -> dict[str, Any]:
        return {"@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"], "id": did,
                "verificationMethod": [{"id": f"{did}#key-1", "type": "Multikey", "controller": did,
                                        "publicKeyMultibase": keys.did_key(name)[len("did:key:"):]}],
                "assertionMethod": [f"{did}#key-1"]}
    return {
        "https://issuer.test/.well-known/did.json": did_doc(WEB, "ed"),
        "https://other.test/.well-known/did.json": did_doc(OTHER, "other"),
        f"{HTTPS}/.well-known/jwks.json": {"keys": [dict(keys.public["rsa"], kid="rsa-1"),
                                                    dict(keys.public["p384"], kid="p384-1")]},
        f"{HTTPS}/keys/p256.json": keys.public["p256"],
        "https://other.test/p256.json": keys.public["p256"],  # the issuer's key, served by another origin
        f"{LEAKY}/.well-known/jwks.json": {"keys": [dict(keys.private["p256"], kid="k")]},
    }


def credential(issuer: str, **changes: Any) -> dict[str, Any]:
    """An OB 3.0 VC 2.0 credential of the reference set, unsigned, from `issuer`."""
    document = read_json(REF / "valid" / "basic.json")
    document.pop("proof")
    document["issuer"] = dict(document["issuer"], id=issuer)
    document.update(changes)
    return document


def verify_bytes(raw: bytes, docs: dict[str, Any], recipient: str | None = None) -> VerificationResult:
    """What `credreg verify` does with these bytes, offline, the documents answering for their URLs."""
    fetcher = Fetcher(local=lambda url: docs.get(url))
    return verify_document(extract(raw, "input"), fetcher=fetcher, now=NOW, source="input", recipient=recipient)


def outcomes(result: VerificationResult) -> dict[str, str]:
    return {s.name: s.outcome.value for s in result.steps}
