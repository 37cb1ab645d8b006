"""The key-change statement document: a new issuer key as a Multikey VC subject (see keys/statement.py).

Shared by `credreg key rotate`, which signs it, and `credreg check`, which rebuilds it to compare.
"""
from __future__ import annotations

from typing import Any

VC_V2 = "https://www.w3.org/ns/credentials/v2"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
STATEMENT_CONTEXT = (VC_V2, MULTIKEY_V1)
STATEMENT_TYPE = ("VerifiableCredential",)
STATEMENT_CRYPTOSUITES = ("eddsa-rdfc-2022",)  # what Data Integrity verifiers of VCs check


def statement_document(did: str, key_id: str, public_key_multibase: str, valid_from: str) -> dict[str, Any]:
    """The unsigned statement that key `key_id` (`public_key_multibase`, valid from `valid_from`) is `did`'s."""
    return {
        "@context": list(STATEMENT_CONTEXT),
        "type": list(STATEMENT_TYPE),
        "issuer": did,
        "validFrom": valid_from,
        "credentialSubject": {"id": f"{did}#{key_id}", "type": "Multikey", "controller": did,
                              "publicKeyMultibase": public_key_multibase},
    }
