"""`credreg diff BASE..HEAD`: what a pull request adds, changes and revokes, as its review would summarize it."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..errors import GitError, UsageError
from ..governance import git
from ..governance.summary import diff_summary
from ..governance.summary_render import as_markdown, as_text
from .options import EXIT_OK, EXIT_PROBLEMS, ROOT

RANGE_HINT = "give two revisions joined by two dots, e.g. main..HEAD or origin/main..my-branch"


def parse_range(spec: str) -> tuple[str, str]:
    """The two revisions of `BASE..HEAD` (an empty side means HEAD, as in git); UsageError for anything else."""
    if "..." in spec:
        raise UsageError(f"{spec!r} has three dots: credreg diff compares two commits, BASE..HEAD",
                         "for a branch's own changes give its merge base: $(git merge-base main HEAD)..HEAD")
    base, sep, head = spec.partition("..")
    if not sep:
        raise UsageError(f"{spec!r} is not a range BASE..HEAD", RANGE_HINT)
    if not base and not head:
        raise UsageError("'..' names no revision", RANGE_HINT)
    return base or "HEAD", head or "HEAD"


def cmd_diff(args: argparse.Namespace) -> int:
    """Print the summary of BASE..HEAD; exit 1 if the head tree has errors, as `credreg check` would."""
    root = Path(args.root)
    if not root.is_dir():
        raise UsageError(f"--root {args.root!r} is not a folder", "pass --root with the registry's git checkout")
    base, head = parse_range(args.range)
    try:
        base_id, head_id = git.resolve(root, base), git.resolve(root, head)
    except GitError as exc:
        raise UsageError(exc.message, exc.hint) from None
    summary = diff_summary(root, base_id, head_id, use_cache=not args.no_cache)
    sys.stdout.write(as_markdown(summary) if args.format == "markdown" else as_text(summary))
    return EXIT_PROBLEMS if summary.errors else EXIT_OK


DESCRIPTIONS = {  # what `credreg <command> --help` says first
    "diff": ("Summarize what the commits BASE..HEAD add, change and remove in the registry, per issuer and badge "
             "class, for a reviewer."),
}


def add_commands(sub: Any) -> None:
    """Register diff on the top-level subparsers."""
    diff = sub.add_parser("diff", description=DESCRIPTIONS["diff"],
                          parents=[ROOT], help="summarize what the commits BASE..HEAD add, change and "
                          "revoke, with the problems of the head")
    diff.add_argument("range", metavar="BASE..HEAD", help="the two commits to compare, e.g. main..HEAD")
    diff.add_argument("--format", choices=("text", "markdown"), default="text",
                      help="text for a terminal (default) or Markdown, as a GitHub job summary shows it")
    diff.add_argument("--no-cache", action="store_true", help="verify every signature again, ignoring the cache")
    diff.set_defaults(func=cmd_diff)
