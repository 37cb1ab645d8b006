"""Resolve a proof's verificationMethod to a public key: did:key, did:web, or an https controller document.

The key must be listed under `assertionMethod` by its controller: a key a DID merely
mentions may not sign credentials.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urldefrag

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from ..crypto.multikey import decode_multikey, key_from_did_key
from ..crypto.publickeys import PublicKey, from_base58_2018, from_jwk
from ..errors import CryptoError, ResolveError
from .fetch import Fetcher

__all__ = ["PublicKey", "ResolvedKey", "did_web_url", "method_key", "resolve_key"]


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


def method_key(method: dict[str, Any], vm: str) -> PublicKey:
    """The public key a verification method publishes, in whichever form its type uses.

    publicKeyMultibase (Multikey, Ed25519VerificationKey2020: Ed25519, P-256 or P-384),
    publicKeyBase58 (Ed25519VerificationKey2018) or publicKeyJwk (JsonWebKey2020, JsonWebKey).
    A method offering more than one form is refused: the two could name different keys.
    """
    forms = [name for name in ("publicKeyMultibase", "publicKeyBase58", "publicKeyJwk") if name in method]
    if not forms:
        raise ResolveError(f"verification method {vm} holds no public key",
                           "expected publicKeyMultibase, publicKeyBase58 or publicKeyJwk")
    if len(forms) > 1:
        raise ResolveError(f"verification method {vm} publishes its key in {len(forms)} forms ({', '.join(forms)})",
                           "a verification method holds one key, in one form")
    try:
        if forms[0] == "publicKeyMultibase":
            return decode_multikey(method["publicKeyMultibase"])
        if forms[0] == "publicKeyBase58":
            return from_base58_2018(method["publicKeyBase58"])
        return from_jwk(method["publicKeyJwk"])
    except CryptoError as exc:
        raise ResolveError(f"verification method {vm} has an unusable key: {exc.message}",
                           exc.hint or "the issuer's key document is broken") from None


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
            key = key_from_did_key(vm)
        except CryptoError as exc:
            raise ResolveError(f"{vm} is not a usable did:key: {exc.message}", "the proof names a broken key") from None
        return ResolvedKey(vm, did, key, "did:key (the key is in the identifier)")
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
    return ResolvedKey(vm, controller, method_key(method, vm), source)
