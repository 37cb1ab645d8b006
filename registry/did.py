"""did:web DID documents and key histories built from the model: the keys a verifier may trust for an issuer,
and when each of them was allowed to sign.

Current and retired keys stay in `assertionMethod` so credentials signed before a rotation keep verifying
with any standard verifier; keys revoked as compromised or lost are dropped, so nothing they signed verifies
anywhere (whoever holds a lost key can sign with any `created` time).

did:web has no key history of its own, so a retired key left in the DID document would also accept
credentials signed after its retirement. Each issuer's history is therefore published as hosted JSON
(`urls.key_history`) and linked from its DID document by a `CredregKeyHistory` service. It is linked
rather than signed: the DID document is already the issuer's authority over its keys (served by the
same origin), so a same-origin link carries exactly that trust, while a signature would need a key whose
own history it states, and would fail in the very case that matters, a compromised key.
"""
from __future__ import annotations

from typing import Any

from .dates import iso
from .model import Issuer
from .urls import SiteUrls

DID_CONTEXT = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]
KEY_HISTORY_SERVICE = "CredregKeyHistory"
KEY_HISTORY_VERSION = 1
WITHDRAWN_REASONS = ("compromised", "lost")  # revocation reasons that take a key out of the DID document


def did_document(issuer: Issuer, urls: SiteUrls) -> dict[str, Any]:
    """The issuer's DID document as served at `urls.did_document(issuer.id)`."""
    did = urls.issuer_did(issuer.id)
    methods = [
        {"id": f"{did}#{key.id}", "type": "Multikey", "controller": did,
         "publicKeyMultibase": key.public_key_multibase}
        for key in issuer.keys if key.revocation_reason not in WITHDRAWN_REASONS
    ]
    ids = [m["id"] for m in methods]
    return {"@context": list(DID_CONTEXT), "id": did, "verificationMethod": methods,
            "assertionMethod": ids,
            "service": [{"id": f"{did}#key-history", "type": KEY_HISTORY_SERVICE,
                         "serviceEndpoint": urls.key_history(issuer.id)}]}


def key_history(issuer: Issuer, urls: SiteUrls) -> dict[str, Any]:
    """The issuer's key history as served at `urls.key_history(issuer.id)`: every key, withdrawn ones too."""
    did = urls.issuer_did(issuer.id)
    keys = []
    for key in issuer.keys:
        entry: dict[str, Any] = {"id": f"{did}#{key.id}", "validFrom": iso(key.valid_from)}
        if key.valid_until is not None:
            entry["validUntil"] = iso(key.valid_until)
        if key.revoked_at is not None:
            entry["revokedAt"] = iso(key.revoked_at)
        if key.revocation_reason is not None:
            entry["reason"] = key.revocation_reason
        if key.compromised_since is not None:
            entry["compromisedSince"] = iso(key.compromised_since)
        keys.append(entry)
    return {"version": KEY_HISTORY_VERSION, "issuer": did, "keys": keys}
