"""Fetch the bytes behind a URL that may answer JSON, a JWT or a baked image (a credential handed in as a URL).

The same order and vetting as `Fetcher.get`: the local resolver, then mapped folders (confined, bounded to
the container limit), then the network (https on every hop, public addresses, the time budget, 1 MiB)."""
from __future__ import annotations

import json
from urllib.parse import urldefrag

from .containers import MAX_CONTAINER_BYTES
from typing import Any

from .fetch import Fetcher
from .fetch import _parse as parse_body


def fetch_bytes(fetcher: Fetcher, url: str) -> tuple[bytes, str | None]:
    """The raw bytes at `url` and, for a mapped URL, the file's name in its folder; FetchError as `Fetcher.get`
    raises it. Never cached: each credential is fetched once."""
    url = urldefrag(url)[0]
    local = fetcher.local(url) if fetcher.local else None
    if local is not None:
        return json.dumps(local, ensure_ascii=False).encode("utf-8"), None
    mapped = fetcher.mapped_file(url)
    if mapped is not None:
        with mapped[0].open("rb") as handle:
            return handle.read(MAX_CONTAINER_BYTES + 1), mapped[1]  # one byte more: an oversized file is refused
    return fetcher.network_body(url), None


def parse_fetched_json(raw: bytes, url: str, name: str | None) -> Any:
    """Fetched bytes read as JSON with exactly the messages `Fetcher.get` gives."""
    return parse_body(raw, url, name)
