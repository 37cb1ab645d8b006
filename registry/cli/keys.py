"""`credreg keygen` and `credreg key rotate|retire|revoke`: an issuer's signing keys and their life."""
from __future__ import annotations

import argparse
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..did import WITHDRAWN_REASONS
from ..keys import lifecycle
from ..layout import key_statement_file
from .options import EXIT_OK, KEY, ROOT, Parser, moment, registry_root, signing_key


def clock() -> datetime:
    """The current moment in whole seconds, UTC: what signing and key edits record."""
    return datetime.now(timezone.utc).replace(microsecond=0)


def cmd_keygen(args: argparse.Namespace) -> int:
    """Create an issuer's first key: private file outside the repository, public key into issuer.yaml."""
    root = registry_root(args.root)
    key, path = lifecycle.keygen(root, args.issuer, clock(), args.key_id, Path(args.out) if args.out else None)
    print(f"added key {key.key_id} ({key.public_multibase}) to issuers/{args.issuer}/issuer.yaml")
    print(f"private key written to {path} (mode 0600): back it up, never commit it")
    return EXIT_OK


def cmd_key(args: argparse.Namespace) -> int:
    """Rotate, retire or revoke a key, editing issuer.yaml."""
    root = registry_root(args.root)
    if args.action == "rotate":
        old = signing_key(args)
        key, path = lifecycle.rotate(root, old, clock(), args.key_id, Path(args.out) if args.out else None)
        print(f"retired {old.key_id}; added {key.key_id} ({key.public_multibase})")
        print(f"wrote the key statement {key_statement_file(key.issuer_id, key.key_id)}, signed by {old.key_id}: "
              "commit it with issuer.yaml")
        print(f"new private key written to {path} (mode 0600); keep the old one to revoke with it if needed")
    elif args.action == "retire":
        lifecycle.retire(root, args.issuer, args.key_id, clock())
        print(f"key {args.key_id} of {args.issuer} retired: it signs nothing from now on")
    else:
        lifecycle.revoke(root, args.issuer, args.key_id, args.reason, clock(), args.compromised_since)
        dropped = " and dropped from the DID document" if args.reason in WITHDRAWN_REASONS else ""
        print(f"key {args.key_id} of {args.issuer} revoked ({args.reason}){dropped}")
    return EXIT_OK


DESCRIPTIONS = {  # what `credreg <command> --help` says first
    "keygen": ("Create an issuer's first Ed25519 signing key. The private key goes outside the repository, to "
               "$CREDREG_KEY_DIR/<issuer>/<key-id>.json if CREDREG_KEY_DIR is set, else "
               "~/.config/credreg/keys/<issuer>/<key-id>.json (mode 0600); the public key is added to issuer.yaml."),
    "key": "Rotate, retire or revoke an issuer's signing key.",
    "rotate": ("Make a new key, carry the recipient secret over and retire the old key in the same edit of "
               "issuer.yaml; the old key signs a key-change statement for the new one."),
    "retire": "Stop a key from signing (validUntil now); what it signed before stays valid.",
    "revoke": ("Record a key's revocation; a key revoked as compromised is dropped from the DID document and what "
               "it signed from --compromised-since on fails the check."),
}


def add_commands(sub: Any) -> None:
    """Register keygen and key on the top-level subparsers."""
    keygen = sub.add_parser("keygen", description=DESCRIPTIONS["keygen"],
                            parents=[ROOT], help="create an issuer's first signing key")
    keygen.add_argument("issuer", help="issuer id")
    keygen.add_argument("--key-id", help="id of the new key (default key-<year>)")
    keygen.add_argument("--out", metavar="FILE",
                        help="where to write the private key, outside every repository (default: "
                             "$CREDREG_KEY_DIR/<issuer>/<key-id>.json, else ~/.config/credreg/keys/<issuer>/<key-id>.json)")
    keygen.set_defaults(func=cmd_keygen)

    key = sub.add_parser("key", description=DESCRIPTIONS["key"], help="rotate, retire or revoke an issuer key")
    key_sub = key.add_subparsers(dest="action", required=True, parser_class=Parser)
    rotate = key_sub.add_parser("rotate", description=DESCRIPTIONS["rotate"],
                                parents=[ROOT, KEY], help="make a new key and retire the current one")
    rotate.add_argument("--key-id", help="id of the new key (default key-<year>)")
    rotate.add_argument("--out", help="where to write the new private key")
    retire = key_sub.add_parser("retire", description=DESCRIPTIONS["retire"], parents=[ROOT],
                                help="stop a key from signing; its past signatures stay valid")
    revoke = key_sub.add_parser("revoke", description=DESCRIPTIONS["revoke"], parents=[ROOT],
                                help="revoke a key (compromised keys void what they signed)")
    for parser in (retire, revoke):
        parser.add_argument("issuer", help="issuer id")
        parser.add_argument("key_id", metavar="KEY_ID", help="the key's id in issuer.yaml")
    revoke.add_argument("--reason", required=True, choices=lifecycle.REVOCATION_REASONS,
                        help="why: compromised (its signatures from --compromised-since on fail the check), "
                             "superseded, retired or lost")
    revoke.add_argument("--compromised-since", type=moment, metavar="DATE",
                        help="with --reason compromised: signatures from this date on are void (default: all)")
    for parser in (rotate, retire, revoke):
        parser.set_defaults(func=cmd_key)
