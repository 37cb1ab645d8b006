"""`credreg verify`: verify any Open Badges 3.0 credential, files or URLs, as a verifier's log.

The issuers it trusts (identity.py): inside a checkout, the registry's own; and every `--trust FILE|URL`.
"""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..check import load_registry
from ..config import load_site_urls
from ..layout import MKDOCS_FILE
from ..verify.fetch import Fetcher, parse_map
from ..verify.identity import KnownIssuer, KnownIssuers, load_trust
from ..verify.local import RegistryFiles, registry_fetcher
from ..verify.report import render_results, verify_sources
from .keys import clock
from .options import EXIT_OK, EXIT_PROBLEMS, FORMAT, ROOT, now_option


def cmd_verify(args: argparse.Namespace) -> int:
    """Verify each source; exit 1 unless every one is valid."""
    maps = dict(parse_map(spec) for spec in args.map)
    root = Path(args.root)
    fetcher, files = Fetcher(maps=maps, allow_network=not args.offline), None
    if (root / MKDOCS_FILE).is_file() and (root / "issuers").is_dir() and not args.no_registry:
        files = _own_registry(root)
        fetcher = registry_fetcher(files, maps, allow_network=not args.offline)
    fetcher.allow_private_network = args.unsafe_allow_private_network
    known: list[KnownIssuer] = []
    if files is not None:
        own = f"this registry ({files.urls.site_url})"  # each issuer by its DID and its Open Badges 2.0 Profile
        known += [KnownIssuer(identifier, i.name, own) for i in files.registry.issuers.values()
                  for identifier in (files.urls.issuer_did(i.id), files.urls.ob2_issuer(i.id))]
    for spec in args.trust:  # a list that cannot be used stops the run (InputError: exit 1, naming it)
        known += load_trust(spec, fetcher)
    results = verify_sources(args.sources, fetcher, args.now or clock(), args.recipient, KnownIssuers.of(known))
    print(render_results(results, args.format))
    return EXIT_OK if all(r.ok for r in results) else EXIT_PROBLEMS


def _own_registry(root: Path) -> RegistryFiles:
    """The checkout's own documents, loaded and validated by the check's stages (signatures are what verify
    checks); an issuer whose files have problems does not vouch for anything."""
    loaded = load_registry(root)
    assert loaded.registry is not None  # load_registry always gives the model of what loaded
    return RegistryFiles(loaded.registry, loaded.signed, load_site_urls(root), loaded.problems)


DESCRIPTIONS = {  # what `credreg <command> --help` says first
    "verify": ("Verify credentials (files or URLs): Open Badges 3.0 and 2.0, VC-JWT, baked PNG and SVG badges. "
               "Every step is shown: format, schema, proof, issuer, dates, status, recipient. Exit 0 valid, 1 "
               "invalid."),
}


def add_commands(sub: Any) -> None:
    """Register verify on the top-level subparsers."""
    verify = sub.add_parser("verify", description=DESCRIPTIONS["verify"],
                            parents=[ROOT, FORMAT, now_option("check dates as of this moment (default: now)")],
                            help="verify Open Badges 3.0 credentials (files or URLs)")
    verify.add_argument("sources", nargs="+", metavar="FILE|URL", help="credential files or URLs")
    verify.add_argument("--map", action="append", default=[], metavar="URL_PREFIX=DIR",
                        help="serve URLs under a prefix from a local folder (offline verification)")
    verify.add_argument("--recipient", metavar="EMAIL", help="also check the credential belongs to this email")
    verify.add_argument("--trust", action="append", default=[], metavar="FILE|URL",
                        help="also trust the issuers of this list (DCC issuer-registry format, or a credreg "
                             "site's /api/issuers.json); repeatable, most authoritative first")
    verify.add_argument("--offline", action="store_true", help="never use the network")
    verify.add_argument("--unsafe-allow-private-network", action="store_true",
                        help="UNSAFE: also fetch from loopback, private and link-local addresses "
                             "(only for a test server of your own)")
    verify.add_argument("--no-registry", action="store_true", help="don't resolve this checkout's own DIDs from its files")
    verify.set_defaults(func=cmd_verify)
