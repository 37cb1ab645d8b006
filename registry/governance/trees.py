"""Both sides of a pull request, exported from git and loaded once: what review and diff both read.

The head is checked once; its model serves the rules and the summary when the check passes, and
only a head with errors is loaded again (as far as it loads) for them.
"""
from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from ..check import CheckResult, check_registry, load_registry
from ..config import load_site_urls
from ..errors import CredregError
from ..urls import SiteUrls
from ..verify.cache import default_cache_dir
from .git import ChangeSet, export_tree, read_changes


@dataclass(frozen=True)
class PullTrees:
    """The changes between two commits, both trees on disk, the base as loaded and the head as checked."""

    changes: ChangeSet
    base_root: Path
    head_root: Path
    before: CheckResult  # the base tree as load_registry gives it (model and signed files)
    after: CheckResult  # the head's model: the check's when it passed, else what load_registry could load
    checked: CheckResult  # `credreg check` of the head tree
    urls: SiteUrls | None  # the head's, or None when its mkdocs.yml is broken (the check says how)


@contextmanager
def pull_trees(repo: Path, base: str, head: str, *, incremental: bool, cache_dir: Path | None = None,
               use_cache: bool = True) -> Iterator[PullTrees]:
    """Export and load both sides of `base`..`head` in `repo`; the folders are removed on leaving.

    `incremental` checks signatures only of what the pull request changed (and of issuers whose keys it
    changed): the rest are the base's bytes, verified when the base was merged.
    """
    changes = read_changes(repo, base, head)
    with tempfile.TemporaryDirectory(prefix="credreg-pull-") as work:
        base_root = export_tree(repo, changes.base, Path(work) / "base")
        head_root = export_tree(repo, changes.head, Path(work) / "head")
        checked = check_registry(head_root, cache_dir=cache_dir, use_cache=use_cache,
                                 verify_only=changes.paths if incremental else None)
        folder = (cache_dir or default_cache_dir()) if use_cache else None
        after = checked if checked.registry is not None else load_registry(head_root, folder)
        yield PullTrees(changes, base_root, head_root, load_registry(base_root, folder), after, checked,
                        site_urls_or_none(head_root))


def site_urls_or_none(root: Path) -> SiteUrls | None:
    """The tree's SiteUrls, or None when its mkdocs.yml is broken (the check's problems say how; the summary
    then shows proofs without naming their owners)."""
    try:
        return load_site_urls(root)
    except CredregError:
        return None
