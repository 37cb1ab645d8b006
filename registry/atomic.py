"""Atomic file writes: a file is either wholly old or wholly new, even if the process is killed.

One file: its bytes go to a temporary in the same folder, are fsynced, and the temporary is
renamed over the target (`os.replace`, atomic within one folder), then the folder is fsynced.

Many files (`Batch`, all or nothing): every file is first staged as a temporary, and a copy of
each file it replaces is kept beside it. Only then is a journal written listing them; the files
are renamed into place, and removing the journal is the commit point. A process killed before
that leaves a journal, and the next `recover` (or `Batch`) of that folder puts every file back
as it was, so a half-done batch never stays.

Names of what an interrupted write can leave behind (each carries the writer's process id, so a
leftover of a process that still runs is never touched):
  .<name>.credreg-tmp-<pid>-<hex>          a temporary (removed once its writer is gone)
  .<name>.credreg-tmp-<pid>-<hex>.old      the previous content of <name>, kept during a batch
  .credreg-commit.credreg-tmp-<pid>-<hex>.journal   a batch being committed (rolled back)
"""
from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import stat
import subprocess
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from types import TracebackType

TEMP_MARK = ".credreg-tmp-"  # every leftover's name contains it
_TEMP = re.compile(r"\.(?P<name>.+)\.credreg-tmp-(?P<pid>[0-9]{1,10})-[0-9a-f]{8}\Z")
_BACKUP = re.compile(r"(?P<temp>\..+\.credreg-tmp-(?P<pid>[0-9]{1,10})-[0-9a-f]{8})\.old\Z")
_JOURNAL = re.compile(r"\.credreg-commit\.credreg-tmp-(?P<pid>[0-9]{1,10})-[0-9a-f]{8}\.journal\Z")
_CHUNK = 1 << 16
_MAX_JOURNAL = 1 << 29  # about 300 bytes a file: room for batches of a million files
_FOREIGN_STALE_SECONDS = 24 * 3600  # where process ids cannot be checked (not POSIX)
_cleaned: set[Path] = set()  # folders this process already cleaned (a folder is scanned once, not per file)


def is_leftover(name: str) -> bool:
    """Whether a file name is one an interrupted credreg write leaves behind."""
    return bool(_TEMP.fullmatch(name) or is_undo_record(name))


def is_undo_record(name: str) -> bool:
    """Whether a leftover is needed to undo a half-done batch (a journal or a kept copy): never delete it by hand."""
    return bool(_BACKUP.fullmatch(name) or _JOURNAL.fullmatch(name))


def write_text(path: Path, text: str, *, private: bool = False, exclusive: bool = False) -> None:
    """Write `text` (UTF-8) to `path` atomically; see `write_bytes`."""
    _write_file(path, _encoded(text), private=private, exclusive=exclusive)


def write_bytes(path: Path, data: bytes, *, private: bool = False, exclusive: bool = False) -> None:
    """Write `data` to `path` atomically: readers and a crash see the old file or the new one.

    `private`: the file is created with mode 0600 from its first byte (secrets; never chmod later).
    `exclusive`: never replace an existing file (FileExistsError), decided atomically.
    Stale temporaries of dead writers in the folder are removed first.
    """
    _write_file(path, [data], private=private, exclusive=exclusive)


def _write_file(path: Path, chunks: Iterable[bytes], *, private: bool, exclusive: bool) -> None:
    folder = path.parent
    if folder not in _cleaned:
        _remove_stale(folder, backups=False)
        _cleaned.add(folder)
    if exclusive and os.path.lexists(path):
        raise FileExistsError(f"{path} already exists")
    temp, _ = _write_temp(path, chunks, private=private, mode_of=None if exclusive else path)
    try:
        if exclusive:
            _link_exclusive(temp, path)
        else:
            os.replace(temp, path)
    except BaseException:
        _unlink(temp)
        raise
    _fsync_dir(folder)


def _link_exclusive(temp: Path, path: Path) -> None:
    """Move `temp` to `path` unless `path` exists (a hard link fails atomically if it does)."""
    try:
        os.link(temp, path)
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links: check, then rename
        if os.path.lexists(path):
            raise FileExistsError(f"{path} already exists") from None
        os.replace(temp, path)
        return
    _unlink(temp)


def _encoded(text: str) -> Iterable[bytes]:
    for start in range(0, len(text), _CHUNK):
        yield text[start:start + _CHUNK].encode("utf-8")


def _temp_path(target: Path) -> Path:
    return target.with_name(f".{target.name}{TEMP_MARK}{os.getpid()}-{secrets.token_hex(4)}")


