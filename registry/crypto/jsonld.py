"""The JSON-LD document loader: serves only the contexts bundled with credreg, never the network."""
from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Mapping
from functools import cache
from importlib import resources
from typing import Any

from ..errors import ContextNotBundled

Loader = Callable[..., dict[str, Any]]


@cache
def bundled_contexts() -> Mapping[str, dict[str, Any]]:
    """URL → parsed context, from the package's contexts/manifest.json (hashes checked once)."""
    folder = resources.files("registry.contexts")
    manifest = json.loads(folder.joinpath("manifest.json").read_text("utf-8"))
    contexts = {}
    for entry in manifest:
        raw = folder.joinpath(entry["file"]).read_bytes()
        if hashlib.sha256(raw).hexdigest() != entry["sha256"]:
            raise ContextNotBundled(f"bundled context {entry['file']} does not match its recorded SHA-256",
                                    "reinstall credreg; the package files were altered")
        contexts[entry["url"]] = json.loads(raw)
    return contexts


def make_loader(extra: Mapping[str, dict[str, Any]] | None = None) -> Loader:
    """A pyld documentLoader over the bundled contexts (plus `extra`, for tests only)."""
    known = dict(bundled_contexts())
    known.update(extra or {})
    responses = {url: {"contextUrl": None, "documentUrl": url, "document": doc} for url, doc in known.items()}

    def load(url: str, options: Any = None) -> dict[str, Any]:
        try:
            return responses[url]
        except KeyError:
            raise ContextNotBundled(f"JSON-LD context {url} is not bundled with credreg",
                                    "credreg never fetches contexts from the network; a credential naming an "
                                    "unknown context cannot be verified") from None
    return load


document_loader: Loader = make_loader()
