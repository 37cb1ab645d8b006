"""Resolve a proof's verificationMethod to a public key: did:key, did:web, or an https controller document.

The key must be listed under `assertionMethod` by its controller: a key a DID merely
mentions may not sign credentials.
"""
from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urldefrag

from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from ..crypto.multikey import decode_public_key, public_key_from_did_key
from ..errors import CryptoError, ResolveError
from .fetch import Fetcher


PublicKey = Ed25519PublicKey | EllipticCurvePublicKey | RSAPublicKey
"""The kinds of key a verification method may hold: Ed25519, ECDSA (P-256, P-384) or RSA (VC-JWT RS256)."""


@dataclass(frozen=True)
class ResolvedKey:
    """A public key and where it came from."""

    verification_method: str
    controller: str
    key: PublicKey
    source: str

    @property
    def ed25519_raw(self) -> bytes | None:
        """The 32 raw bytes of an Ed25519 key (what the EdDSA cryptosuites verify with), else None."""
        if not isinstance(self.key, Ed25519PublicKey):
            return None
        return self.key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def did_web_url(did: str) -> str:
    """The https URL of a did:web DID document (`did:web:host:a:b` → `https://host/a/b/did.json`)."""
    parts = did.split(":")
    if len(parts) < 3 or parts[0] != "did" or parts[1] != "web" or not parts[2]:
        raise ResolveError(f"{did!r} is not a did:web DID", "a did:web looks like did:web:example.org:issuers:acme")
    host = unquote(parts[2])
    path = "/".join(unquote(p) for p in parts[3:])
    return f"https://{host}/{path}/did.json" if path else f"https://{host}/.well-known/did.json"


def _key_bytes(method: dict[str, Any], vm: str) -> bytes:
    """The raw Ed25519 key of a Multikey/Ed25519VerificationKey2020 or an OKP JWK."""
    try:
        if isinstance(method.get("publicKeyMultibase"), str):
            return decode_public_key(method["publicKeyMultibase"])
        jwk = method.get("publicKeyJwk")
        if isinstance(jwk, dict) and jwk.get("kty") == "OKP" and jwk.get("crv") == "Ed25519":
            x = str(jwk.get("x", ""))
            raw = base64.urlsafe_b64decode(x + "=" * (-len(x) % 4))
            if len(raw) == 32:
                return raw
    except (CryptoError, ValueError) as exc:
        raise ResolveError(f"verification method {vm} has a malformed key: {exc}", "the issuer's key document is broken") from None
    raise ResolveError(f"verification method {vm} holds no Ed25519 public key",
                       "expected a Multikey publicKeyMultibase (z6Mk…) or an Ed25519 JWK")


def _find_method(controller_doc: Any, vm: str) -> dict[str, Any] | None:
    if not isinstance(controller_doc, dict):
        return None
    base = str(controller_doc.get("id", ""))
    for method in controller_doc.get("verificationMethod", []) or []:
        if isinstance(method, dict):
            mid = str(method.get("id", ""))
            if mid == vm or (mid.startswith("#") and base + mid == vm):
                return method
    return None


def _authorized(controller_doc: dict[str, Any], vm: str, purpose: str) -> bool:
    base = str(controller_doc.get("id", ""))
    for entry in controller_doc.get(purpose, []) or []:
        ref = entry.get("id") if isinstance(entry, dict) else entry
        if isinstance(ref, str) and (ref == vm or (ref.startswith("#") and base + ref == vm)):
            return True
    return False


def resolve_key(vm: str, fetcher: Fetcher, purpose: str = "assertionMethod") -> ResolvedKey:
    """The public key behind `vm`, checked to be authorised for `purpose` by its controller."""
    if vm.startswith("did:key:"):
        did, _ = urldefrag(vm)
        try:
            raw = public_key_from_did_key(vm)
        except CryptoError as exc:
            raise ResolveError(f"{vm} is not an Ed25519 did:key: {exc.message}", "the proof names a broken key") from None
        return ResolvedKey(vm, did, Ed25519PublicKey.from_public_bytes(raw), "did:key (the key is in the identifier)")
    if vm.startswith("did:web:"):
        did, fragment = urldefrag(vm)
        if not fragment:
            raise ResolveError(f"{vm} names no key (no #fragment)", "a verification method is <did>#<key-id>")
        url = did_web_url(did)
        document = fetcher.get(url)
        if not isinstance(document, dict) or document.get("id") != did:
            raise ResolveError(f"the DID document at {url} is not for {did}", "the DID document's id must equal the DID")
        return _from_controller(vm, document, did, purpose, f"did:web {url}")
    if vm.startswith("https://") or vm.startswith("http://"):
        document = fetcher.get(vm)
        method = _find_method(document, vm)
        if method is None and isinstance(document, dict) and document.get("id") == vm:
            method = document  # the URL serves the key itself; its controller must list it
        if method is None:
            raise ResolveError(f"{vm} does not resolve to a verification method", "the URL must serve the key or its controller document")
        controller = str(method.get("controller", ""))
        controller_doc = document if _find_method(document, vm) else fetcher.get(controller)
        return _from_controller(vm, controller_doc, controller, purpose, f"controller document {urldefrag(controller)[0]}")
    raise ResolveError(f"cannot resolve verification method {vm!r}", "supported: did:key, did:web and https URLs")


def _from_controller(vm: str, document: Any, controller: str, purpose: str, source: str) -> ResolvedKey:
    method = _find_method(document, vm)
    if method is None:
        raise ResolveError(f"{vm} is not in its controller's document (it may have been removed as compromised)",
                           "the issuer no longer vouches for this key")
    if method.get("controller") not in (None, controller):
        raise ResolveError(f"{vm} is controlled by {method.get('controller')}, not {controller}",
                           "the key's controller must be the issuer")
    if not _authorized(document, vm, purpose):
        raise ResolveError(f"{vm} is not listed under {purpose} of {controller}",
                           f"the controller must list the key under {purpose}")
    return ResolvedKey(vm, controller, Ed25519PublicKey.from_public_bytes(_key_bytes(method, vm)), source)
