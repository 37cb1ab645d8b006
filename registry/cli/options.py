"""What every command shares: exit codes, the parser class, parent parsers for the common options
(`--root`, `--format`, the key options, `--now`) and the one parser of dates on the command line."""
from __future__ import annotations

import argparse
from datetime import date, datetime, timezone
from pathlib import Path

from ..dates import parse_moment
from ..errors import UsageError
from ..keys import store

EXIT_OK = 0        # all is well
EXIT_PROBLEMS = 1  # problems found in the registry or a credential, or a file or the system stopped the command
EXIT_USAGE = 2     # the command line is malformed or contradictory


class Parser(argparse.ArgumentParser):
    """argparse that raises UsageError instead of exiting, so every usage problem exits 2 the same way."""

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"{self.prog}: {message}", f"see `{self.prog} --help`")


def moment(value: str) -> datetime:
    """argparse type of every date option: a date (the start of that day, UTC) or a date-time (UTC if no zone)."""
    try:
        return parse_moment(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def utc_date(value: datetime | None) -> date | None:
    """The UTC calendar day of a `--now` moment, for library calls that work by the day (`check`)."""
    return value.astimezone(timezone.utc).date() if value is not None else None


def registry_root(value: str) -> Path:
    """The `--root` folder of a command that needs an existing registry (UsageError if it is none)."""
    root = Path(value)
    if not root.is_dir():
        raise UsageError(f"registry root {value!r} is not a folder", "pass --root with a registry checkout")
    if not any((root / name).is_dir() for name in ("issuers", "credentials")) and not (root / "registry.yaml").is_file():
        raise UsageError(f"{value!r} is not a registry: it has no issuers/ or credentials/ folder and no registry.yaml",
                         "run inside a registry checkout or pass --root DIR (`credreg init DIR` makes a new one)")
    return root


def signing_key(args: argparse.Namespace) -> store.SigningKey:
    """The private key named by `--key FILE` or `--key-env VAR` (the parser requires one of them);
    a key file inside the `--root` registry or any git work tree is refused."""
    if args.key_env:
        return store.load_env(args.key_env)
    return store.load(Path(args.key), Path(args.root) if getattr(args, "root", None) else None)


def _parent() -> argparse.ArgumentParser:
    return argparse.ArgumentParser(add_help=False)


ROOT = _parent()
ROOT.add_argument("--root", default=".", help="registry checkout (default: current folder)")

FORMAT = _parent()
FORMAT.add_argument("--format", choices=("text", "json"), default="text", help="output format (default text)")

KEY = _parent()
_KEY_SOURCE = KEY.add_mutually_exclusive_group(required=True)  # usage shows (--key FILE | --key-env VAR)
_KEY_SOURCE.add_argument("--key", metavar="FILE",
                         help="the issuer's private key file, as `credreg keygen` wrote it (kept outside the "
                              "repository; required unless --key-env)")
_KEY_SOURCE.add_argument("--key-env", metavar="VAR",
                         help="read the key file's JSON from this environment variable instead of --key")

NOW_FORMAT = "DATE is a date or a date-time; a date means the start of that day, UTC"


def now_option(meaning: str) -> argparse.ArgumentParser:
    """The parent parser of `--now`: one type and one format for every command, `meaning` saying what it fixes."""
    parent = _parent()
    parent.add_argument("--now", type=moment, metavar="DATE", help=f"{meaning}. {NOW_FORMAT}")
    return parent