def _write_temp(target: Path, chunks: Iterable[bytes], *, private: bool = False,
                mode_of: Path | None = None) -> tuple[Path, str]:
    """A new fsynced temporary beside `target` holding `chunks`; returns it and its SHA-256.

    A private file is created 0600; otherwise the usual 0666 less the umask, or the mode of
    `mode_of` (the file being replaced) if it exists. Nothing is left behind if writing fails.
    """
    temp = _temp_path(target)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
    fd = os.open(temp, flags, 0o600 if private else 0o666)
    digest = hashlib.sha256()
    try:
        if not private and mode_of is not None and os.name == "posix":
            try:
                os.fchmod(fd, stat.S_IMODE(os.lstat(mode_of).st_mode))
            except FileNotFoundError:
                pass
        for chunk in chunks:
            digest.update(chunk)
            view = memoryview(chunk)
            while view:
                view = view[os.write(fd, view):]
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        _unlink(temp)
        raise
    os.close(fd)
    return temp, digest.hexdigest()


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
        self._stage(target, _encoded(text))

    def stage_bytes(self, target: Path, data: bytes) -> None:
        """Stage `data` as the new content of `target`."""
        self._stage(target, [data])

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
            _remove_stale(folder, backups=True)
            self._cleaned.add(folder)
        temp, digest = _write_temp(target, chunks, mode_of=target)
        entry = _Entry(target, temp, digest, None)
        self._entries.append(entry)
        self._staged.add(target)
        if os.path.lexists(target):
            entry.backup = temp.with_name(temp.name + ".old")
            old, _ = _write_temp(target, [target.read_bytes()], mode_of=target)
            os.replace(old, entry.backup)

    @property
    def targets(self) -> list[Path]:
        """The files staged so far, in order."""
        return [entry.target for entry in self._entries]

    def discard(self) -> None:
        """Drop every staged file; the targets stay as they were."""
        self._closed = True
        for entry in self._entries:
            _unlink(entry.temp)
            if entry.backup:
                _unlink(entry.backup)
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
            _fsync_dir(only.target.parent)
            if only.backup:
                _unlink(only.backup)
            return
        journal = self.base / f".credreg-commit{TEMP_MARK}{os.getpid()}-{secrets.token_hex(4)}.journal"
        record = {"credreg-commit": 1, "files": [
            {"target": self._rel(e.target), "temp": self._rel(e.temp), "sha256": e.sha256,
             "backup": self._rel(e.backup) if e.backup else None} for e in entries]}
        try:
            temp, _ = _write_temp(journal, [json.dumps(record, indent=1).encode("utf-8")])
            os.replace(temp, journal)
            _fsync_dir(self.base)
            for entry in entries:
                os.replace(entry.temp, entry.target)
            for folder in dict.fromkeys(entry.target.parent for entry in entries):
                _fsync_dir(folder)
        except BaseException:
            _rollback(entries)
            _unlink(journal)
            _fsync_dir(self.base)
            raise
        _unlink(journal)  # the commit point
        _fsync_dir(self.base)
        for entry in entries:
            if entry.backup:
                _unlink(entry.backup)

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
            handled += _remove_stale(here, backups=True)
    return handled


def _rollback_journals(folder: Path) -> list[Path]:
    """Roll back the journals of dead writers in `folder` (a journal that does not parse is kept)."""
    handled: list[Path] = []
    for journal in sorted(folder.iterdir()):
        match = _JOURNAL.fullmatch(journal.name)
        if not match or not _is_stale(journal, int(match["pid"])) or not journal.is_file() or journal.is_symlink():
            continue
        entries = _read_journal(folder, journal)
        if entries is None:
            continue
        _rollback(entries)
        _unlink(journal)
        _fsync_dir(folder)
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
            named = _TEMP.fullmatch(temp.name)
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
                _unlink(entry.target)
            elif entry.backup.is_file():
                os.replace(entry.backup, entry.target)
        _unlink(entry.temp)
        if entry.backup:
            _unlink(entry.backup)
    for folder in dict.fromkeys(entry.target.parent for entry in entries):
        _fsync_dir(folder)


def _remove_stale(folder: Path, backups: bool) -> list[Path]:
    """Remove temporaries (and, if `backups`, kept copies) of writers that are gone."""
    removed: list[Path] = []
    try:
        names = [entry.name for entry in os.scandir(folder) if TEMP_MARK in entry.name]
    except OSError:
        return removed
    for name in sorted(names):
        match = _TEMP.fullmatch(name) or (_BACKUP.fullmatch(name) if backups else None)
        path = folder / name
        if match and _is_stale(path, int(match["pid"])) and not path.is_symlink() and path.is_file():
            _unlink(path)
            removed.append(path)
    return removed


def _is_stale(path: Path, pid: int) -> bool:
    """Whether the process that wrote `path` is gone (so its leftover may be cleaned up).

    A leftover that git tracks came with a commit, not from a killed write on this machine: a
    stranger's pull request could carry a journal that "rolls back" files it chose, so it is never
    acted on (the check reports it instead).
    """
    if pid == os.getpid() or _tracked(path):
        return False
    if os.name != "posix":
        try:
            return time.time() - path.stat().st_mtime > _FOREIGN_STALE_SECONDS
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except (OSError, OverflowError):  # it exists (another user's process), cannot be asked, or is no pid at all
        return False
    return False


def _tracked(path: Path) -> bool:
    """Whether git tracks `path` (False outside a git work tree, or without git)."""
    try:
        result = subprocess.run(["git", "-C", str(path.parent), "ls-files", "--error-unmatch", "--", path.name],
                                capture_output=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return result.returncode == 0


def _sha256(path: Path) -> str | None:
    try:
        if path.is_symlink():
            return None
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


def _unlink(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass


def _fsync_dir(folder: Path) -> None:
    """Make a rename in `folder` durable (where the system allows opening a folder)."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
