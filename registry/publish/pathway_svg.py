"""A pathway drawn as SVG at build time by our own code (no script), with the text list that says the same.

Badge names and issuer names are issuer-controlled: every text and attribute is XML-escaped, and bidi
controls and characters XML cannot hold are dropped, so a name can neither break out of the markup nor
reorder the text around it. The drawing is role="img" (its links are shortcuts for the pointer and are
kept out of the tab order); the list beside it is the accessible form, with the same links.
"""
from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from markupsafe import Markup

from ..model import BadgeClass, Issuer
from .pathways import NODE_H, NODE_W, Layout, Pathway, layout
from .render import render

LEVELS = {"badge": "Badge", "micro-credential": "Micro-credential", "full-credential": "Full credential"}
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
INK, ACCENT, PAPER, MUTED, LINE = "#1f2937", "#3f51b5", "#ffffff", "#4b5563", "#9ca3af"
JUNCTION_W, JUNCTION_H = 84.0, 22.0


def label(text: str) -> str:
    """Text safe to draw: no bidi controls, nothing XML 1.0 cannot hold, whitespace runs made one space."""
    kept = (c for c in text if c not in _BIDI and (c in "\t\n\r" or 0x20 <= ord(c) < 0xD800 or 0xE000 <= ord(c) < 0xFFFE
                                                   or ord(c) > 0xFFFF))
    return " ".join("".join(kept).split())


def fit(text: str, size: int) -> str:
    """`text` cut to `size` characters with an ellipsis (a box holds about that many)."""
    return text if len(text) <= size else text[:size - 1].rstrip() + "…"


def _x(text: str) -> str:
    return html.escape(label(text), quote=True)


def _n(value: float) -> str:
    return f"{round(value, 1):g}"


@dataclass(frozen=True)
class Drawing:
    """What one drawing is of: the pathway, the registry's classes and issuers, the class highlighted, links."""

    pathway: Pathway
    badges: Mapping[str, BadgeClass]
    issuers: Mapping[str, Issuer]
    current: str | None
    href: Callable[[str], str]  # badge key → relative URL of its page
    ident: str  # unique on the page: the prefix of the title and desc ids

    def issuer_name(self, key: str) -> str:
        issuer = self.issuers.get(self.badges[key].issuer_id)
        return issuer.name if issuer else self.badges[key].issuer_id

    def co_branded(self, key: str) -> bool:
        """Whether the class is another issuer's step in this pathway."""
        return self.badges[key].issuer_id != self.pathway.home_issuer


def _edge(x1: float, y1: float, x2: float, y2: float) -> str:
    dx = (x2 - x1) / 2
    return (f'<path d="M{_n(x1)} {_n(y1)} C{_n(x1 + dx)} {_n(y1)} {_n(x2 - dx)} {_n(y2)} {_n(x2 - 6)} {_n(y2)}" '
            f'fill="none" stroke="{LINE}" stroke-width="1.5"/>'
            f'<path d="M{_n(x2)} {_n(y2)} l-7 -4 v8 z" fill="{LINE}"/>')


def _edges(d: Drawing, lay: Layout) -> list[str]:
    out = []
    junction_of = {(j.group.target, j.group.index): j for j in lay.junctions}
    for g in d.pathway.groups:
        if g.target not in lay.boxes:
            continue
        target = lay.boxes[g.target]
        tx, ty = target.x, target.y + NODE_H / 2
        j = junction_of.get((g.target, g.index))
        for m in g.members:
            if m not in lay.boxes:
                continue
            box = lay.boxes[m]
            sx, sy = box.x + NODE_W, box.y + NODE_H / 2
            out.append(_edge(sx, sy, j.x - JUNCTION_W / 2, j.y) if j else _edge(sx, sy, tx, ty))
        if j:
            out.append(_edge(j.x + JUNCTION_W / 2, j.y, tx, ty))
    return out


