"""All-or-nothing batches of file writes, and recovery of batches a killed process left half-done.

Every file is first staged as a temporary, and a copy of each file it replaces is kept beside it.
Only then is a journal written listing them; the files are renamed into place, and removing the
journal is the commit point. A process killed before that leaves a journal, and the next `recover`
(or `Batch`) of that folder puts every file back as it was, so a half-done batch never stays.
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import TracebackType

from .files import encoded, fsync_dir, write_temp
from .leftovers import JOURNAL, TEMP, TEMP_MARK, is_stale, remove_stale, unlink

_MAX_JOURNAL = 1 << 29  # about 300 bytes a file: room for batches of a million files


@dataclass
class _Entry:
    target: Path
    temp: Path
    sha256: str
    backup: Path | None


class Batch:
    """Files written all or nothing, under one folder `base` (which holds the journal).

    Use as a context manager: staged files are committed when the block ends normally and
    discarded if it raises. `stage_*` writes each file as a temporary at once, so a long batch
    never holds more than one file in memory.
    """

    def __init__(self, base: Path) -> None:
        self.base = Path(base)
        self._entries: list[_Entry] = []
        self._staged: set[Path] = set()
        self._cleaned: set[Path] = set()
        self._closed = False
        if self.base.is_dir():
            _rollback_journals(self.base)

    def __enter__(self) -> Batch:
        return self

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if kind is None:
            self.commit()
        else:
            self.discard()

    def stage_text(self, target: Path, text: str) -> None:
        """Stage `text` (UTF-8) as the new content of `target`."""
        self._stage(target, encoded(text))

    def _stage(self, target: Path, chunks: Iterable[bytes]) -> None:
        if self._closed:
            raise ValueError("this batch is already committed or discarded")
        target = Path(target)
        base, parent = self.base.resolve(), target.parent.resolve()
        if parent != base and base not in parent.parents:
            raise ValueError(f"{target} is not inside the batch's folder {self.base}")
        if target in self._staged:
            raise ValueError(f"{target} is staged twice")
        folder = target.parent
        folder.mkdir(parents=True, exist_ok=True)
        if folder not in self._cleaned:
            remove_stale(folder, backups=True)
            self._cleaned.add(folder)
        temp, digest = write_temp(target, chunks, mode_of=target)
        entry = _Entry(target, temp, digest, None)
        self._entries.append(entry)
        self._staged.add(target)
        if os.path.lexists(target):
            entry.backup = temp.with_name(temp.name + ".old")
            old, _ = write_temp(target, [target.read_bytes()], mode_of=target)
            os.replace(old, entry.backup)

    def discard(self) -> None:
        """Drop every staged file; the targets stay as they were."""
        self._closed = True
        for entry in self._entries:
            unlink(entry.temp)
            if entry.backup:
                unlink(entry.backup)
        self._entries = []

    def commit(self) -> None:
        """Rename every staged file into place: all of them, or (if interrupted) none."""
        if self._closed:
            raise ValueError("this batch is already committed or discarded")
        self._closed = True
        entries = self._entries
        if not entries:
            return
        if len(entries) == 1:  # one rename is atomic by itself
            only = entries[0]
            try:
                os.replace(only.temp, only.target)
            except BaseException:
                self._closed = False
                self.discard()
                raise
            fsync_dir(only.target.parent)
            if only.backup:
                unlink(only.backup)
            return
        journal = self.base / f".credreg-commit{TEMP_MARK}{os.getpid()}-{secrets.token_hex(4)}.journal"
        record = {"credreg-commit": 1, "files": [
            {"target": self._rel(e.target), "temp": self._rel(e.temp), "sha256": e.sha256,
             "backup": self._rel(e.backup) if e.backup else None} for e in entries]}
        try:
            temp, _ = write_temp(journal, [json.dumps(record, indent=1).encode("utf-8")])
            os.replace(temp, journal)
            fsync_dir(self.base)
            for entry in entries:
                os.replace(entry.temp, entry.target)
            for folder in dict.fromkeys(entry.target.parent for entry in entries):
                fsync_dir(folder)
        except BaseException:
            _rollback(entries)
            unlink(journal)
            fsync_dir(self.base)
            raise
        unlink(journal)  # the commit point
        fsync_dir(self.base)
        for entry in entries:
            if entry.backup:
                unlink(entry.backup)

    def _rel(self, path: Path) -> str:
        return path.relative_to(self.base).as_posix()


def recover(folder: Path) -> list[Path]:
    """Undo interrupted batches and remove leftovers of dead writers anywhere under `folder`.

    Returns the leftover files it dealt with. Leftovers of a writer that still runs are kept.
    """
    handled: list[Path] = []
    if not folder.is_dir():
        return handled
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        here = Path(dirpath)
        dirnames[:] = sorted(d for d in dirnames if not (here / d).is_symlink())
        if any(TEMP_MARK in name for name in filenames):
            handled += _rollback_journals(here)
            handled += remove_stale(here, backups=True)
    return handled


def _rollback_journals(folder: Path) -> list[Path]:
    """Roll back the journals of dead writers in `folder` (a journal that does not parse is kept)."""
    handled: list[Path] = []
    for journal in sorted(folder.iterdir()):
        match = JOURNAL.fullmatch(journal.name)
        if not match or not is_stale(journal, int(match["pid"])) or not journal.is_file() or journal.is_symlink():
            continue
        entries = _read_journal(folder, journal)
        if entries is None:
            continue
        _rollback(entries)
        unlink(journal)
        fsync_dir(folder)
        handled.append(journal)
    return handled


def _read_journal(base: Path, journal: Path) -> list[_Entry] | None:
    """The entries of a journal, or None if it is not one credreg wrote (paths are checked: never outside)."""
    try:
        with journal.open("rb") as handle:
            data = json.loads(handle.read(_MAX_JOURNAL + 1))
        entries = []
        for item in data["files"]:
            target, temp = _inside(base, item["target"]), _inside(base, item["temp"])
            backup = _inside(base, item["backup"]) if item["backup"] is not None else None
            digest = item["sha256"]
            named = TEMP.fullmatch(temp.name)
            if not (named and named["name"] == target.name and temp.parent == target.parent
                    and isinstance(digest, str) and re.fullmatch(r"[0-9a-f]{64}", digest)
                    and (backup is None or backup == temp.with_name(temp.name + ".old"))):
                return None
            entries.append(_Entry(target, temp, digest, backup))
        return entries
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _inside(base: Path, rel: object) -> Path:
    """`base / rel` for a plain relative path that stays inside `base` with no symbolic link on the way."""
    if not isinstance(rel, str) or "\\" in rel or "\0" in rel:
        raise ValueError(rel)
    parts = PurePosixPath(rel).parts
    if not parts or rel.startswith("/") or any(p in ("", ".", "..") for p in parts):
        raise ValueError(rel)
    path = base.joinpath(*parts)
    if path.parent.resolve() != base.resolve().joinpath(*parts[:-1]) or path.is_symlink():
        raise ValueError(rel)
    return path


def _rollback(entries: list[_Entry]) -> None:
    """Put each target back as it was before the batch; safe to run again if interrupted."""
    for entry in entries:
        if _sha256(entry.target) == entry.sha256:  # the new content went in: undo it
            if entry.backup is None:
                unlink(entry.target)
            elif entry.backup.is_file():
                os.replace(entry.backup, entry.target)
        unlink(entry.temp)
        if entry.backup:
            unlink(entry.backup)
    for folder in dict.fromkeys(entry.target.parent for entry in entries):
        fsync_dir(folder)


def _sha256(path: Path) -> str | None:
    try:
        if path.is_symlink():
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None
