"""Allow-lists for SVG elements, attributes and their value shapes, style declarations included.

Browsers read presentation attributes and `style` with the CSS parser, which decodes escapes
(`\\75rl(` is `url(`) and skips comments, so values are matched against shapes that contain
neither; the only reference allowed is a local `url(#id)` or `href="#id"`. Every pattern is linear.
"""
from __future__ import annotations

import re

ALLOWED_ELEMENTS = frozenset({
    "svg", "g", "defs", "title", "desc", "path", "rect", "circle", "ellipse", "line", "polyline", "polygon",
    "text", "tspan", "linearGradient", "radialGradient", "stop", "clipPath", "mask", "use", "symbol",
    "pattern", "filter", "feGaussianBlur", "feOffset", "feBlend", "feFlood", "feComposite", "feMerge",
    "feMergeNode", "feDropShadow", "feColorMatrix", "metadata",
})
# CSS properties: allowed as presentation attributes and inside style="…".
STYLE_PROPERTIES = frozenset({
    "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-linecap", "stroke-linejoin",
    "stroke-dasharray", "stroke-opacity", "stroke-miterlimit", "opacity", "font-family", "font-size",
    "font-weight", "font-style", "text-anchor", "dominant-baseline", "letter-spacing", "stop-color",
    "stop-opacity", "clip-path", "clip-rule", "mask", "filter", "flood-color", "flood-opacity",
    "text-decoration", "paint-order", "vector-effect",
})
_OTHER_ATTRIBUTES = frozenset({
    "id", "class", "width", "height", "viewBox", "preserveAspectRatio", "version", "x", "y", "x1", "y1", "x2",
    "y2", "cx", "cy", "r", "rx", "ry", "d", "points", "transform", "offset", "gradientUnits", "gradientTransform",
    "stdDeviation", "dx", "dy", "in", "in2", "mode", "result", "operator", "type", "values", "href", "xlink:href",
    "role", "aria-label", "aria-hidden", "focusable", "style", "patternUnits", "clipPathUnits", "maskUnits",
    "xml:space",
})
ALLOWED_ATTRIBUTES = STYLE_PROPERTIES | _OTHER_ATTRIBUTES

_ID = r"[A-Za-z_][A-Za-z0-9_.-]*"
_LOCAL_REF = rf"url\((?:#{_ID}|'#{_ID}'|\"#{_ID}\")\)"
_COLOR = r"#[0-9A-Fa-f]{3,8}|[A-Za-z]+|(?:rgba?|hsla?)\([0-9.,%+\s-]*\)"
_FAMILY = r"[A-Za-z0-9_-]+(?: [A-Za-z0-9_-]+)*|\"[A-Za-z0-9 _-]*\"|'[A-Za-z0-9 _-]*'"
_TRANSFORMS = frozenset({"matrix", "translate", "scale", "rotate", "skewX", "skewY"})
_SHAPES: dict[str, re.Pattern[str]] = {
    # numbers, lengths, lists, keywords, hex colours: no function call, quote, escape or comment
    "plain": re.compile(r"[A-Za-z0-9#.,%+\s-]*"),
    "paint": re.compile(rf"(?:{_LOCAL_REF})?\s*(?:{_COLOR})?"),
    "reference": re.compile(rf"none|{_LOCAL_REF}"),
    "family": re.compile(rf"(?:{_FAMILY})(?:\s*,\s*(?:{_FAMILY}))*"),
    "id": re.compile(_ID),
    "href": re.compile(rf"#{_ID}"),
    "class": re.compile(r"[A-Za-z0-9_\s-]*"),
    "transform": re.compile(r"[A-Za-z0-9.,()+\s-]*"),
}
_KIND = {"fill": "paint", "stroke": "paint", "stop-color": "paint", "flood-color": "paint",
         "clip-path": "reference", "mask": "reference", "filter": "reference", "font-family": "family",
         "id": "id", "in": "id", "in2": "id", "result": "id", "href": "href", "xlink:href": "href", "class": "class",
         "transform": "transform", "gradientTransform": "transform", "aria-label": "text", "style": "style"}
_FUNCTION = re.compile(r"(?<![A-Za-z-])([A-Za-z-]+)\s*\(")  # starts only at a name's start: linear
_STYLE_HINT = "use only these properties with plain values: " + ", ".join(sorted(STYLE_PROPERTIES))


def _show(value: str) -> str:
    return repr(value[:60] + ("…" if len(value) > 60 else ""))


def attribute_problem(element: str, name: str, value: str) -> tuple[str, str] | None:
    """(message, hint) when attribute `name="value"` on `<element>` is not plain drawing; None when allowed."""
    if name not in ALLOWED_ATTRIBUTES:
        if name.lower().startswith("on"):
            return (f"<{element}> has the event handler '{name[:40]}', which runs script", "remove the attribute")
        return (f"SVG attribute '{name[:40]}' on <{element}> is not allowed", "remove the attribute")
    kind = _KIND.get(name, "plain")
    if kind == "text":
        return None
    where = "style" if kind == "style" else f"'{name}'"
    if "\\" in value or "/*" in value:
        message = (f"{where} on <{element}> uses a CSS escape or comment ({_show(value)}); browsers decode these, "
                   "so they can hide url(…) or @import")
        return message, "write the value plainly, e.g. fill=\"#336699\""
    if kind == "style":
        return _style_problem(element, value)
    return _value_problem(element, name, kind, value)


def _value_problem(element: str, name: str, kind: str, value: str) -> tuple[str, str] | None:
    """(message, hint) when `value` does not have the shape that attribute or property `name` allows."""
    text = value.strip()
    if kind == "href":
        if not _SHAPES["href"].fullmatch(text):
            return (f"<{element}> links to {_show(value)}; only links inside the image (#id) are allowed",
                    "embed what it points to, or remove the link")
        return None
    shape = _SHAPES[kind].fullmatch(text)
    if kind == "transform" and shape:
        shape = shape if all(f in _TRANSFORMS for f in _FUNCTION.findall(text)) else None
    if shape:
        return None
    if ":" in text or (kind != "transform" and "url(" in text.lower()):
        return (f"'{name}' on <{element}> refers to {_show(value)}; only url(#id) inside the image is allowed",
                "point it at a gradient, clip path, mask or filter defined in the same file")
    return (f"'{name}' on <{element}> has {_show(value)}, which is not a plain number, length, colour or keyword",
            "write a plain value (e.g. 2, 10px, #336699, none), as SVG editors export it")


def _style_problem(element: str, style: str) -> tuple[str, str] | None:
    """(message, hint) for the first style declaration outside the allowed properties and shapes."""
    for declaration in style.split(";"):
        if not declaration.strip():
            continue
        prop, colon, value = declaration.partition(":")
        prop = prop.strip()
        if not colon or prop not in STYLE_PROPERTIES:
            return (f"style on <{element}> has {_show(declaration.strip())}, which is not an allowed property",
                    _STYLE_HINT)
        problem = _value_problem(element, prop, _KIND.get(prop, "plain"), value)
        if problem:
            return (f"style on <{element}>: {problem[0]}", problem[1])
    return None
