"""Read what a pull request changes, through the git CLI: the files between two commits, and each tree.

Everything here is read-only and bounded: revisions are resolved to commits first (a crafted name
cannot become an option), file contents are read with a size cap, and a tree is exported blob by blob,
as git stores it (no .gitattributes applies), with no path or link leaving the folder it is written to.
"""
from __future__ import annotations

import subprocess
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


def _blobs(repo: Path, shas: list[str]) -> list[bytes]:
    """The contents of the blobs `shas`, in order, read through one `git cat-file --batch` (capped in size)."""
    out = _git(repo, "cat-file", "--batch", stdin="".join(f"{sha}\n" for sha in shas).encode())
    contents, at = [], 0
    for _ in shas:
        header_end = out.index(b"\n", at)
        _, _, size_text = out[at:header_end].decode().rpartition(" ")
        size = int(size_text)
        body = out[header_end + 1:header_end + 1 + size]
        contents.append(body if size <= MAX_FILE_BYTES else f"<{size} bytes: too large to read>".encode())
        at = header_end + 1 + size + 1
    return contents


def export_tree(repo: Path, commit: str, dest: Path) -> Path:
    """The tree of `commit`, written into the new folder `dest` exactly as git stores it.

    Read blob by blob (never `git archive`, which obeys the tree's own .gitattributes: `export-ignore`
    would hide a file from the check and `export-subst` rewrite one). A link is kept only while it points
    inside the tree (the check then reports it as a symlink); a submodule becomes an empty file there,
    so the check reports it as what it is not.
    """
    listing = _git(repo, "ls-tree", "-r", "-z", "--full-tree", resolve(repo, commit))
    entries = []
    for entry in filter(None, listing.decode("utf-8", "surrogateescape").split("\0")):
        meta, _, path = entry.partition("\t")
        mode, kind, sha = meta.split()
        entries.append((mode, kind, sha, path))
    blobs = dict(zip((e[2] for e in entries if e[1] == "blob"),
                     _blobs(repo, [e[2] for e in entries if e[1] == "blob"])))
    dest.mkdir(parents=True)
    root = dest.resolve()
    for mode, kind, sha, path in entries:
        target = (dest / path).resolve()
        if path.startswith("/") or ".." in path.split("/") or root not in target.parents:
            raise GitError(f"the tree of {commit[:12]} holds the path {path!r}, which leaves the tree",
                           "a registry holds no paths outside itself")
        target.parent.mkdir(parents=True, exist_ok=True)
        if kind == "commit":  # a submodule
            target.write_bytes(b"")
        elif mode == "120000":
            link = blobs[sha].decode("utf-8", "surrogateescape")
            if link.startswith("/") or root not in (target.parent / link).resolve().parents:
                raise GitError(f"the tree of {commit[:12]} cannot be exported safely: {path} links outside it",
                               "a registry holds no links and no paths outside itself")
            target.symlink_to(link)
        else:
            target.write_bytes(blobs[sha])
    return dest
