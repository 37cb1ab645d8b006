"""Inside a registry checkout, answer the registry's own URLs from the checked model (DIDs, status lists, credentials).

This is what lets `credreg verify` work offline on the registry's own credentials, and apply what
only the registry knows: each key's validity window. Nothing is read here: the checkout was
loaded and validated by the check's own load and validate stages, with every rule they apply.
"""
from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from ..did import did_document
from ..layout import FileKind, status_list_file
from ..load.signed import SignedFile
from ..model import Registry
from ..urls import SiteUrls
from .fetch import Fetcher, FetchError


class RegistryFiles:
    """The documents of one loaded checkout, by the URL each is served at."""

    def __init__(self, registry: Registry, signed: Iterable[SignedFile], urls: SiteUrls) -> None:
        self.registry, self.urls = registry, urls
        self._documents: dict[str, Any] = {}
        for file in signed:
            place = file.place
            url = (urls.credential(place.stem) if place.kind is FileKind.AWARD
                   else urls.status_list(place.issuer_id, place.stem))
            self._documents[url] = file.data

    def answer(self, url: str) -> Any | None:
        """The document for one of this registry's URLs, or None for any other URL."""
        site = self.urls.site_url
        if not url.startswith(site):
            return None
        parts = url[len(site):].split("/")
        if len(parts) == 3 and parts[0] == "issuers" and parts[2] == "did.json":
            issuer = self.registry.issuers.get(parts[1])
            if issuer is None:
                raise FetchError(f"{url}: no valid issuer {parts[1]!r} in this registry", "run `credreg check`")
            return did_document(issuer, self.urls)
        if url in self._documents:
            return copy.deepcopy(self._documents[url])  # a verifier may not change the checkout's model
        if len(parts) == 3 and parts[0] == "status" and parts[2].endswith(".json"):
            raise FetchError(f"{url} is not in this registry (no {status_list_file(parts[1], parts[2][:-5])})",
                             "check the URL, or run outside the checkout")
        return None

    def key_policy(self, vm: str, created: datetime | None) -> str | None:
        """Why a proof by one of this registry's keys is unacceptable at `created`, if it is."""
        owner = self.urls.key_of(vm)
        issuer = self.registry.issuers.get(owner[0]) if owner else None
        key = issuer.key(owner[1]) if issuer and owner else None
        if key is None:
            return None
        if created is None:
            return "the proof has no valid 'created' time, so the key's validity cannot be checked"
        if not key.valid_at(created):
            if key.compromised:
                return f"key {key.id} was compromised; signatures it made from {key.compromised_since or 'the start'} are void"
            return f"key {key.id} was not valid at {created.isoformat()} (outside its validity window)"
        return None


def registry_fetcher(files: RegistryFiles, maps: Mapping[str, Path], allow_network: bool) -> Fetcher:
    """A fetcher answering the checkout's own URLs from its files, then maps, then (if allowed) the network."""
    return Fetcher(maps=maps, allow_network=allow_network, local=files.answer)

