"""`credreg review`: judge a pull request's changes by the base revision's rules, and check its head tree.

Both trees are exported from git into a temporary folder (nothing in the working tree is read, so
what is judged is exactly what would merge). The base tree is loaded for the rules: maintainers,
admission policy, keys and awards come only from it, never from the pull request's own files. The
head tree gets the full `credreg check`, whose problems are part of the verdict.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import Problem, Severity
from ..layout import FileKind, rubric_file
from ..load.signed import SignedFile
from ..ob3.fields import MAX_RUBRIC_VERSION, as_object, ascii_int
from . import history, rules
from .git import FileChange
from .rules import Pull, Side
from .summary import Summary, summarize
from .trees import pull_trees

RULES = (rules.owner_rule, rules.admission_rule, rules.accreditor_rule, rules.acceptance_rule,
         rules.site_code_rule, rules.mixed_rule, rules.key_rule) + history.RULES


@dataclass(frozen=True)
class ReviewResult:
    """What a review found: every refused change, and the head tree's check problems."""

    base: str  # full commit ids
    head: str
    author: int
    registry_maintainer: bool  # whether the author is one, by the base revision's registry.yaml
    changes: tuple[FileChange, ...]
    refused: tuple[Problem, ...]
    check: tuple[Problem, ...]
    files: int  # files the head check read
    summary: Summary  # what the pull request adds, changes and revokes, for people (the job summary)

    @property
    def check_failed(self) -> bool:
        """Whether the head tree fails `credreg check` (errors only, as without --strict)."""
        return any(p.severity is Severity.ERROR for p in self.check)

    @property
    def failed(self) -> bool:
        """Whether the pull request is refused: any refused change, or a failing head check."""
        return bool(self.refused) or self.check_failed


def used_rubrics(signed: tuple[SignedFile, ...]) -> Mapping[str, int]:
    """Rubric file → the number of awards naming its version (read from the awards as loaded, unverified)."""
    used: Counter[str] = Counter()
    for file in signed:
        if file.place.kind is not FileKind.AWARD:
            continue
        achievement = as_object(as_object(file.data.get("credentialSubject")).get("achievement"))
        version = ascii_int(achievement.get("version"), MAX_RUBRIC_VERSION)
        if version is not None:
            used[rubric_file(file.place.issuer_id, file.place.badge_id, version)] += 1
    return dict(used)


def _files(root: Path) -> frozenset[str]:
    return frozenset(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def judge(pull: Pull) -> tuple[Problem, ...]:
    """Every refused change of `pull`, by every rule, sorted by file."""
    return tuple(sorted({problem for rule in RULES for problem in rule(pull)}))


def review(repo: Path, base: str, head: str, author: int, *, cache_dir: Path | None = None,
           use_cache: bool = True) -> ReviewResult:
    """Review the pull request from `base` to `head` in the git repository `repo`, opened by GitHub id `author`."""
    with pull_trees(repo, base, head, incremental=True, cache_dir=cache_dir, use_cache=use_cache) as trees:
        before, after, checked = trees.before, trees.after, trees.checked
        assert before.registry is not None and after.registry is not None  # load_registry always builds one
        pull = Pull(trees.changes, author,
                    Side(before.registry, _files(trees.base_root), trees.base_root, used_rubrics(before.signed)),
                    Side(after.registry, _files(trees.head_root), trees.head_root))
        refused = judge(pull)
        summary = summarize(trees.changes, before, after, refused + checked.problems, trees.urls)
    changes = trees.changes
    return ReviewResult(changes.base, changes.head, author, pull.by_registry_maintainer, changes.changes, refused,
                        checked.problems, checked.files, summary)
