"""Baked badges: the badge image carrying the signed credential, as Open Badges 3.0 bakes it.

A baked PNG holds the credential JSON, uncompressed and byte for byte, in one iTXt chunk keyed
`openbadgecredential` (the Learner Credential Wallet finds it by plain text search); a baked SVG holds it in one
`<openbadges:credential>` element. The readers are registry/verify/containers_png.py and containers_svg.py.
SVG badges are rendered to PNG with resvg (a well-kept Rust renderer with self-contained wheels) at a fixed size,
once per badge class; each award only splices its chunk in.
"""
from __future__ import annotations

import base64
import re
import struct
import zlib
from collections.abc import Callable
from pathlib import Path

import resvg_py

from ..errors import InputError
from ..layout import badge_folder, image_file
from ..load.signed import signed_bytes
from ..model import Registry
from ..urls import SiteUrls
from ..validate.images import published_image
from ..verify.containers_png import KEYWORDS, MAX_CHUNKS, SIGNATURE
from .hosted import publish_file
from .parallel import for_each_award

RENDER_SIZE = 512  # pixels of a PNG rendered from an SVG badge: bounded work and size whatever the drawing says
KEYWORD = b"openbadgecredential"
OB3_NAMESPACE = "https://purl.imsglobal.org/ob/v3p0"
MAX_IMAGE_BYTES = 4 * 1024 * 1024  # as the verifier's container limit: a badge image, not a photograph
_HINT = "give the badge image as a PNG or an SVG file"
_SVG_ROOT = re.compile(r"<svg\b[^>]*?(/?)>", re.S)


def _chunk(kind: bytes, data: bytes) -> bytes:
    """One PNG chunk: length, type, data and the CRC-32 of type and data."""
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _chunks(png: bytes, source: str) -> list[tuple[bytes, bytes]]:
    """The (type, data) chunks of a PNG, each length and CRC checked; InputError for anything malformed."""
    if not png.startswith(SIGNATURE):
        raise InputError(f"{source} is not a PNG image (no PNG signature)", _HINT)
    out: list[tuple[bytes, bytes]] = []
    offset = len(SIGNATURE)
    while offset < len(png):
        if len(out) >= MAX_CHUNKS:
            raise InputError(f"{source} has more than {MAX_CHUNKS:,} PNG chunks", "refusing an image built to exhaust a reader")
        if offset + 12 > len(png):
            raise InputError(f"{source} is truncated at byte {offset:,}", _HINT)
        length, kind = struct.unpack(">I4s", png[offset:offset + 8])
        end = offset + 8 + length
        if end + 4 > len(png) or struct.unpack(">I", png[end:end + 4])[0] != zlib.crc32(png[offset + 4:end]):
            raise InputError(f"{source} is damaged: PNG chunk {len(out) + 1} is truncated or fails its CRC", _HINT)
        out.append((kind, png[offset + 8:end]))
        offset = end + 4
        if kind == b"IEND":
            break
    if not out or out[0][0] != b"IHDR" or out[-1][0] != b"IEND":
        raise InputError(f"{source} is not a complete PNG image (no IHDR first or no IEND last)", _HINT)
    return out


def _is_badge_text(kind: bytes, data: bytes) -> bool:
    return kind in (b"tEXt", b"zTXt", b"iTXt") and data.partition(b"\0")[0].decode("latin-1") in KEYWORDS


def plain_png(png: bytes, source: str) -> bytes:
    """The PNG without any Open Badges text chunk: a badge image must never carry someone else's credential."""
    return SIGNATURE + b"".join(_chunk(kind, data) for kind, data in _chunks(png, source)
                                if not _is_badge_text(kind, data))


def png_of(image_name: str, image: bytes) -> bytes:
    """The badge image as a plain PNG: an SVG rendered at RENDER_SIZE, a PNG without badge text chunks."""
    if len(image) > MAX_IMAGE_BYTES:
        raise InputError(f"{image_name} is {len(image):,} bytes, over the {MAX_IMAGE_BYTES:,}-byte limit of a badge image",
                         "use a smaller image")
    if image_name.lower().endswith(".svg"):
        svg = published_image(image_name, image).decode("utf-8")  # the checked, re-serialized drawing
        return plain_png(bytes(resvg_py.svg_to_bytes(svg_string=svg, width=RENDER_SIZE, height=RENDER_SIZE)),
                         image_name)
    return plain_png(image, image_name)


