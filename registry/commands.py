"""CLI commands for keys, awarding, revoking and verifying: argument wiring over the library."""
from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from .award import issue
from .award.issue import parse_results
from .check import load_registry
from .config import load_site_urls
from .dates import parse_moment
from .errors import CredregError, Severity, UsageError
from .keys import lifecycle, store
from .layout import MKDOCS_FILE
from .progress import Progress
from .verify.fetch import Fetcher, parse_map
from .verify.local import RegistryFiles, registry_fetcher
from .verify.report import render_results, verify_sources

EXIT_OK, EXIT_PROBLEMS = 0, 1


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(microsecond=0)


def cli_moment(value: str) -> datetime:
    """argparse type for dates and date-times."""
    try:
        return parse_moment(value)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _key(args: argparse.Namespace) -> store.SigningKey:
    if args.key_env:
        return store.load_env(args.key_env)
    if not args.key:
        raise UsageError("no signing key given", "pass --key FILE (from `credreg keygen`) or --key-env VAR")
    return store.load(Path(args.key))


def _key_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--key", metavar="FILE", help="the issuer's private key file (kept outside the repository)")
    parser.add_argument("--key-env", metavar="VAR", help="read the key file's JSON from this environment variable")


def cmd_keygen(args: argparse.Namespace) -> int:
    root = args.root_of(args.root)
    key, path = lifecycle.keygen(root, args.issuer, _now(), args.key_id, Path(args.out) if args.out else None)
    print(f"added key {key.key_id} ({key.public_multibase}) to issuers/{args.issuer}/issuer.yaml")
    print(f"private key written to {path} (mode 0600): back it up, never commit it")
    return EXIT_OK


def cmd_key(args: argparse.Namespace) -> int:
    root = args.root_of(args.root)
    if args.action == "rotate":
        old = _key(args)
        key, path = lifecycle.rotate(root, old, _now(), args.key_id, Path(args.out) if args.out else None)
        print(f"retired {old.key_id}; added {key.key_id} ({key.public_multibase})")
        print(f"new private key written to {path} (mode 0600); keep the old one to revoke with it if needed")
    elif args.action == "retire":
        lifecycle.retire(root, args.issuer, args.key_id, _now())
        print(f"key {args.key_id} of {args.issuer} retired: it signs nothing from now on")
    else:
        lifecycle.revoke(root, args.issuer, args.key_id, args.reason, _now(), args.compromised_since)
        dropped = " and dropped from the DID document" if args.reason == "compromised" else ""
        print(f"key {args.key_id} of {args.issuer} revoked ({args.reason}){dropped}")
    return EXIT_OK


def _progress(enabled: bool) -> Progress | None:
    if not enabled:
        return None

    def show(stage: str, done: int, total: int) -> None:
        width = 30
        filled = width * done // total
        print(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {stage}", end="\n" if done == total else "",
              file=sys.stderr, flush=True)
    return show


def _signing_context(args: argparse.Namespace) -> tuple[issue.Context, datetime]:
    """The checked registry and the issuer's key, for commands that sign."""
    now = _now()
    return issue.open_registry(args.root_of(args.root), _key(args), now), now


def cmd_award(args: argparse.Namespace) -> int:
    ctx, now = _signing_context(args)
    if args.csv:
        if args.recipient:
            raise UsageError("give either --recipient or --csv, not both", "a CSV has one row per recipient")
        paths = issue.award_csv(ctx, args.badge, Path(args.csv), now, progress=_progress(sys.stderr.isatty()))
    elif args.recipient:
        paths = [issue.award_one(ctx, args.badge, args.recipient, now, name=args.name, evidence=tuple(args.evidence),
                                 results=parse_results(args.result), valid_until=args.valid_until,
                                 rubric_version=args.rubric_version)]
    else:
        raise UsageError("no recipient", "pass --recipient EMAIL, or --csv FILE for many")
    for path in paths:
        print(f"wrote {path.relative_to(ctx.root)}")
    print(f"{len(paths)} credential{'s' * (len(paths) != 1)} signed; commit them and open a pull request")
    return EXIT_OK


def cmd_revoke(args: argparse.Namespace) -> int:
    ctx, now = _signing_context(args)
    record, status = issue.revoke(ctx, args.credential, args.reason, now)
    print(f"recorded in {record.relative_to(ctx.root)}; re-signed {status.relative_to(ctx.root)}")
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    maps = dict(parse_map(spec) for spec in args.map)
    root = Path(args.root)
    fetcher, policy = Fetcher(maps=maps, allow_network=not args.offline), None
    if (root / MKDOCS_FILE).is_file() and (root / "issuers").is_dir() and not args.no_registry:
        files = _own_registry(root)
        fetcher, policy = registry_fetcher(files, maps, allow_network=not args.offline), files.key_policy
    fetcher.allow_private_network = args.unsafe_allow_private_network
    results = verify_sources(args.sources, fetcher, args.now or _now(), args.recipient, policy)
    print(render_results(results, args.format))
    return EXIT_OK if all(r.ok for r in results) else EXIT_PROBLEMS