def _junctions(lay: Layout) -> list[str]:
    return [f'<g><rect x="{_n(j.x - JUNCTION_W / 2)}" y="{_n(j.y - JUNCTION_H / 2)}" width="{_n(JUNCTION_W)}" '
            f'height="{_n(JUNCTION_H)}" rx="11" fill="#fef3c7" stroke="#b45309"/>'
            f'<text x="{_n(j.x)}" y="{_n(j.y + 4)}" text-anchor="middle" font-size="11" fill="#78350f">'
            f'any {j.group.count} of {len(j.group.members)}</text></g>' for j in lay.junctions]


def _box(d: Drawing, key: str, x: float, y: float) -> str:
    badge = d.badges[key]
    here, other = key == d.current, d.co_branded(key)
    fill, ink, meta = (ACCENT, PAPER, PAPER) if here else (PAPER, INK, MUTED)
    dash = ' stroke-dasharray="6 3"' if other else ""
    level = LEVELS.get(badge.level, badge.level)
    second = f"{level} · {label(d.issuer_name(key))}" if other else level  # another issuer's step names it
    title = f"{label(badge.name)}: {level} of {label(d.issuer_name(key))}" + (" (this one)" if here else "")
    current = ' aria-current="page"' if here else ""
    return (f'<a href="{html.escape(d.href(key), quote=True)}" tabindex="-1"{current} class="credreg-pathway-node'
            f'{" credreg-pathway-node--current" if here else ""}" data-badge="{html.escape(key, quote=True)}">'
            f'<title>{html.escape(title)}</title>'
            f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(NODE_W)}" height="{_n(NODE_H)}" rx="8" fill="{fill}" '
            f'stroke="{ACCENT if not other else "#b45309"}" stroke-width="{3 if here else 1.5}"{dash}/>'
            f'<text x="{_n(x + 10)}" y="{_n(y + 22)}" font-size="13" font-weight="600" fill="{ink}">'
            f'{_x(fit(label(badge.name), 27))}</text>'
            f'<text x="{_n(x + 10)}" y="{_n(y + 41)}" font-size="11" fill="{meta}">{_x(fit(second, 34))}</text></a>')


def pathway_svg(d: Drawing) -> Markup:
    """The SVG of one pathway (inline in the page): boxes linking to badge pages, arrows, "any N of" junctions."""
    lay = layout(d.badges, d.pathway)
    count = len(lay.boxes)
    here = f" {label(d.badges[d.current].name)} is highlighted." if d.current and d.current in lay.boxes else ""
    desc = (f"{count} badge classes, lower levels on the left: each arrow leads from a class to the credential it "
            f"counts towards; dashed boxes are other issuers' steps.{here} The list beside it names every step.")
    top = d.pathway.stacked[-1] if d.pathway.stacked else None
    title = f"Pathway to {label(d.badges[top].name)}" if top else "Pathway"
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" class="credreg-pathway-svg" role="img" '
             f'aria-labelledby="{d.ident}-title {d.ident}-desc" viewBox="0 0 {_n(lay.width)} {_n(lay.height)}" '
             f'width="{_n(lay.width)}" height="{_n(lay.height)}" font-family="system-ui, -apple-system, sans-serif">',
             f'<title id="{d.ident}-title">{_x(title)}</title><desc id="{d.ident}-desc">{_x(desc)}</desc>',
             *_edges(d, lay), *_junctions(lay),
             *(_box(d, key, box.x, box.y) for key, box in lay.boxes.items()), "</svg>"]
    return Markup("".join(parts))  # noqa: S704 - every text and attribute above is escaped


def pathway_figure(d: Drawing, caption: str = "") -> Markup:
    """The drawing and, beside it, the same pathway as a list of links (what each stacked class requires)."""
    shown = len(d.pathway.drawn())
    return Markup(render("pathway.html", d=d, svg=pathway_svg(d), caption=caption, levels=LEVELS,
                         any_groups=any(not g.all for g in d.pathway.groups),
                         co_branded=any(d.co_branded(k) for k in d.pathway.badges),
                         cut=shown if d.pathway.shown else 0, total=len(d.pathway.badges)))
