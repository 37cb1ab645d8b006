"""`credreg review`: judge a pull request by the base revision's rules; exit 1 if any change is refused."""
from __future__ import annotations

import argparse
import json
from itertools import groupby
from pathlib import Path
from typing import Any

from ..errors import GitError, UsageError
from ..governance.git import resolve
from ..governance.review import ReviewResult, review
from ..governance.summary_render import write_summary
from ..report import as_text, counts
from .options import EXIT_OK, EXIT_PROBLEMS, FORMAT, ROOT

REPORT_VERSION = 1
MAX_GITHUB_ID = 2**63 - 1


def github_id(value: str) -> int:
    """argparse type of --author: a numeric GitHub account id (ASCII digits; a login can be renamed, an id not)."""
    if not (value.isascii() and value.isdigit()) or len(value) > 19 or not 0 < int(value) <= MAX_GITHUB_ID:
        raise argparse.ArgumentTypeError(
            f"{value!r} is not a GitHub account id: give the author's numeric id (in a workflow: "
            "github.event.pull_request.user.id), not a login, since a login can be renamed")
    return int(value)


def as_review_text(result: ReviewResult) -> str:
    """The refused changes grouped by file, the head check's report, and the verdict."""
    who = "a registry maintainer" if result.registry_maintainer else "not a registry maintainer"
    lines = [f"review of {result.base[:12]}..{result.head[:12]} by GitHub id {result.author} ({who}): "
             f"{len(result.changes)} changed file{'s' * (len(result.changes) != 1)}", ""]
    for path, group in groupby(result.refused, key=lambda p: p.file):
        lines.append(path)
        for p in group:
            lines.append(f"  refused  {p.code:<18} {p.message}")
            lines.append(f"  {'':<8} {'':<18} hint: {p.hint}")
        lines.append("")
    lines += ["head check:", as_text(result.check, result.files), ""]
    n = len(result.refused)
    if not result.failed:
        lines.append("allowed: every change is allowed and the head tree passes `credreg check`")
    else:
        files = len({p.file for p in result.refused})
        parts = [f"{n} refused change{'s' * (n != 1)} in {files} file{'s' * (files != 1)}"] if n else []
        parts += ["the head tree fails `credreg check`"] if result.check_failed else []
        lines.append("refused: " + "; ".join(parts))
    return "\n".join(lines)


def as_review_json(result: ReviewResult) -> str:
    """The stable machine-readable review (README: `credreg review`)."""
    errors, warnings = counts(result.check)
    report: dict[str, Any] = {
        "version": REPORT_VERSION, "ok": not result.failed, "base": result.base, "head": result.head,
        "author": result.author, "registryMaintainer": result.registry_maintainer,
        "changes": [{"path": c.path, "status": c.status} for c in result.changes],
        "refused": [p.to_dict() for p in result.refused],
        "check": {"ok": not result.check_failed, "files": result.files, "errors": errors, "warnings": warnings,
                  "problems": [p.to_dict() for p in result.check]},
    }
    return json.dumps(report, indent=2, ensure_ascii=False)


def cmd_review(args: argparse.Namespace) -> int:
    """Review the changes from --base to --head; exit 1 if any is refused or the head fails the check."""
    repo = Path(args.root)
    if not repo.is_dir():
        raise UsageError(f"repository root {args.root!r} is not a folder",
                         "pass --root with the registry's git checkout")
    for option, rev in (("--base", args.base), ("--head", args.head)):
        try:
            resolve(repo, rev)
        except GitError as exc:
            raise UsageError(f"{option}: {exc.message}", exc.hint) from None
    result = review(repo, args.base, args.head, args.author, use_cache=not args.no_cache)
    if args.summary:
        write_summary(result.summary, Path(args.summary))
    print(as_review_json(result) if args.format == "json" else as_review_text(result))
    return EXIT_PROBLEMS if result.failed else EXIT_OK


DESCRIPTIONS = {  # what `credreg <command> --help` says first
    "review": ("Judge a pull request by the base branch's rules: who may change what (issuer folders by their "
               "maintainers, site code by registry maintainers only), append-only history, and a clean check of the "
               "head."),
}


def add_commands(sub: Any) -> None:
    """Register review on the top-level subparsers."""
    parser = sub.add_parser("review", description=DESCRIPTIONS["review"], parents=[ROOT, FORMAT],
                            help="judge a pull request's changes by the base revision's rules, and check its head")
    parser.add_argument("--base", required=True, metavar="REV", help="the branch the pull request merges into")
    parser.add_argument("--head", default="HEAD", metavar="REV", help="the pull request's commit (default HEAD)")
    parser.add_argument("--author", required=True, type=github_id, metavar="GITHUB_ID",
                        help="the pull request author's numeric GitHub id")
    parser.add_argument("--no-cache", action="store_true", help="verify every signature again, ignoring the cache")
    parser.add_argument("--summary", metavar="FILE",
                        help="also append a Markdown summary for people to FILE (in CI: \"$GITHUB_STEP_SUMMARY\")")
    parser.set_defaults(func=cmd_review)
