"""Cache of checks that passed (signatures, schemas, per-file rules), keyed by content hash, kept outside the tree.

Only successes are cached, and every key is a SHA-256 over everything its check depends on: the
checker's own code, contexts and schemas (`checker_fingerprint`), the file's path and bytes, and for a
proof the public key. An entry says only "this key passed", so a cache can skip work but never make
a bad file pass: a planted entry would need a hash collision. It lives in the user's cache folder,
never in the tree, and a cache that is not what this module writes (corrupt, foreign, oversized) is
set aside and started afresh, with a notice: it only ever costs time.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
import sys
from functools import cache
from pathlib import Path

from .. import __version__

CACHE_ENV = "CREDREG_CACHE_DIR"
CACHE_FILE = "passed-v2.sqlite"
MAX_CACHE_BYTES = 256 * 1024 * 1024  # about 3 million entries; a registry of 100,000 awards needs ~300,000
_SCHEMA = "CREATE TABLE ok (key BLOB PRIMARY KEY) WITHOUT ROWID"
_BATCH = 900  # below SQLite's default limit of bound parameters


def default_cache_dir() -> Path:
    """$CREDREG_CACHE_DIR, else the per-user cache folder."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "credreg"


def package_fingerprint(package: Path, version: str) -> bytes:
    """A hash of `version` and of every file under `package` (code, contexts, schemas), by path and content."""
    digest = hashlib.sha256(version.encode())
    for path in sorted(p for p in package.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.digest()


@cache
def checker_fingerprint() -> bytes:
    """The installed package's fingerprint: any change to what decides a check changes every key, so an entry
    never outlives the code that wrote it."""
    return package_fingerprint(Path(__file__).resolve().parent.parent, __version__)


def content_key(*parts: bytes) -> str:
    """The cache key of one check: a hash over the checker's fingerprint and every input, length-prefixed."""
    digest = hashlib.sha256(checker_fingerprint())
    for part in parts:
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _notice(message: str) -> None:
    print(f"credreg: {message}", file=sys.stderr)


class PassCache:
    """A set of check keys that passed; a no-op when disabled or unusable."""

    def __init__(self, folder: Path | None, root: Path) -> None:
        self._db: sqlite3.Connection | None = None
        self._known: set[str] = set()  # keys found or added in this run
        self._absent: set[str] = set()  # keys asked for in this run and not found: each is read once
        if folder is None:
            return
        folder = folder.resolve()
        if folder == root or root in folder.parents:
            return  # never trust a cache inside the checked tree
        path = folder / CACHE_FILE
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._db = self._open(path)
        except (OSError, sqlite3.Error) as exc:
            _notice(f"the check cache {path} cannot be used ({exc}); checking without it")
            self._db = None

    @staticmethod
    def _open(path: Path) -> sqlite3.Connection:
        """The cache database at `path`; one that is too large or not of this module's making is started afresh."""
        problem = None
        if path.is_file() and path.stat().st_size > MAX_CACHE_BYTES:
            problem = f"is larger than {MAX_CACHE_BYTES:,} bytes"
        elif path.exists():
            probe = sqlite3.connect(path)
            try:
                tables = probe.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
                if tables != [("table", "ok", _SCHEMA)]:
                    problem = "does not hold this version's table"
            except sqlite3.DatabaseError as exc:
                problem = f"is unreadable ({exc})"
            finally:
                probe.close()
        if problem:
            _notice(f"the check cache {path} {problem}; starting a new one (this only costs time)")
            path.unlink()
        db = sqlite3.connect(path)
        db.execute(_SCHEMA.replace("CREATE TABLE", "CREATE TABLE IF NOT EXISTS"))
        return db

    def known(self, keys: list[str]) -> set[str]:
        """Which of `keys` passed before (one batched read; a failing read counts as none)."""
        found = {k for k in keys if k in self._known}
        asked = [bytes.fromhex(k) for k in keys if k not in found and k not in self._absent]
        if self._db is None or not asked:
            return found
        try:
            for start in range(0, len(asked), _BATCH):
                chunk = asked[start:start + _BATCH]
                rows = self._db.execute(f"SELECT key FROM ok WHERE key IN ({','.join('?' * len(chunk))})", chunk)
                found.update(row[0].hex() for row in rows if isinstance(row[0], bytes))
        except sqlite3.Error as exc:
            _notice(f"the check cache could not be read ({exc}); checking without it")
            self._db = None
            return {k for k in keys if k in self._known}
        self._known |= found
        self._absent.update(k for k in keys if k not in found)
        return found

    def add(self, keys: list[str]) -> None:
        """Record keys that passed."""
        new = [k for k in keys if k not in self._known]
        self._known.update(new)
        self._absent.difference_update(new)
        if self._db is None or not new:
            return
        try:
            with self._db:
                self._db.executemany("INSERT OR IGNORE INTO ok (key) VALUES (?)", [(bytes.fromhex(k),) for k in new])
        except sqlite3.Error:
            pass  # a full disk or a locked cache only costs time next run
