"""`credreg award`, `credreg renew`, `credreg revoke`, `credreg keep` and `credreg endorse`: sign credentials into the
registry, renew and revoke them, record that a stacked award stands after a component was revoked, and endorse
another issuer's badge class."""
from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from ..award import endorse, issue, keep, renew
from ..award.issue import parse_results
from ..errors import UsageError
from .keys import clock
from .options import EXIT_OK, KEY, ROOT, moment, now_option, registry_root, signing_key
from .progress import progress_bars


def _signing_context(args: argparse.Namespace) -> tuple[issue.Context, datetime]:
    """The checked registry and the issuer's key, for commands that sign."""
    now = clock()
    return issue.open_registry(registry_root(args.root), signing_key(args), now), now


def cmd_award(args: argparse.Namespace) -> int:
    """Sign and file one credential, or one per CSV row (all or nothing)."""
    if args.csv:  # per-recipient values come from the CSV's columns: a flag beside it would be silently dropped
        given = [flag for flag, value in (("--name", args.name), ("--evidence", args.evidence),
                                          ("--result", args.result), ("--valid-until", args.valid_until)) if value]
        if given:
            raise UsageError(f"{given[0]} does not go with --csv: each row gives its own",
                             "put it in the CSV's column (name, evidence, result:<criterion-id>, valid_until)")
    ctx, now = _signing_context(args)
    if args.csv:
        paths = issue.award_csv(ctx, args.badge, Path(args.csv), now, progress=progress_bars(sys.stderr.isatty()),
                                retake=args.retake, rubric_version=args.rubric_version)
    else:
        paths = [issue.award_one(ctx, args.badge, args.recipient, now, retake=args.retake, name=args.name,
                                 evidence=tuple(args.evidence),
                                 results=parse_results(args.result), valid_until=args.valid_until,
                                 rubric_version=args.rubric_version)]
    for path in paths:
        print(f"wrote {path.relative_to(ctx.root)}")
    print(f"{len(paths)} credential{'s' * (len(paths) != 1)} signed; commit them and open a pull request")
    return EXIT_OK


def cmd_renew(args: argparse.Namespace) -> int:
    """Re-award a credential's badge class to its holder with a new validity period, linking the earlier award."""
    now = args.now or clock()
    ctx = issue.open_registry(registry_root(args.root), signing_key(args), now)
    path = renew.renew(ctx, renew.RenewRequest(args.credential, args.recipient, now, parse_results(args.result),
                                               args.valid_until, args.name, tuple(args.evidence)))
    print(f"wrote {path.relative_to(ctx.root)}")
    print(f"renews {args.credential}; commit it and open a pull request")
    return EXIT_OK


def cmd_revoke(args: argparse.Namespace) -> int:
    """Record a revocation and re-sign the issuer's status list."""
    ctx, now = _signing_context(args)
    record, status = issue.revoke(ctx, args.credential, args.reason, now)
    print(f"recorded in {record.relative_to(ctx.root)}; re-signed {status.relative_to(ctx.root)}")
    return EXIT_OK


def cmd_keep(args: argparse.Namespace) -> int:
    """Record the issuer's decision that a stacked award stands although a component was revoked after it."""
    now = args.now or clock()
    ctx = issue.open_registry(registry_root(args.root), signing_key(args), now)
    record = keep.keep(ctx, args.credential, args.reason, now)
    print(f"recorded in {record.relative_to(ctx.root)}: {args.credential} stands; commit it and open a pull request")
    return EXIT_OK


def cmd_endorse(args: argparse.Namespace) -> int:
    """Sign an EndorsementCredential of another issuer's badge class (or of the issuer) and file it."""
    now = args.now or clock()
    ctx = issue.open_registry(registry_root(args.root), signing_key(args), now)
    comment = args.comment
    if args.comment_file:
        try:
            comment = Path(args.comment_file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read --comment-file {args.comment_file}: {exc}",
                             "give a UTF-8 Markdown file") from None
    request = endorse.EndorseRequest(args.subject, comment, args.valid_from, args.valid_until,
                                     tuple(args.rubric_version))
    path = endorse.endorse(ctx, request, now)
    print(f"wrote {path.relative_to(ctx.root)}")
    print(f"{ctx.issuer.id} endorses {args.subject}; commit it and open a pull request "
          f"(withdraw it later with `credreg revoke {path.stem}`)")
    return EXIT_OK


DESCRIPTIONS = {  # what `credreg <command> --help` says first
    "award": ("Sign an Open Badges 3.0 credential for one recipient (--recipient) or one per row of a CSV (--csv, "
              "all or nothing), and write it into the registry. The registry is checked first; a person who "
              "already holds the badge class is refused unless --retake."),
    "renew": ("Re-award a credential's badge class to its holder with a new validity period, linking the earlier "
              "award."),
    "revoke": ("Record a credential's revocation (or an endorsement's withdrawal) in the issuer's revocations.yaml "
               "and re-sign its status list."),
    "endorse": ("As an accreditor or a partner issuer, sign an Open Badges 3.0 EndorsementCredential of another "
                "issuer's badge class (or of the issuer) and file it under your own folders. The endorsed issuer "
                "must list you in acceptsEndorsementFrom first. Awards of that badge class then carry it."),
    "keep": ("Record the issuer's decision that a stacked award stands although one of its components was revoked "
             "after it."),
}


