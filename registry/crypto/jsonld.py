"""The JSON-LD document loader: serves the contexts bundled with credreg and nothing else, never the network.

A verifier that fetched contexts could be made to sign or verify a different meaning than the
one it checked; so every context comes from `registry/contexts/` (listed with its SHA-256 in
`manifest.json`), and any other URL raises ContextNotBundled.
"""
from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Any

from ..errors import ContextNotBundled, CryptoError

Loader = Callable[..., dict[str, Any]]
"""A pyld `documentLoader`: `(url, options) -> {"contextUrl", "documentUrl", "document"[, "tag"]}`."""

MANIFEST = "manifest.json"


@cache
def bundled_contexts() -> Mapping[str, Mapping[str, Any]]:
    """URL → parsed context, read once from package data; a file that fails its manifest SHA-256 is refused."""
    folder = resources.files("registry.contexts")
    contexts: dict[str, Mapping[str, Any]] = {}
    for entry in json.loads(folder.joinpath(MANIFEST).read_text("utf-8")):
        raw = folder.joinpath(entry["file"]).read_bytes()
        if hashlib.sha256(raw).hexdigest() != entry["sha256"]:
            raise CryptoError(f"bundled JSON-LD context {entry['file']} does not match its SHA-256 in {MANIFEST}",
                              "the installed package was altered: reinstall credreg")
        contexts[entry["url"]] = json.loads(raw)
    return MappingProxyType(contexts)


def make_loader(extra: Mapping[str, Mapping[str, Any]] | None = None) -> Loader:
    """A documentLoader over the bundled contexts plus `extra` (URL → context document), for tests.

    Bundled contexts are answered with pyld's `tag: "static"`, so pyld keeps their processed form
    in its process-wide cache instead of re-processing them for every document. Extras are never
    tagged and may not replace a bundled URL: that cache is keyed by URL alone, so a test context
    must never be able to stand in for a bundled one, nor outlive its loader.
    """
    bundled = bundled_contexts()
    extra = dict(extra or {})
    shadowed = sorted(set(extra) & set(bundled))
    if shadowed:
        raise ValueError(f"extra contexts may not replace bundled ones: {', '.join(shadowed)}")

    def load(url: str, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
        """Answer pyld with a private copy (pyld rewrites context URLs in place)."""
        if url in bundled:
            return {"contextUrl": None, "documentUrl": url, "document": copy.deepcopy(dict(bundled[url])),
                    "tag": "static"}
        if url in extra:
            return {"contextUrl": None, "documentUrl": url, "document": copy.deepcopy(dict(extra[url]))}
        raise ContextNotBundled(f"JSON-LD context {url} is not bundled with credreg",
                                "credreg never fetches contexts from the network, so a document naming it cannot "
                                "be signed or verified; registry/contexts/manifest.json lists the bundled ones")
    return load


@cache
def _product_loader() -> Loader:
    """The bundled-only loader, built on first use (not at import, so a damaged package fails where it is used)."""
    return make_loader()


def document_loader(url: str, options: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The product's loader (bundled contexts only), in the shape pyld's `documentLoader` option expects."""
    return _product_loader()(url, options)
