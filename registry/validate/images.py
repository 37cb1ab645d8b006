"""Badge and issuer images: PNG by signature, SVG only when it is plain drawing (no script, no links out).

SVGs are refused rather than rewritten: an issuer fixes the file once, and the
published bytes are exactly the reviewed bytes.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from ..errors import Problem

MAX_IMAGE_BYTES = 512 * 1024
_PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
_SVG_NS = "{http://www.w3.org/2000/svg}"
_XLINK = "{http://www.w3.org/1999/xlink}"

ALLOWED_ELEMENTS = frozenset({
    "svg", "g", "defs", "title", "desc", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "linearGradient", "radialGradient", "stop", "clipPath", "mask", "use", "symbol",
    "pattern", "filter", "feGaussianBlur", "feOffset", "feBlend", "feFlood", "feComposite", "feMerge",
    "feMergeNode", "feDropShadow", "feColorMatrix", "metadata",
})
_ALLOWED_ATTRIBUTES = frozenset({
    "id", "class", "width", "height", "viewBox", "preserveAspectRatio", "version", "x", "y", "x1", "y1", "x2",
    "y2", "cx", "cy", "r", "rx", "ry", "d", "points", "fill", "fill-opacity", "fill-rule", "stroke",
    "stroke-width", "stroke-linecap", "stroke-linejoin", "stroke-dasharray", "stroke-opacity", "opacity",
    "transform", "font-family", "font-size", "font-weight", "text-anchor", "dominant-baseline", "letter-spacing",
    "offset", "stop-color", "stop-opacity", "gradientUnits", "gradientTransform", "clip-path", "clip-rule",
    "mask", "filter", "stdDeviation", "dx", "dy", "in", "in2", "mode", "result", "flood-color", "flood-opacity",
    "operator", "type", "values", "href", "role", "aria-label", "aria-hidden", "focusable", "style",
    "patternUnits", "clipPathUnits", "maskUnits", "xml:space", "stroke-miterlimit", "text-decoration",
    "font-style", "paint-order", "vector-effect",
})
_BAD_STYLE = re.compile(r"url\s*\(\s*['\"]?(?!#)|expression|@import|javascript:|behavior", re.I)


def image_problems(path: str, data: bytes) -> list[Problem]:
    """Problems that make an image unsafe or unusable; empty when it may be published as is."""
    if len(data) > MAX_IMAGE_BYTES:
        return [Problem(path, 0, 0, "image-too-large", f"image is {len(data):,} bytes; the limit is "
                        f"{MAX_IMAGE_BYTES:,}", "export a smaller image (badges show at 200 px)")]
    if path.endswith(".png"):
        if not data.startswith(_PNG_MAGIC):
            return [Problem(path, 0, 0, "bad-image", "file is named .png but is not a PNG image",
                            "export the image as PNG, or rename it to what it is")]
        return []
    return svg_problems(path, data)


def _local(tag: str) -> str:
    return tag[len(_SVG_NS):] if tag.startswith(_SVG_NS) else tag


def svg_problems(path: str, data: bytes) -> list[Problem]:
    """Refuse SVG that could run script, load anything, or hide markup; allow plain drawing."""
    def refuse(message: str, hint: str = "remove it; badge images must be plain drawings") -> list[Problem]:
        return [Problem(path, 0, 0, "unsafe-svg", message, hint)]

    if re.search(rb"<!DOCTYPE|<!ENTITY", data, re.I):
        return refuse("SVG has a DOCTYPE or ENTITY declaration", "remove the declaration; it is never needed")
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        line, column = exc.position
        return [Problem(path, line, column + 1, "bad-image", f"SVG is not well-formed XML: {exc}",
                        "open and re-save it in an SVG editor")]
    if root.tag != _SVG_NS + "svg":
        return refuse("the root element is not <svg> in the SVG namespace",
                      "add xmlns=\"http://www.w3.org/2000/svg\" to the <svg> element")
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        name = _local(element.tag)
        if not element.tag.startswith(_SVG_NS) or name not in ALLOWED_ELEMENTS:
            return refuse(f"SVG element <{name}> is not allowed")
        for attribute, value in element.attrib.items():
            local = attribute.replace(_XLINK, "").replace("{http://www.w3.org/XML/1998/namespace}", "xml:")
            if local not in _ALLOWED_ATTRIBUTES:
                return refuse(f"SVG attribute '{local}' on <{name}> is not allowed")
            if local == "href" and not value.startswith("#"):
                return refuse(f"<{name}> links to {value[:60]!r}; only links inside the image (#id) are allowed")
            if _BAD_STYLE.search(value):
                return refuse(f"SVG attribute '{local}' on <{name}> refers to outside content")
    return []
