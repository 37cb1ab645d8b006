"""The `credreg` command: a thin layer that parses arguments and calls the library.

Each module registers the commands of one job (check.py: check, build; scaffold.py: new; keys.py:
keygen, key; award.py: award, renew, revoke, keep; verify.py: verify; bake.py: bake, unbake; pilot.py: pilot); options.py
holds what they share.
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from .. import __version__
from ..errors import CredregError, UsageError
from . import award, bake, check, codeowners, diff, keys, pilot, review, scaffold, verify
from .options import EXIT_PROBLEMS, EXIT_USAGE, Parser

EXIT_INTERRUPTED = 130


def build_parser() -> argparse.ArgumentParser:
    """The argument parser; its help texts are the command reference."""
    parser = Parser(prog="credreg", description="A static public credential registry generated from git.")
    parser.add_argument("--version", action="version", version=f"credreg {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=Parser)
    for module in (check, scaffold, keys, award, verify, bake, review, diff, codeowners, pilot):
        module.add_commands(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code (0 ok, 1 problems found, 2 usage error, 130 interrupted)."""
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
        return EXIT_INTERRUPTED
