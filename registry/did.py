"""did:web DID documents built from the model: the keys a verifier may trust for an issuer.

Current and retired keys stay in `assertionMethod` so credentials signed before a
rotation keep verifying with any standard verifier; compromised keys are dropped,
so nothing they signed verifies anywhere.
"""
from __future__ import annotations

from typing import Any

from .model import Issuer
from .urls import SiteUrls

DID_CONTEXT = ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"]


def did_document(issuer: Issuer, urls: SiteUrls) -> dict[str, Any]:
    """The issuer's DID document as served at `urls.did_document(issuer.id)`."""
    did = urls.issuer_did(issuer.id)
    methods = [
        {"id": f"{did}#{key.id}", "type": "Multikey", "controller": did,
         "publicKeyMultibase": key.public_key_multibase}
        for key in issuer.keys if not key.compromised
    ]
    ids = [m["id"] for m in methods]
    return {"@context": list(DID_CONTEXT), "id": did, "verificationMethod": methods,
            "assertionMethod": ids}
