"""Walk a registry checkout: find and classify its source files, refuse symlinks and strays.

Only the two data folders (`issuers/`, `credentials/`) hold registry sources;
the layout is fixed, so every file there must be one of the known kinds. At the root,
`registry.yaml` (optional) holds the registry maintainers' decisions; other root files
(site configuration, documentation, code) are not registry data.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

from ..atomic import is_leftover, is_undo_record
from ..errors import Problem
from ..layout import DATA_FOLDERS, EXPECTED, FileKind, SourceFile, classify

# Folders not scanned outside the data folders: VCS data, environments, build output, caches.
SKIP_DIRS = frozenset({".git", ".hg", ".venv", "venv", "node_modules", "site", "__pycache__",
                       ".pytest_cache", ".mypy_cache", ".ruff_cache", "build", "dist", ".cache"})
_IMAGE = re.compile(r"[a-z0-9][a-z0-9-]{0,62}\.(svg|png)\Z")


def _relative(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def walk_tree(root: Path) -> tuple[list[str], list[Problem]]:
    """Every regular file under `root` (skipping SKIP_DIRS outside the data folders), sorted; symlinks become
    problems. Inside issuers/ and credentials/ every folder is walked, so no file there escapes the checks."""
    files: list[str] = []
    problems: list[Problem] = []
    pending: list[tuple[str, str, bool]] = [(str(root), "", False)]  # (folder, its path relative to root, in data)
    while pending:
        folder, rel, in_data = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue  # an unreadable folder, as os.walk skips it
        for entry in entries:  # the directory entry's type, with no further system call for most files
            path = f"{rel}{entry.name}"
            if entry.is_symlink():
                problems.append(_symlink_problem(root, root / path))
            elif entry.is_dir(follow_symlinks=False):
                data = in_data or (not rel and entry.name in DATA_FOLDERS)
                if data or (entry.name not in SKIP_DIRS and not entry.name.endswith(".egg-info")):
                    pending.append((entry.path, path + "/", data))  # inside the data folders nothing is skipped
            elif entry.is_file(follow_symlinks=False):
                files.append(path)
    files.sort()
    return files, sorted(problems)


def _symlink_problem(root: Path, full: Path) -> Problem:
    rel = _relative(root, full)
    target = os.readlink(full)
    return Problem(rel, 0, 0, "symlink", f"symbolic link (to '{target}') is not allowed in a registry",
                   "replace the link with the real file; links can point outside the repository")


def data_files(files: list[str]) -> tuple[list[SourceFile], list[Problem]]:
    """Classify the files of the data folders; anything unexpected there is a problem."""
    sources: list[SourceFile] = []
    problems: list[Problem] = []
    for path in files:
        top = path.split("/", 1)[0]
        if top not in DATA_FOLDERS:
            continue
        source = classify(path)
        if source is None and is_leftover(path.rsplit("/", 1)[-1]):
            problems.append(_leftover_problem(path))
            continue
        if source is None or (source.kind is FileKind.IMAGE and not _IMAGE.fullmatch(source.stem)):
            problems.append(Problem(path, 0, 0, "unexpected-file",
                                    "this file is not part of the registry layout",
                                    f"move or remove it; the data folders hold only {EXPECTED}"))
            continue
        sources.append(source)
    return sources, problems


def _leftover_problem(path: str) -> Problem:
    """A file an interrupted credreg write left behind: say so, and how it goes away."""
    if is_undo_record(path.rsplit("/", 1)[-1]):
        return Problem(path, 0, 0, "unexpected-file",
                       "a credreg write was interrupted here: this file records how to undo it",
                       "never merge a pull request that adds one; on the machine where the write was interrupted, the "
                       "next `credreg award`, `revoke` or `key` command puts the files back and removes it (a "
                       "committed one is never acted on: remove it with git rm)")
    return Problem(path, 0, 0, "unexpected-file", "temporary file of an interrupted credreg write",
                   "delete it (no credreg command may be running), or let the next `credreg award`, `revoke` or "
                   "`key` command remove it; never commit it")
