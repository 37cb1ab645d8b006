"""Cache of checks that passed (signatures, OB schema), keyed by content hash, kept outside the repository.

Only successes are cached, and the key covers everything a check depends on
(the document's content, which proof, the public key), so a cache can skip work but
never make a bad signature pass. It lives in the user's cache folder, never in the
tree: a pull request cannot plant entries.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
from pathlib import Path

CACHE_ENV = "CREDREG_CACHE_DIR"


def default_cache_dir() -> Path:
    """$CREDREG_CACHE_DIR, else the per-user cache folder."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "credreg"


def content_key(*parts: bytes) -> str:
    """The cache key of one check: a hash over every input it depends on, length-prefixed."""
    digest = hashlib.sha256()
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


class PassCache:
    """A set of proof-check keys that verified; a no-op when disabled."""

    def __init__(self, folder: Path | None, root: Path) -> None:
        self._db: sqlite3.Connection | None = None
        if folder is None:
            return
        folder = folder.resolve()
        if folder == root or root in folder.parents:
            return  # never trust a cache inside the checked tree
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(folder / "passed-v1.sqlite")
            self._db.execute("CREATE TABLE IF NOT EXISTS ok (key TEXT PRIMARY KEY)")
        except (OSError, sqlite3.Error):
            self._db = None  # an unusable cache only costs time

    def known(self, keys: list[str]) -> set[str]:
        """Which of `keys` verified before."""
        if self._db is None or not keys:
            return set()
        found: set[str] = set()
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            rows = self._db.execute(f"SELECT key FROM ok WHERE key IN ({','.join('?' * len(chunk))})", chunk)
            found.update(row[0] for row in rows)
        return found

    def add(self, keys: list[str]) -> None:
        """Record keys that verified."""
        if self._db is None or not keys:
            return
        try:
            with self._db:
                self._db.executemany("INSERT OR IGNORE INTO ok (key) VALUES (?)", [(k,) for k in keys])
        except sqlite3.Error:
            pass
