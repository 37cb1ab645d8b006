"""Read what a pull request changes, through the git CLI: the files between two commits, and each tree.

Everything here is read-only and bounded: revisions are resolved to commits first (a crafted name
cannot become an option), file contents are read with a size cap, and a tree is exported with
tarfile's "data" filter, so no member can be a link or land outside the folder it is written to.
"""
from __future__ import annotations

import io
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from ..errors import GitError

MAX_FILE_BYTES = 16 * 1024 * 1024  # far above any registry file; a larger one is read as its size only
GIT_TIMEOUT = 120


@dataclass(frozen=True)
class FileChange:
    """One path the pull request adds, modifies or deletes, with its bytes before and after (None: absent)."""

    path: str
    status: str  # "added", "modified" or "deleted"
    before: bytes | None
    after: bytes | None


@dataclass(frozen=True)
class ChangeSet:
    """Everything that changed between two commits, by path."""

    base: str  # full commit ids
    head: str
    changes: tuple[FileChange, ...]

    @property
    def paths(self) -> frozenset[str]:
        """Every path that changed."""
        return frozenset(c.path for c in self.changes)


def _git(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    try:
        proc = subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True,
                              timeout=GIT_TIMEOUT, check=False)
    except FileNotFoundError:
        raise GitError("git is not installed", "install git: credreg review reads the repository's history") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} took longer than {GIT_TIMEOUT} s", "try again; is the repository huge?") from None
    if proc.returncode != 0:
        message = proc.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {message[-1] if message else proc.returncode}",
                       "run inside the registry's git checkout, with the history the revisions need "
                       "(in CI: actions/checkout with fetch-depth: 0)")
    return proc.stdout


def resolve(repo: Path, rev: str) -> str:
    """The full commit id `rev` names; refused before git sees it if it could be read as an option."""
    if not rev or rev.startswith("-") or any(ch.isspace() or ord(ch) < 32 for ch in rev):
        raise GitError(f"{rev!r} is not a revision", "give a commit id, a branch or a tag, e.g. --base origin/main")
    try:
        return _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}").decode().strip()
    except GitError:
        raise GitError(f"{rev!r} names no commit in {repo}", "fetch it first (git fetch origin), or check the name") \
            from None


def _blob(repo: Path, commit: str, path: str) -> bytes:
    """The bytes of `path` at `commit` (bounded: a larger file reads as a marker of its size)."""
    spec = f"{commit}:{path}"
    size = int(_git(repo, "cat-file", "-s", spec).decode().strip())
    if size > MAX_FILE_BYTES:
        return f"<{size} bytes: too large to read>".encode()
    return _git(repo, "cat-file", "blob", spec)


def read_changes(repo: Path, base: str, head: str = "HEAD") -> ChangeSet:
    """The files that differ between the commits `base` and `head` (renames read as a delete and an add)."""
    base_id, head_id = resolve(repo, base), resolve(repo, head)
    out = _git(repo, "diff", "--name-status", "--no-renames", "-z", base_id, head_id, "--")
    fields = out.decode("utf-8", "surrogateescape").split("\0")
    changes = []
    for status, path in zip(fields[0::2], fields[1::2]):
        kind = {"A": "added", "M": "modified", "D": "deleted", "T": "modified"}.get(status[:1])
        if kind is None:
            raise GitError(f"git reports {status!r} for {path}", "this is a bug in credreg; please report it")
        changes.append(FileChange(path, kind, None if kind == "added" else _blob(repo, base_id, path),
                                  None if kind == "deleted" else _blob(repo, head_id, path)))
    return ChangeSet(base_id, head_id, tuple(sorted(changes, key=lambda c: c.path)))


def export_tree(repo: Path, commit: str, dest: Path) -> Path:
    """The tree of `commit`, written into the new folder `dest` (links and paths that escape are refused)."""
    archive = _git(repo, "archive", "--format=tar", resolve(repo, commit))
    dest.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        try:
            tar.extractall(dest, filter="data")
        except (tarfile.FilterError, OSError) as exc:
            raise GitError(f"the tree of {commit[:12]} cannot be exported safely: {exc}",
                           "a registry holds no links and no paths outside itself") from None
    return dest
