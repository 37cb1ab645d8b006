"""The `credreg` command: a thin layer that parses arguments and calls the library."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from . import __version__, commands
from .check import check_registry
from .errors import CredregError, UsageError
from .report import as_json, as_text
from .scaffold import new_badge, new_issuer

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that raises UsageError instead of exiting, so every usage problem exits 2 the same way."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}", f"see `{self.prog} --help`")


def _root(value: str) -> Path:
    root = Path(value)
    if not root.is_dir():
        raise UsageError(f"registry root {value!r} is not a folder", "pass --root with a registry checkout")
    if not any((root / name).is_dir() for name in ("issuers", "credentials")):
        raise UsageError(f"{value!r} is not a registry: it has no issuers/ or credentials/ folder",
                         "run inside a registry checkout or pass --root DIR")
    return root


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date like 2026-01-31") from None


def _progress_printer(enabled: bool) -> Callable[[str, int, int], None] | None:
    if not enabled:
        return None

    def show(stage: str, done: int, total: int) -> None:
        end = "\n" if stage == "checked" else ""
        print(f"\r{stage} {done:,}/{total:,} files", end=end, file=sys.stderr, flush=True)
    return show


def cmd_check(args: argparse.Namespace) -> int:
    root = _root(args.root)
    progress = _progress_printer(args.format == "text" and sys.stderr.isatty())
    result = check_registry(root, progress, use_cache=not args.no_cache, today=args.now)
    render = as_json if args.format == "json" else as_text
    print(render(result.problems, result.files, args.strict))
    return EXIT_PROBLEMS if result.failed(args.strict) else EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    from .publish.build import build_site, show_progress  # MkDocs loads only for this command

    root = _root(args.root)
    show_progress()
    site = build_site(root, Path(args.out) if args.out else None, args.strict, args.now)
    print(f"built {site}")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    root = _root(args.root) if args.what == "badge" else Path(args.root)
    if args.what == "issuer":
        written = new_issuer(root, args.id, name=args.name, kind=args.kind)
    else:
        written = new_badge(root, args.id, name=args.name)
    for path in written:
        print(f"wrote {path}")
    print("next: fill in the files, then run `credreg check`")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; its help texts are the command reference."""
    parser = _Parser(prog="credreg", description="A static public credential registry generated from git.")
    parser.add_argument("--version", action="version", version=f"credreg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    check = sub.add_parser("check", help="validate every file of the registry and list all problems")
    check.add_argument("--root", default=".", help="registry checkout (default: current folder)")
    check.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")
    check.add_argument("--strict", action="store_true", help="treat warnings as errors")
    check.add_argument("--no-cache", action="store_true", help="verify every signature again, ignoring the cache")
    check.add_argument("--now", type=_date, metavar="DATE",
                       help="also warn about what is overdue as of this date (e.g. badge class reviews)")
    check.set_defaults(func=cmd_check)

    build = sub.add_parser("build", help="check the registry and build the static site")
    build.add_argument("--root", default=".", help="registry checkout (default: current folder)")
    build.add_argument("--out", help="output folder (default: site_dir of mkdocs.yml, 'site')")
    build.add_argument("--strict", action="store_true", help="warnings fail the build too")
    build.add_argument("--now", type=commands.cli_moment, metavar="DATE",
                       help="show expiry and review status as of this moment (default: no clock is read)")
    build.set_defaults(func=cmd_build)

    new = sub.add_parser("new", help="scaffold a new issuer or badge class")
    new_sub = new.add_subparsers(dest="what", required=True, parser_class=_Parser)
    issuer = new_sub.add_parser("issuer", help="write issuers/<id>/issuer.yaml and a logo")
    issuer.add_argument("id", help="issuer id: lower-case letters, digits, hyphens")
    issuer.add_argument("--name", help="display name (default: from the id)")
    issuer.add_argument("--kind", default="training-provider",
                        choices=("training-provider", "school", "university", "marketplace", "employer",
                                 "accreditor", "professional-body", "community"))
    badge = new_sub.add_parser("badge", help="write credentials/<issuer>/<badge>/ with badge.yaml and rubric v1")
    badge.add_argument("id", metavar="ISSUER/BADGE", help="e.g. acme/intro-python")
    badge.add_argument("--name", help="display name (default: from the id)")
    for p in (issuer, badge):
        p.add_argument("--root", default=".", help="registry checkout (default: current folder)")
        p.set_defaults(func=cmd_new)
    commands.add_signing_commands(sub, _root)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 problems found, 2 usage or operational error)."""
    try:
        args = build_parser().parse_args(argv)
        return int(args.func(args))
    except UsageError as exc:
        print(f"error: {exc.diagnostics()}", file=sys.stderr)
        return EXIT_USAGE
    except CredregError as exc:
        print(f"error: {exc.diagnostics()}", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
