"""The test vectors the crypto tests share, read from the project's own copy in tests/vectors."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from registry.crypto.jsonld import Loader, make_loader
from registry.crypto.multikey import decode_public_key, decode_secret_key

VECTORS = Path(__file__).resolve().parent.parent / "vectors"
W3C = VECTORS / "w3c-vc-di-eddsa"
REF = VECTORS / "reference-signed"
EXAMPLES_CONTEXT = "https://www.w3.org/ns/credentials/examples/v2"
REF_ISSUER = "did:web:registry.test:issuers:refiss"


def read_json(path: Path) -> Any:
    """A vector file, parsed afresh (tests may mutate what they get)."""
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def w3c_loader() -> Loader:
    """The product's contexts plus the W3C examples context, which only these tests may use."""
    return make_loader({EXAMPLES_CONTEXT: read_json(W3C / "contexts" / "credentials-examples-v2.jsonld")})


def w3c_public_key() -> bytes:
    """The raw public key of the W3C vectors' key pair."""
    return decode_public_key(read_json(W3C / "keyPair.json")["publicKeyMultibase"])


def w3c_private_key() -> Ed25519PrivateKey:
    """The W3C vectors' signing key (the file names it privateKeyMultibase, not secretKeyMultibase)."""
    secret = read_json(W3C / "keyPair.json")["privateKeyMultibase"]
    return Ed25519PrivateKey.from_private_bytes(decode_secret_key(secret))


def ref_public_key() -> bytes:
    """The reference issuer's key, as its did:web DID document publishes it."""
    did = read_json(REF / "site" / "issuers" / "refiss" / "did.json")
    return decode_public_key(did["verificationMethod"][0]["publicKeyMultibase"])
