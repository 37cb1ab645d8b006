"""Sign credentials with a proof set: eddsa-rdfc-2022 (what OB 3.0 verifiers expect) and eddsa-jcs-2022
(verifiable in a browser with WebCrypto alone), both over the same unsigned document."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from ..crypto.dataintegrity import create_proof
from ..dates import iso
from ..urls import SiteUrls
from .store import SigningKey

CRYPTOSUITES = ("eddsa-rdfc-2022", "eddsa-jcs-2022")


def sign(document: dict[str, Any], key: SigningKey, urls: SiteUrls, created: datetime,
         cryptosuites: tuple[str, ...] = CRYPTOSUITES) -> dict[str, Any]:
    """`document` with a `proof` array holding one proof per cryptosuite, made with `key`."""
    unsigned = {k: v for k, v in document.items() if k != "proof"}
    vm = urls.verification_method(key.issuer_id, key.key_id)
    proofs = [create_proof(unsigned, key.private, vm, suite, iso(created)) for suite in cryptosuites]
    return {**unsigned, "proof": proofs}
