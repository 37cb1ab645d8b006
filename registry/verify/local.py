"""Inside a registry checkout, answer the registry's own URLs from the checked model (DIDs, status lists, credentials).

This is what lets `credreg verify` work offline on the registry's own credentials, and apply what
only the registry knows: each key's validity window. Nothing is read here: the checkout was
loaded and validated by the check's own load and validate stages, with every rule they apply; an issuer
whose files have problems vouches for nothing (its DID document does not resolve from here).
"""
from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from ..did import did_document
from ..errors import Problem, Severity
from ..layout import DATA_FOLDERS, FileKind
from ..load.signed import SignedFile
from ..model import Registry
from ..urls import SiteUrls
from .fetch import Fetcher, FetchError


class RegistryFiles:
    """The documents of one loaded checkout, by the URL each is served at."""

    def __init__(self, registry: Registry, signed: Iterable[SignedFile], urls: SiteUrls,
                 problems: Iterable[Problem] = ()) -> None:
        self.registry, self.urls = registry, urls
        self._broken: dict[str, Problem] = {}  # issuer id → the first error in its folders
        for problem in problems:
            parts = problem.file.split("/")
            if problem.severity is Severity.ERROR and len(parts) > 1 and parts[0] in DATA_FOLDERS:
                self._broken.setdefault(parts[1], problem)
        # Every URL this checkout answers: the issuer it belongs to, and its document (None: a DID document).
        self._owned: dict[str, tuple[str, Any]] = {urls.did_document(i): (i, None) for i in registry.issuers}
        for file in signed:
            place = file.place
            url = (urls.credential(place.stem) if place.kind is FileKind.AWARD
                   else urls.status_list(place.issuer_id, place.stem))
            self._owned[url] = (place.issuer_id, file.data)

    def answer(self, url: str) -> Any | None:
        """The document for one of this registry's URLs, or None for any other URL."""
        if url not in self._owned:
            if url.startswith((f"{self.urls.site_url}issuers/", f"{self.urls.site_url}status/")):
                raise FetchError(f"{url} is not in this registry", "check the URL, or run outside the checkout "
                                 "(`credreg check` lists the registry's issuers and their files)")
            return None
        issuer_id, document = self._owned[url]
        broken = self._broken.get(issuer_id)
        if broken is not None:
            raise FetchError(f"{url}: issuer {issuer_id!r} has problems in this checkout, so its files vouch for "
                             f"nothing; first: {broken.where()}: {broken.message}", "run `credreg check`")
        if document is None:
            return did_document(self.registry.issuers[issuer_id], self.urls)
        return copy.deepcopy(document)  # a verifier may not change the checkout's model

    def key_policy(self, vm: str, created: datetime | None) -> str | None:
        """Why a proof by one of this registry's keys is unacceptable at `created`, if it is."""
        owner = self.urls.key_of(vm)
        issuer = self.registry.issuers.get(owner[0]) if owner and owner[0] not in self._broken else None
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