def add_commands(sub: Any) -> None:
    """Register award, renew, revoke, keep and endorse on the top-level subparsers."""
    award = sub.add_parser("award", description=DESCRIPTIONS["award"], parents=[ROOT, KEY],
                           help="sign and file credentials for one recipient or a CSV of them")
    award.add_argument("badge", metavar="ISSUER/BADGE", help="the badge class to award")
    who = award.add_mutually_exclusive_group(required=True)  # usage shows (--recipient EMAIL | --csv FILE)
    who.add_argument("--recipient", metavar="EMAIL",
                     help="the recipient's email, stored only hashed and salted (required unless --csv)")
    who.add_argument("--csv", metavar="FILE",
                     help="award one credential per row instead (all or nothing); columns email, name, evidence, "
                          "valid_until, result:<criterion-id>")
    award.add_argument("--name", help="display name shown on the evidence page (optional, published)")
    award.add_argument("--evidence", action="append", default=[], metavar="URL", help="https link to evidence (repeatable)")
    award.add_argument("--result", action="append", default=[], metavar="CRITERION=LEVEL",
                       help="rubric result for one criterion (repeat for each)")
    award.add_argument("--valid-until", type=moment, metavar="DATE", help="expiry (default: from badge validity)")
    award.add_argument("--rubric-version", type=int, metavar="N",
                       help="assess against this rubric version (default: the current one)")
    award.add_argument("--retake", action="store_true",
                       help="the recipients were assessed again: award although they already hold this badge class "
                            "(a new validity period for the same assessment is `credreg renew`)")
    award.set_defaults(func=cmd_award)

    renewal = sub.add_parser("renew", description=DESCRIPTIONS["renew"], parents=[ROOT, KEY, now_option(
        "sign the renewal as of this moment, its validFrom (default: the clock)")],
                             help="re-award a credential to its holder with a new validity period, linking it")
    renewal.add_argument("credential", metavar="CREDENTIAL_ID", help="the award to renew (its file name without .json)")
    renewal.add_argument("--recipient", metavar="EMAIL", required=True,
                         help="the holder's email: it must be the one the award was made to (stored only hashed)")
    renewal.add_argument("--result", action="append", default=[], metavar="CRITERION=LEVEL",
                         help="re-assessed result for one criterion of the current rubric (repeat for each); "
                              "needed when the rubric changed since the award, else its results carry over")
    renewal.add_argument("--valid-until", type=moment, metavar="DATE", help="expiry (default: from badge validity)")
    renewal.add_argument("--name", help="display name (default: the earlier award's)")
    renewal.add_argument("--evidence", action="append", default=[], metavar="URL",
                         help="https link to the evidence of the re-assessment (repeatable; the earlier award, "
                              "linked, keeps its own)")
    renewal.set_defaults(func=cmd_renew)

    revoke = sub.add_parser("revoke", description=DESCRIPTIONS["revoke"], parents=[ROOT, KEY],
                            help="revoke a credential and re-sign the issuer's status list")
    revoke.add_argument("credential", metavar="CREDENTIAL_ID",
                        help="the award's or endorsement's id (its file name without .json)")
    revoke.add_argument("--reason", required=True, help="why, in words shown on the evidence page")
    revoke.set_defaults(func=cmd_revoke)

    kept = sub.add_parser("keep", description=DESCRIPTIONS["keep"],
                          parents=[ROOT, KEY, now_option("record the decision as of this moment (default: the clock)")],
                          help="record that a stacked award stands although a component was revoked after it")
    kept.add_argument("credential", metavar="CREDENTIAL_ID", help="the stacked award (its file name without .json)")
    kept.add_argument("--reason", required=True, help="why it still stands, in words shown on the evidence page")
    kept.set_defaults(func=cmd_keep)

    endorsement = sub.add_parser("endorse", description=DESCRIPTIONS["endorse"], parents=[ROOT, KEY, now_option(
        "sign the endorsement as of this moment (default: the clock)")],
                                 help="endorse (accredit, co-brand) another issuer's badge class")
    endorsement.add_argument("subject", metavar="ISSUER/BADGE|ISSUER", help="the badge class, or issuer, endorsed")
    text = endorsement.add_mutually_exclusive_group(required=True)
    text.add_argument("--comment", metavar="MARKDOWN", help="what you reviewed and found: the endorsement's narrative")
    text.add_argument("--comment-file", metavar="FILE", help="read the comment from a Markdown file instead")
    endorsement.add_argument("--rubric-version", type=int, action="append", default=[], metavar="N",
                             help="a rubric version it covers (repeatable; default: the current one)")
    endorsement.add_argument("--valid-from", type=moment, metavar="DATE",
                             help="when it starts (default: now; never earlier)")
    endorsement.add_argument("--valid-until", type=moment, metavar="DATE", help="when it ends (default: no end)")
    endorsement.set_defaults(func=cmd_endorse)