def _own_registry(root: Path) -> RegistryFiles:
    """The checkout's own documents, loaded and validated by the check (signatures are what verify checks)."""
    loaded = load_registry(root)
    if loaded.registry is None:
        first = next(p for p in loaded.problems if p.severity is Severity.ERROR)
        raise CredregError(f"the registry at {root} has problems, so its files cannot vouch for its keys; first: "
                           f"{first.where()}: {first.message}", "run `credreg check` and fix them, or pass --no-registry")
    return RegistryFiles(loaded.registry, loaded.signed, load_site_urls(root))


def add_signing_commands(sub: Any, root_of: Callable[[str], Path]) -> None:
    """Register keygen, key, award, revoke and verify on the top-level subparsers."""
    def add(name: str, help_text: str, func: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        parser = sub.add_parser(name, help=help_text)
        parser.add_argument("--root", default=".", help="registry checkout (default: current folder)")
        parser.set_defaults(func=func, root_of=root_of)
        return parser

    keygen = add("keygen", "create an issuer's first signing key", cmd_keygen)
    keygen.add_argument("issuer", help="issuer id")
    keygen.add_argument("--key-id", help="id of the new key (default key-<year>)")
    keygen.add_argument("--out", help="where to write the private key (default: the per-user key folder)")

    key = sub.add_parser("key", help="rotate, retire or revoke an issuer key")
    key_sub = key.add_subparsers(dest="action", required=True, parser_class=type(key))
    rotate = key_sub.add_parser("rotate", help="make a new key and retire the current one")
    _key_args(rotate)
    rotate.add_argument("--key-id", help="id of the new key (default key-<year>)")
    rotate.add_argument("--out", help="where to write the new private key")
    retire = key_sub.add_parser("retire", help="stop a key from signing; its past signatures stay valid")
    revoke = key_sub.add_parser("revoke", help="revoke a key (compromised keys void what they signed)")
    for parser in (retire, revoke):
        parser.add_argument("issuer", help="issuer id")
        parser.add_argument("key_id", metavar="KEY_ID", help="the key's id in issuer.yaml")
    revoke.add_argument("--reason", required=True, choices=lifecycle.REVOCATION_REASONS)
    revoke.add_argument("--compromised-since", type=cli_moment, metavar="DATE",
                        help="with --reason compromised: signatures from this date on are void (default: all)")
    for parser in (rotate, retire, revoke):
        parser.add_argument("--root", default=".", help="registry checkout (default: current folder)")
        parser.set_defaults(func=cmd_key, root_of=root_of)

    award = add("award", "sign and file credentials for one recipient or a CSV of them", cmd_award)
    award.add_argument("badge", metavar="ISSUER/BADGE", help="the badge class to award")
    award.add_argument("--recipient", metavar="EMAIL", help="the recipient's email (stored only hashed and salted)")
    award.add_argument("--name", help="display name shown on the evidence page (optional, published)")
    award.add_argument("--evidence", action="append", default=[], metavar="URL", help="https link to evidence (repeatable)")
    award.add_argument("--result", action="append", default=[], metavar="CRITERION=LEVEL",
                       help="rubric result for one criterion (repeat for each)")
    award.add_argument("--valid-until", type=cli_moment, metavar="DATE", help="expiry (default: from badge validity)")
    award.add_argument("--rubric-version", type=int, metavar="N",
                       help="assess against this rubric version (default: the current one)")
    award.add_argument("--csv", metavar="FILE", help="award one credential per row (all or nothing)")
    _key_args(award)

    revoke_cmd = add("revoke", "revoke a credential and re-sign the issuer's status list", cmd_revoke)
    revoke_cmd.add_argument("credential", metavar="CREDENTIAL_ID", help="the award's id (its file name without .json)")
    revoke_cmd.add_argument("--reason", required=True, help="why, in words shown on the evidence page")
    _key_args(revoke_cmd)

    verify = add("verify", "verify Open Badges 3.0 credentials (files or URLs)", cmd_verify)
    verify.add_argument("sources", nargs="+", metavar="FILE|URL", help="credential files or URLs")
    verify.add_argument("--map", action="append", default=[], metavar="URL_PREFIX=DIR",
                        help="serve URLs under a prefix from a local folder (offline verification)")
    verify.add_argument("--recipient", metavar="EMAIL", help="also check the credential belongs to this email")
    verify.add_argument("--format", choices=("text", "json"), default="text")
    verify.add_argument("--offline", action="store_true", help="never use the network")
    verify.add_argument("--unsafe-allow-private-network", action="store_true",
                        help="UNSAFE: also fetch from loopback, private and link-local addresses "
                             "(only for a test server of your own)")
    verify.add_argument("--no-registry", action="store_true", help="don't resolve this checkout's own DIDs from its files")
    verify.add_argument("--now", type=cli_moment, metavar="DATE", help="check dates as of this moment (default: now)")
