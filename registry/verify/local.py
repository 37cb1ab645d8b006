"""Inside a registry checkout, answer the registry's own URLs from its files (DIDs, status lists, credentials).

This is what lets `credreg verify` work offline on the registry's own credentials,
and apply what only the registry knows: each key's validity window.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from ..did import did_document
from ..errors import InputError, Problem
from ..load.json_source import read_bounded, read_json
from ..load.source import SourceError
from ..load.tree import FileKind
from ..load.yaml_source import load_yaml
from ..model import Issuer
from ..urls import SiteUrls, load_site_urls
from ..validate.assemble import issuer_from
from ..validate.identity import ID_RE
from ..validate.schema import schema_problems
from .fetch import Fetcher, FetchError


class RegistryFiles:
    """Reads issuers and signed files of one checkout on demand."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.urls: SiteUrls = load_site_urls(root)
        self._issuers: dict[str, Issuer | None] = {}

    def issuer(self, issuer_id: str) -> Issuer | None:
        """The issuer as its issuer.yaml says, or None if absent or invalid."""
        if issuer_id not in self._issuers:
            self._issuers[issuer_id] = self._load_issuer(issuer_id)
        return self._issuers[issuer_id]

    def _load_issuer(self, issuer_id: str) -> Issuer | None:
        path = self.root / "issuers" / issuer_id / "issuer.yaml"
        if not ID_RE.match(issuer_id) or not path.is_file():
            return None
        try:
            doc = load_yaml(path.read_bytes(), f"issuers/{issuer_id}/issuer.yaml")
        except SourceError:
            return None
        problems: list[Problem] = schema_problems(doc, FileKind.ISSUER)
        if problems:
            return None
        issuer = issuer_from(doc, issuer_id, problems)
        return None if problems else issuer

    def answer(self, url: str) -> Any | None:
        """The document for one of this registry's URLs, or None for any other URL."""
        site = self.urls.site_url
        if not url.startswith(site):
            return None
        parts = url[len(site):].split("/")
        if len(parts) == 3 and parts[0] == "issuers" and parts[2] == "did.json":
            issuer = self.issuer(parts[1])
            if issuer is None:
                raise FetchError(f"{url}: no valid issuer {parts[1]!r} in this registry", "run `credreg check`")
            return did_document(issuer, self.urls)
        if len(parts) == 3 and parts[0] == "status" and parts[2].endswith(".json") and ID_RE.match(parts[1]):
            return self._json(self.root / "credentials" / parts[1] / "status" / parts[2], url)
        if len(parts) == 2 and parts[0] == "credentials" and parts[1].endswith(".json"):
            stem = parts[1][:-5]
            if ID_RE.match(stem):
                found = sorted(self.root.glob(f"credentials/*/*/awards/{stem}.json"))
                if found:
                    return self._json(found[0], url)
        return None

    def _json(self, path: Path, url: str) -> Any:
        source = path.relative_to(self.root).as_posix()
        try:
            return read_json(read_bounded(path), source)
        except FileNotFoundError:
            raise FetchError(f"{url} is not in this registry (no {source})",
                             "check the URL, or run outside the checkout") from None
        except InputError as exc:
            raise FetchError(f"{exc.message}", "run `credreg check`") from None

    def key_policy(self, vm: str, created: datetime | None) -> str | None:
        """Why a proof by one of this registry's keys is unacceptable at `created`, if it is."""
        owner = self.urls.key_of(vm)
        issuer = self.issuer(owner[0]) if owner else None
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


def registry_fetcher(root: Path, maps: Mapping[str, Path], allow_network: bool) -> tuple[Fetcher, RegistryFiles]:
    """A fetcher answering the checkout's own URLs from its files, then maps, then (if allowed) the network."""
    files = RegistryFiles(root)
    return Fetcher(maps=maps, allow_network=allow_network, local=files.answer), files