def bake_png(png: bytes, credential: bytes) -> bytes:
    """`png` (a plain PNG, see png_of) with the credential in an uncompressed iTXt chunk just before IEND."""
    if not png.endswith(_chunk(b"IEND", b"")):
        raise InputError("the image to bake into does not end with a PNG IEND chunk", _HINT)
    itxt = KEYWORD + b"\0" + b"\0\0" + b"\0" + b"\0" + credential  # keyword, uncompressed, no language or translation
    return png[:-12] + _chunk(b"iTXt", itxt) + png[-12:]


def _cdata(text: str) -> str:
    """`text` as CDATA sections: a `]]>` inside is split across two, so the XML stays one well-formed element."""
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def bake_svg(image_name: str, image: bytes, credential: bytes) -> str:
    """An SVG carrying the credential in one <openbadges:credential>: the checked SVG badge itself, or for a PNG
    badge an SVG that shows the PNG (as a data: URI) at its own size."""
    return _in_frame(svg_frame(image_name, image), credential)


def _in_frame(frame: tuple[str, str], credential: bytes) -> str:
    return f"{frame[0]}<openbadges:credential>{_cdata(credential.decode('utf-8'))}</openbadges:credential>{frame[1]}"


def svg_frame(image_name: str, image: bytes) -> tuple[str, str]:
    """The baked SVG of a badge image without its credential: the text before and after <openbadges:credential>,
    the same for every award of the badge class, so it is made once."""
    namespace = f' xmlns:openbadges="{OB3_NAMESPACE}"'
    if not image_name.lower().endswith(".svg"):
        png = png_of(image_name, image)
        width, height = struct.unpack(">II", _chunks(png, image_name)[0][1][:8])
        data = base64.b64encode(png).decode("ascii")
        return (f'<svg xmlns="http://www.w3.org/2000/svg"{namespace} width="{width}" height="{height}" '
                f'viewBox="0 0 {width} {height}">', f'<image width="{width}" height="{height}" '
                f'href="data:image/png;base64,{data}"/></svg>\n')
    svg = published_image(image_name, image).decode("utf-8")
    root = _SVG_ROOT.search(svg)
    if root is None:
        raise InputError(f"{image_name} has no <svg> element", _HINT)
    start = svg[:root.start()] + svg[root.start():root.end() - 1 - len(root.group(1))] + namespace
    if root.group(1):  # <svg …/>: an empty drawing
        return f"{start}>", f"</svg>{svg[root.end():]}"
    return f"{start}>", svg[root.end():]


def award_baker(registry: Registry, urls: SiteUrls, site_dir: Path) -> Callable[[str], int]:
    """A function writing one award's baked PNG and SVG beside its credential (`/credentials/<id>.png|.svg`, 2 files).
    Each badge class's plain PNG and SVG frame are made here, once, so a bad image fails before any award."""
    parts: dict[str, tuple[bytes, tuple[str, str]]] = {}
    for badge in (registry.badges[key] for key in dict.fromkeys(a.badge_key for a in registry.awards.values())):
        source = image_file(badge_folder(badge.issuer_id, badge.id), badge.image)
        image = registry.images[source]
        parts[badge.key] = (png_of(source, image), svg_frame(source, image))

    def write(award_id: str) -> int:
        award = registry.awards[award_id]
        png, frame = parts[award.badge_key]
        signed = signed_bytes(registry, award)
        publish_file(site_dir, urls, urls.baked(award.id, "png"), bake_png(png, signed))
        publish_file(site_dir, urls, urls.baked(award.id, "svg"), _in_frame(frame, signed).encode("utf-8"))
        return 2
    return write


def write_baked(registry: Registry, urls: SiteUrls, site_dir: Path) -> int:
    """Write every award's baked PNG and SVG beside its credential; returns how many files."""
    return for_each_award(list(registry.awards), award_baker(registry, urls, site_dir))
