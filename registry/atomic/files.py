"""Single atomic file writes: a file is either wholly old or wholly new, even if the process is killed.

Its bytes go to a temporary in the same folder, are fsynced, and the temporary is renamed over the
target (`os.replace`, atomic within one folder), then the folder is fsynced.
"""
from __future__ import annotations

import hashlib
import os
import secrets
import stat
from collections.abc import Iterable
from pathlib import Path

from .leftovers import TEMP_MARK, remove_stale, unlink

_CHUNK = 1 << 16
_cleaned: set[Path] = set()  # folders this process already cleaned (a folder is scanned once, not per file)


def write_text(path: Path, text: str, *, private: bool = False, exclusive: bool = False) -> None:
    """Write `text` (UTF-8) to `path` atomically; see `write_bytes`."""
    _write_file(path, encoded(text), private=private, exclusive=exclusive)


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
        remove_stale(folder, backups=False)
        _cleaned.add(folder)
    if exclusive and os.path.lexists(path):
        raise FileExistsError(f"{path} already exists")
    temp, _ = write_temp(path, chunks, private=private, mode_of=None if exclusive else path)
    try:
        if exclusive:
            _link_exclusive(temp, path)
        else:
            os.replace(temp, path)
    except BaseException:
        unlink(temp)
        raise
    fsync_dir(folder)


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
    unlink(temp)


def encoded(text: str) -> Iterable[bytes]:
    """`text` as UTF-8 in chunks, so a long text is never encoded all at once."""
    for start in range(0, len(text), _CHUNK):
        yield text[start:start + _CHUNK].encode("utf-8")


def temp_path(target: Path) -> Path:
    """A fresh temporary name beside `target`, marked with this process's id."""
    return target.with_name(f".{target.name}{TEMP_MARK}{os.getpid()}-{secrets.token_hex(4)}")


def write_temp(target: Path, chunks: Iterable[bytes], *, private: bool = False,
                mode_of: Path | None = None) -> tuple[Path, str]:
    """A new fsynced temporary beside `target` holding `chunks`; returns it and its SHA-256.

    A private file is created 0600; otherwise the usual 0666 less the umask, or the mode of
    `mode_of` (the file being replaced) if it exists. Nothing is left behind if writing fails.
    """
    temp = temp_path(target)
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
        unlink(temp)
        raise
    os.close(fd)
    return temp, digest.hexdigest()


def fsync_dir(folder: Path) -> None:
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
