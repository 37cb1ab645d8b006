"""`credreg bake` and `credreg unbake`: put a signed credential into its badge image, and take it out again."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any
from urllib.parse import unquote

from .. import atomic
from ..config import load_site_urls
from ..errors import CredregError, InputError, UsageError
from ..layout import MKDOCS_FILE, badge_folder, image_file
from ..load.json_source import read_bounded, read_json
from ..publish.baking import MAX_IMAGE_BYTES, bake_png, bake_svg, png_of
from ..verify.containers_png import SIGNATURE, baked_png
from ..verify.containers_svg import baked_svg
from .options import EXIT_OK, ROOT


def _read(path: Path, limit: int, what: str) -> bytes:
    """A file's bytes, at most `limit`; InputError naming the file when it is missing, unreadable or too large."""
    try:
        with path.open("rb") as handle:
            data = handle.read(limit + 1)
    except FileNotFoundError:
        raise InputError(f"{path}: no such file", f"give the path of the {what}") from None
    except OSError as exc:
        raise InputError(f"{path}: cannot be read ({exc.strerror or exc})", f"give a readable {what}") from None
    if len(data) > limit:
        raise InputError(f"{path} is over the {limit:,}-byte limit of a {what}", f"give the {what} itself")
    return data


def _registry_image(root: Path, credential: Any) -> tuple[str, bytes] | None:
    """The badge class image of this registry that the credential's achievement names, if it is one of ours."""
    if not (root / MKDOCS_FILE).is_file():
        return None
    urls = load_site_urls(root)
    achievement = (credential.get("credentialSubject") or {}).get("achievement") if isinstance(credential, dict) else None
    image = achievement.get("image") if isinstance(achievement, dict) else None
    url = image.get("id") if isinstance(image, dict) else image
    if not isinstance(url, str) or not url.startswith(f"{urls.site_url}badges/"):
        return None
    parts = unquote(url[len(urls.site_url):]).split("/")
    if len(parts) != 4 or any(not p or p in (".", "..") or "\\" in p for p in parts):
        return None
    source = image_file(badge_folder(parts[1], parts[2]), parts[3])
    path = root / source
    return (source, _read(path, MAX_IMAGE_BYTES, "badge image")) if path.is_file() else None


def _write(out: str, data: bytes, force: bool) -> None:
    """Write the result to `out` (`-`: standard output), never over an existing file unless --force."""
    if out == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    path = Path(out)
    if path.exists() and not force:
        raise UsageError(f"{out} already exists", "choose another --out, or pass --force to replace it")
    try:
        atomic.write_bytes(path, data)
    except OSError as exc:
        raise CredregError(f"cannot write {out}: {exc.strerror or exc}", "choose a writable --out path") from None
    print(f"wrote {out}", file=sys.stderr)


def cmd_bake(args: argparse.Namespace) -> int:
    """Bake the credential file into its badge image (or --image) as PNG or SVG."""
    source = Path(args.credential)
    try:
        raw = read_bounded(source)
    except FileNotFoundError:
        raise InputError(f"{source}: no such file", "give the path of a signed credential (.json)") from None
    except OSError as exc:
        raise InputError(f"{source}: cannot be read ({exc.strerror or exc})", "give a readable credential file") from None
    credential = read_json(raw, str(source))
    if not isinstance(credential, dict) or "proof" not in credential:
        raise InputError(f"{source} is not a signed credential (a JSON object with a proof)",
                         "bake the signed credential file, e.g. /credentials/<id>.json of a registry")
    fmt = args.format or ("svg" if args.out and args.out.lower().endswith(".svg") else "png")
    if args.image:
        image_name, image = args.image, _read(Path(args.image), MAX_IMAGE_BYTES, "badge image")
    else:
        found = _registry_image(Path(args.root), credential)
        if found is None:
            raise UsageError(f"the badge image of {source} is not one of this registry's badge classes",
                             "pass --image FILE with the badge image (PNG or SVG) to bake into")
        image_name, image = found
    if not image_name.lower().endswith((".png", ".svg")):
        raise UsageError(f"{image_name} is neither a .png nor a .svg image", "give the badge image as PNG or SVG")
    baked = bake_png(png_of(image_name, image), raw) if fmt == "png" else bake_svg(image_name, image, raw).encode("utf-8")
    _write(args.out or f"{source.stem}.{fmt}", baked, args.force)
    return EXIT_OK


def cmd_unbake(args: argparse.Namespace) -> int:
    """Print (or write to --out) the credential a baked PNG or SVG carries, exactly as baked."""
    path = Path(args.baked)
    data = _read(path, MAX_IMAGE_BYTES, "baked badge")
    try:
        if data.startswith(SIGNATURE):
            text = baked_png(data).text
        elif data.lstrip()[:1] == b"<":
            text = baked_svg(data.decode("utf-8")).text
        else:
            raise InputError("not a PNG or SVG image", "give a baked badge (.png or .svg)")
    except UnicodeDecodeError:
        raise InputError(f"{path}: the SVG is not UTF-8 text", "give a baked badge (.png or .svg)") from None
    except InputError as exc:
        raise InputError(f"{path}: {exc.message}", exc.hint) from None
    _write(args.out, text.encode("utf-8"), args.force)
    return EXIT_OK


def add_commands(sub: Any) -> None:
    """Register `bake` and `unbake` on the top-level subparsers."""
    bake = sub.add_parser("bake", parents=[ROOT], help="bake a signed credential into its badge image (PNG or SVG)",
                          description="Bake a signed credential into a badge image: a PNG with an iTXt chunk "
                                      "`openbadgecredential`, or an SVG with an <openbadges:credential> element.")
    bake.add_argument("credential", metavar="CREDENTIAL.json", help="the signed credential file")
    bake.add_argument("--image", metavar="FILE", help="the badge image to bake into, PNG or SVG (default: the "
                                                      "badge class image in this registry, for one of its credentials)")
    bake.add_argument("--format", choices=("png", "svg"),
                      help="png or svg (default: from --out's extension, else png)")
    bake.add_argument("--out", metavar="FILE|-", help="where to write it (default: the credential's name with .png or "
                                                      ".svg, in the current folder; '-': standard output)")
    bake.add_argument("--force", action="store_true", help="replace --out if it exists")
    bake.set_defaults(func=cmd_bake)
    unbake = sub.add_parser("unbake", help="print the credential a baked PNG or SVG badge carries",
                            description="Take the credential out of a baked badge, exactly as baked.")
    unbake.add_argument("baked", metavar="BAKED.png|BAKED.svg", help="the baked badge")
    unbake.add_argument("--out", default="-", metavar="FILE|-", help="where to write it (default '-': standard output)")
    unbake.add_argument("--force", action="store_true", help="replace --out if it exists")
    unbake.set_defaults(func=cmd_unbake)
