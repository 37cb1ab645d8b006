"""Fetch JSON documents by URL: from mapped local folders first, the network only if allowed.

`--map https://registry.test/=site/` serves a URL prefix from a folder, so
verification runs offline; paths are confined to the mapped folder.
"""
from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit

from ..errors import CredregError, UsageError

MAX_DOCUMENT_BYTES = 4 * 1024 * 1024


class FetchError(CredregError):
    """A document could not be obtained (not found, not mapped, network refused, not JSON)."""


def parse_map(spec: str) -> tuple[str, Path]:
    """`URL_PREFIX=DIR` from the command line."""
    prefix, sep, folder = spec.partition("=")
    if not sep or not prefix.startswith(("https://", "http://")) or not folder:
        raise UsageError(f"--map {spec!r} is not URL_PREFIX=DIR", "e.g. --map https://registry.test/=site/")
    path = Path(folder)
    if not path.is_dir():
        raise UsageError(f"--map folder {folder!r} does not exist", "point it at a built site or a mirror")
    return prefix, path


@dataclass
class Fetcher:
    """Resolves URLs to parsed JSON; `local` answers first (e.g. the registry's own DIDs), then maps."""

    maps: Mapping[str, Path] = field(default_factory=dict)
    allow_network: bool = False
    local: Callable[[str], Any | None] | None = None
    timeout: float = 10.0
    _cache: dict[str, Any] = field(default_factory=dict)

    def get(self, url: str) -> Any:
        """The JSON document at `url` (without fragment), cached for the run."""
        url = urldefrag(url)[0]
        if url in self._cache:
            return self._cache[url]
        document = self._local(url)
        if document is None:
            document = self._mapped(url)
        if document is None:
            document = self._network(url)
        self._cache[url] = document
        return document

    def _local(self, url: str) -> Any | None:
        return self.local(url) if self.local else None

    def _mapped(self, url: str) -> Any | None:
        for prefix, folder in sorted(self.maps.items(), key=lambda item: -len(item[0])):
            if url.startswith(prefix):
                rel = url[len(prefix):]
                target = (folder / rel).resolve()
                base = folder.resolve()
                if target != base and base not in target.parents:
                    raise FetchError(f"{url} maps outside {folder}", "the URL path must stay inside the mapped folder")
                if target.is_dir():
                    target = target / "index.json"
                if not target.is_file():
                    raise FetchError(f"{url} is not in the mapped folder {folder} (looked for {target})",
                                     "check --map, or build the site first")
                return _parse(target.read_bytes(), url)
        return None

    def _network(self, url: str) -> Any:
        if not self.allow_network:
            raise FetchError(f"{url} is not available offline", "add --map URL_PREFIX=DIR to serve it from a folder")
        if urlsplit(url).scheme != "https":
            raise FetchError(f"refusing to fetch {url} over plain http", "only https URLs are fetched")
        request = urllib.request.Request(url, headers={"Accept": "application/json, application/ld+json"})
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (https only)
                body = response.read(MAX_DOCUMENT_BYTES + 1)
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise FetchError(f"cannot fetch {url}: {getattr(exc, 'reason', exc)}",
                             "check the network, or use --map with a local copy") from None
        if len(body) > MAX_DOCUMENT_BYTES:
            raise FetchError(f"{url} is larger than {MAX_DOCUMENT_BYTES:,} bytes", "refusing an oversized document")
        return _parse(body, url)


def _parse(body: bytes, url: str) -> Any:
    try:
        return json.loads(body)
    except ValueError:
        raise FetchError(f"{url} is not JSON", "the server or mapped file must hold a JSON document") from None
