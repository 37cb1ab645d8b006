"""Inside a registry checkout, answer the registry's own URLs from the checked model (DIDs, status lists, credentials,
endorsements).

This is what lets `credreg verify` work offline on the registry's own credentials, key histories included
(served from the model, so the generic key-history rule applies each key's window). Nothing is read here: the checkout was
loaded and validated by the check's own load and validate stages, with every rule they apply; an issuer
whose files have problems vouches for nothing (its DID document does not resolve from here).
"""
from __future__ import annotations

import copy
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from ..did import did_document, key_history
from ..errors import Problem, Severity
from ..layout import DATA_FOLDERS, FileKind
from ..load.signed import SignedFile
from ..model import Registry
from ..urls import SiteUrls
from .fetch import Fetcher, FetchError

_HISTORY = object()  # marks a key history URL in RegistryFiles._owned


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
        # Every URL this checkout answers: the issuer it belongs to, and its document (None: a DID document,
        # _HISTORY: a key history; both built from the model when asked for).
        self._owned: dict[str, tuple[str, Any]] = {urls.did_document(i): (i, None) for i in registry.issuers}
        self._owned.update({urls.key_history(i): (i, _HISTORY) for i in registry.issuers})
        for file in signed:
            place = file.place
            if place.kind is FileKind.AWARD:
                url = urls.credential(place.stem)
            elif place.kind is FileKind.ENDORSEMENT:  # served at its id, <site>endorsements/<id>.json
                url = urls.endorsement(place.stem)
            elif place.kind is FileKind.STATUS_LIST:
                url = urls.status_list(place.issuer_id, place.stem)
            else:
                continue
            self._owned[url] = (place.issuer_id, file.data)

    def answer(self, url: str) -> Any | None:
        """The document for one of this registry's URLs, or None for any other URL."""
        if url not in self._owned:
            if url.startswith(tuple(f"{self.urls.site_url}{folder}/" for folder in ("issuers", "status", "endorsements"))):
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
        if document is _HISTORY:
            return key_history(self.registry.issuers[issuer_id], self.urls)
        return copy.deepcopy(document)  # a verifier may not change the checkout's model


def registry_fetcher(files: RegistryFiles, maps: Mapping[str, Path], allow_network: bool) -> Fetcher:
    """A fetcher answering the checkout's own URLs from its files, then maps, then (if allowed) the network."""
    return Fetcher(maps=maps, allow_network=allow_network, local=files.answer)

