"""`credreg codeowners`: write the GitHub CODEOWNERS file from registry.yaml and the issuers' maintainers."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from .. import atomic
from ..errors import CredregError
from ..governance.codeowners import codeowners
from .options import EXIT_OK, ROOT, registry_root


def cmd_codeowners(args: argparse.Namespace) -> int:
    """Print CODEOWNERS, or write it to --out atomically (exit 1 when registry.yaml names no maintainer)."""
    text = codeowners(registry_root(args.root))
    if args.out == "-":
        sys.stdout.write(text)
        return EXIT_OK
    out = Path(args.out)
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        atomic.write_text(out, text)
    except OSError as exc:
        raise CredregError(f"cannot write {out}: {exc.strerror or exc}", "choose a writable --out path") from None
    print(f"wrote {out}")
    return EXIT_OK


DESCRIPTIONS = {  # what `credreg <command> --help` says first
    "codeowners": ("Write a CODEOWNERS file from the registry's maintainers: each issuer's folders to its maintainers, "
                   "the rest to the registry maintainers."),
}


def add_commands(sub: Any) -> None:
    """Register `codeowners` on the top-level subparsers."""
    parser = sub.add_parser("codeowners", description=DESCRIPTIONS["codeowners"], parents=[ROOT],
                            help="write the GitHub CODEOWNERS file: issuers' folders to their maintainers, "
                                 "everything else to the registry maintainers")
    parser.add_argument("--out", default="-", metavar="FILE|-",
                        help="where to write it, e.g. .github/CODEOWNERS (default '-': standard output)")
    parser.set_defaults(func=cmd_codeowners)
