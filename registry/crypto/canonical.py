"""Canonical forms for signing: RFC 8785 JSON (JCS) and RDFC-1.0 N-Quads.

pyld 3.3 has no "safe mode" flag; under the VC 2.0 context an undefined term is not
dropped but mapped through its `@vocab`, so every field of a VC 2.0 credential is signed.
"""
from __future__ import annotations

from typing import Any

import rfc8785
from pyld import jsonld

from ..errors import ContextNotBundled, CryptoError
from .jsonld import Loader, document_loader


def jcs(value: Any) -> bytes:
    """RFC 8785 canonical JSON bytes."""
    try:
        return rfc8785.dumps(value)
    except (rfc8785.CanonicalizationError, TypeError, ValueError) as exc:
        raise CryptoError(f"cannot canonicalize as JSON (RFC 8785): {exc}", "the document holds a value JSON cannot sign") from None


def rdfc(document: dict[str, Any], loader: Loader = document_loader) -> str:
    """RDFC-1.0 (URDNA2015) canonical N-Quads of a JSON-LD document, contexts from `loader` only."""
    try:
        return str(jsonld.normalize(document, {"algorithm": "URDNA2015", "format": "application/n-quads",
                                               "documentLoader": loader}))
    except jsonld.JsonLdError as exc:
        cause: Any = exc
        while cause is not None:
            if isinstance(cause, ContextNotBundled):
                raise cause from None
            cause = getattr(cause, "cause", None) or getattr(cause, "__cause__", None)
        raise CryptoError(f"JSON-LD canonicalization failed: {str(exc).splitlines()[0]}",
                          "the document is not valid JSON-LD under its contexts") from None
