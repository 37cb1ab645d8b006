"""Names of what an interrupted credreg write leaves behind, and whether its writer is gone.

Each name carries the writer's process id, so a leftover of a process that still runs is never touched:
  .<name>.credreg-tmp-<pid>-<hex>          a temporary (removed once its writer is gone)
  .<name>.credreg-tmp-<pid>-<hex>.old      the previous content of <name>, kept during a batch
  .credreg-commit.credreg-tmp-<pid>-<hex>.journal   a batch being committed (rolled back)
"""
from __future__ import annotations

import os
import re
import subprocess
import time
from pathlib import Path

TEMP_MARK = ".credreg-tmp-"  # every leftover's name contains it
TEMP = re.compile(r"\.(?P<name>.+)\.credreg-tmp-(?P<pid>[0-9]{1,10})-[0-9a-f]{8}\Z")
BACKUP = re.compile(r"(?P<temp>\..+\.credreg-tmp-(?P<pid>[0-9]{1,10})-[0-9a-f]{8})\.old\Z")
JOURNAL = re.compile(r"\.credreg-commit\.credreg-tmp-(?P<pid>[0-9]{1,10})-[0-9a-f]{8}\.journal\Z")
_FOREIGN_STALE_SECONDS = 24 * 3600  # where process ids cannot be checked (not POSIX)


def is_leftover(name: str) -> bool:
    """Whether a file name is one an interrupted credreg write leaves behind."""
    return bool(TEMP.fullmatch(name) or is_undo_record(name))


def is_undo_record(name: str) -> bool:
    """Whether a leftover is needed to undo a half-done batch (a journal or a kept copy): never delete it by hand."""
    return bool(BACKUP.fullmatch(name) or JOURNAL.fullmatch(name))


def remove_stale(folder: Path, backups: bool) -> list[Path]:
    """Remove temporaries (and, if `backups`, kept copies) of writers that are gone."""
    removed: list[Path] = []
    try:
        names = [entry.name for entry in os.scandir(folder) if TEMP_MARK in entry.name]
    except OSError:
        return removed
    for name in sorted(names):
        match = TEMP.fullmatch(name) or (BACKUP.fullmatch(name) if backups else None)
        path = folder / name
        if match and is_stale(path, int(match["pid"])) and not path.is_symlink() and path.is_file():
            unlink(path)
            removed.append(path)
    return removed


def is_stale(path: Path, pid: int) -> bool:
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


def unlink(path: Path) -> None:
    """Remove `path` if it exists."""
    try:
        path.unlink()
    except FileNotFoundError:
        pass
