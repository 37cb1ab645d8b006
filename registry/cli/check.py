"""`credreg check` lists every problem of the registry; `credreg build` checks it and publishes the site."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..check import check_registry
from ..currency import expiring
from ..report import as_json, as_text, expiring_text
from .options import EXIT_OK, EXIT_PROBLEMS, FORMAT, ROOT, now_option, registry_root, utc_date
from .progress import progress_bars


def cmd_check(args: argparse.Namespace) -> int:
    """List every problem of the registry; exit 1 if any fails the check (warnings only with --strict)."""
    root = registry_root(args.root)
    progress = progress_bars(args.format == "text" and sys.stderr.isatty())
    result = check_registry(root, progress, use_cache=not args.no_cache, today=utc_date(args.now))
    soon = expiring(result.registry, args.now) if args.now is not None and result.registry is not None else None
    if args.format == "json":
        print(as_json(result.problems, result.files, args.strict, soon, with_expiring=args.now is not None))
    else:
        print(as_text(result.problems, result.files, args.strict))
        if args.now is not None:
            print(f"\n{expiring_text(soon, args.now)}")
    return EXIT_PROBLEMS if result.failed(args.strict) else EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    """Check the registry, then build the static site."""
    from ..publish.build import build_site, show_progress  # MkDocs loads only for this command

    root = registry_root(args.root)
    show_progress()
    site = build_site(root, Path(args.out) if args.out else None, args.strict, args.now, args.unsafe_allow_site_code,
                      progress=progress_bars(sys.stderr.isatty()))
    print(f"built {site}")
    return EXIT_OK


DESCRIPTIONS = {  # what `credreg <command> --help` says first
    "check": ("Load every file of the registry, validate it, verify every signature, and list every problem at "
              "once, grouped by file, each with its line and a hint. Exit 0 when it checks clean, 1 when an error "
              "(with --strict also a warning) is found."),
    "build": ("Check the registry, then build the static site (MkDocs with the credreg plugin): every page, "
              "evidence page, hosted credential, DID document and status list. Nothing is built from a registry "
              "that does not check clean."),
}


def add_commands(sub: Any) -> None:
    """Register check and build on the top-level subparsers."""
    check = sub.add_parser("check", description=DESCRIPTIONS["check"], parents=[ROOT, FORMAT, now_option(
        "also warn about what is overdue as of this day, e.g. badge class reviews, and list the credentials "
        "expiring within 90 days after it (default: no clock is read)")],
        help="validate every file of the registry and list all problems")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--no-cache", action="store_true", help="verify every signature again, ignoring the cache")
    check.set_defaults(func=cmd_check)

    build = sub.add_parser("build", description=DESCRIPTIONS["build"], parents=[ROOT, now_option(
        "show expiry and review status as of this moment (default: no clock is read)")],
        help="check the registry and build the static site")
    build.add_argument("--out", help="output folder (default: site_dir of mkdocs.yml, 'site')")
    build.add_argument("--strict", action="store_true", help="warnings fail the build too")
    build.add_argument("--unsafe-allow-site-code", action="store_true",
                       help="let mkdocs.yml run code (hooks, Python tags, any plugin or Markdown extension): only "
                            "for a registry maintainer's own build of files they have reviewed, never a pull request's")
    build.set_defaults(func=cmd_build)
