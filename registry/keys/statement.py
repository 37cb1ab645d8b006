"""Key-change statements: a new issuer key, vouched for by a key the issuer already had, as a signed document.

A statement sits at `issuers/<issuer>/keys/<new-key-id>.json` and is a W3C Verifiable Credential
whose subject is the new key as a Multikey verification method (the object the DID document lists):

    {"@context": ["https://www.w3.org/ns/credentials/v2", "https://w3id.org/security/multikey/v1"],
     "type": ["VerifiableCredential"], "issuer": "<issuer DID>", "validFrom": "<the new key's validFrom>",
     "credentialSubject": {"id": "<DID>#<new-key-id>", "type": "Multikey", "controller": "<DID>",
                           "publicKeyMultibase": "z6Mk…"},
     "proof": [<eddsa-rdfc-2022 DataIntegrityProof by an older key of the issuer>]}

Only bundled contexts are used, and JSON-LD safe mode signs every term of it: VC 2.0 defines the
credential terms and the Multikey context the subject's (`controller`, `publicKeyMultibase`). It has
no second `type`: the bundled VC 2.0 context has no `@vocab`, so a term such as `KeyChangeStatement`
would be a relative IRI that safe mode refuses, and credreg owns no context URL to define one; the
subject's `Multikey` type and the file's place say what the document is. `credreg check` rebuilds the
document with `statement_document` and compares (registry/verify/key_statements.py).
"""
from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from ..dates import iso
from ..ob3.key_statement import STATEMENT_CRYPTOSUITES, statement_document
from ..urls import SiteUrls
from .sign import sign
from .store import SigningKey


def signed_statement(new: SigningKey, valid_from: datetime, signer: SigningKey, urls: SiteUrls,
                     created: datetime) -> dict[str, Any]:
    """The statement for `new`, signed by `signer` (an older key of the same issuer) at `created`."""
    if new.issuer_id != signer.issuer_id or new.key_id == signer.key_id:
        raise ValueError("a key statement is signed by another key of the same issuer")
    document = statement_document(urls.issuer_did(new.issuer_id), new.key_id, new.public_multibase, iso(valid_from))
    return sign(document, signer, urls, created, STATEMENT_CRYPTOSUITES)


def statement_text(document: dict[str, Any]) -> str:
    """A statement's file text: stable, UTF-8, newline at end (as award files are written)."""
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
