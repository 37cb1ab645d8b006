"""`credreg new`: scaffold an issuer or a badge class with commented files that check clean."""
from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ..scaffold import new_badge, new_issuer, new_registry, parse_maintainer
from .options import EXIT_OK, ROOT, Parser, registry_root

ISSUER_KINDS = ("training-provider", "school", "university", "marketplace", "employer",
                "accreditor", "professional-body", "community")


def cmd_new(args: argparse.Namespace) -> int:
    """Write the commented files of a new issuer or badge class (never overwriting)."""
    root = registry_root(args.root) if args.what == "badge" else Path(args.root)
    if args.what == "issuer":
        written = new_issuer(root, args.id, name=args.name, kind=args.kind)
    else:
        written = new_badge(root, args.id, name=args.name)
    for path in written:
        print(f"wrote {path}")
    print("next: fill in the files, then run `credreg check`")
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    """Write a new, empty registry that checks and builds clean."""
    root = Path(args.dir)
    written = new_registry(root, args.site_url, args.name, tuple(parse_maintainer(m) for m in args.maintainer))
    for path in written:
        print(f"wrote {path.relative_to(root)}")
    steps = [] if args.maintainer else ["list the registry maintainers in registry.yaml (--maintainer LOGIN:ID)"]
    steps += [f"cd {root} && git init (if it is not a repository yet)", "credreg check --strict && credreg build",
              "credreg new issuer <id>, credreg keygen <id>, credreg new badge <id>/<badge>"]
    print("next:\n" + "".join(f"  {n}. {step}\n" for n, step in enumerate(steps, 1)), end="")
    return EXIT_OK


DESCRIPTIONS = {  # what `credreg <command> --help` says first
    "init": ("Write a new registry without demo content into DIR (new, empty, or only .git): mkdocs.yml with its "
             "site_url, registry.yaml with its maintainers, site templates, the CI workflows, requirements.txt "
             "pinning this credreg, and a README for the registry's users. It checks and builds clean at once."),
    "new": "Scaffold a new issuer or badge class with commented starter files.",
    "issuer": ("Write issuers/<id>/issuer.yaml (every field explained in comments) and a placeholder logo. Never "
               "overwrites. What is left to fill in is reported by `credreg check` as placeholder warnings."),
    "badge": ("Write credentials/<issuer>/<badge>/badge.yaml, rubrics/v1.yaml and a placeholder image. The issuer "
              "must exist. Never overwrites."),
}


def add_commands(sub: Any) -> None:
    """Register `init`, `new issuer` and `new badge` on the top-level subparsers."""
    init = sub.add_parser("init", description=DESCRIPTIONS["init"], help="make a new, empty registry")
    init.add_argument("dir", metavar="DIR", help="the folder to make the registry in")
    init.add_argument("--site-url", required=True, metavar="URL",
                      help="the https address the site will be published at: part of every credential URL and "
                           "issuer DID, so it never changes once credentials are signed")
    init.add_argument("--name", required=True, help="the registry's name, as its site shows it")
    init.add_argument("--maintainer", action="append", default=[], metavar="LOGIN:ID",
                      help="a registry maintainer's GitHub login and numeric id (repeatable; without one, "
                           "registry.yaml holds a placeholder that `check --strict` refuses)")
    init.set_defaults(func=cmd_init)
    new = sub.add_parser("new", description=DESCRIPTIONS["new"], help="scaffold a new issuer or badge class")
    new_sub = new.add_subparsers(dest="what", required=True, parser_class=Parser)
    issuer = new_sub.add_parser("issuer", description=DESCRIPTIONS["issuer"],
                                parents=[ROOT], help="write issuers/<id>/issuer.yaml and a logo")
    issuer.add_argument("id", help="issuer id: lower-case letters, digits, hyphens")
    issuer.add_argument("--name", help="display name (default: from the id)")
    issuer.add_argument("--kind", default="training-provider", choices=ISSUER_KINDS,
                        help="what kind of organisation it is (default: training-provider)")
    badge = new_sub.add_parser("badge", description=DESCRIPTIONS["badge"], parents=[ROOT],
                               help="write credentials/<issuer>/<badge>/ with badge.yaml and rubric v1")
    badge.add_argument("id", metavar="ISSUER/BADGE", help="e.g. acme/intro-python")
    badge.add_argument("--name", help="display name (default: from the id)")
    for parser in (issuer, badge):
        parser.set_defaults(func=cmd_new)
