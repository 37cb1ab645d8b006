"""Pathways: the connected graphs of badge classes that `requires` links, and where each class sits in one.

A pathway is drawn left to right, lower levels first (badge → micro-credential → full credential);
`pathway_svg.py` turns the layout made here into SVG. Everything is computed from the Registry model
at build time, so the same sources give the same picture.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from math import ceil

from ..model import BadgeClass

LEVEL_RANK = {"badge": 0, "micro-credential": 1, "full-credential": 2}
MAX_NODES = 80  # a drawing never holds more badge classes than this; the text list beside it names them all
ROWS_PER_COLUMN = 12  # a level with more classes wraps into several sub-columns, so the picture stays wide, not tall


@dataclass(frozen=True)
class Group:
    """One requirement group of a stacked class inside a pathway: `count` of `members` lead to `target`."""

    target: str
    index: int
    count: int
    members: tuple[str, ...]

    @property
    def all(self) -> bool:
        """Whether every member is needed (drawn as plain arrows; an "any N of" group gets a junction)."""
        return self.count >= len(self.members)


@dataclass(frozen=True)
class Pathway:
    """A connected set of badge classes of which at least one is stacked, with its requirement groups."""

    badges: tuple[str, ...]  # badge keys, in drawing order
    groups: tuple[Group, ...]
    home_issuer: str  # the issuer whose stacked classes these are (others' steps are marked as co-branded)
    shown: tuple[str, ...] = ()  # the keys drawn, when the pathway is larger than MAX_NODES; empty: all

    @property
    def stacked(self) -> tuple[str, ...]:
        """The stacked classes, in drawing order."""
        targets = {g.target for g in self.groups}
        return tuple(k for k in self.badges if k in targets)

    def groups_of(self, key: str) -> tuple[Group, ...]:
        """The requirement groups of one stacked class."""
        return tuple(g for g in self.groups if g.target == key)

    def drawn(self) -> tuple[str, ...]:
        """The keys the drawing holds."""
        return self.shown or self.badges


def _groups(badges: Mapping[str, BadgeClass], keys: Iterable[str]) -> list[Group]:
    """The requirement groups of `keys`, each member a known badge class (dangling names are the check's to report)."""
    out = []
    for key in keys:
        for index, req in enumerate(badges[key].requires):
            members = tuple(dict.fromkeys(c.badge for c in req.components if c.badge in badges and c.badge != key))
            if members:
                out.append(Group(key, index, min(req.count, len(members)), members))
    return out


def _columns(badges: Mapping[str, BadgeClass], keys: set[str], groups: list[Group]) -> dict[str, int]:
    """Each class's column: after every class it requires, and never before its level's rank (a cycle, which
    the check refuses, is cut where it is met)."""
    needs: dict[str, list[str]] = {}
    for g in groups:
        needs.setdefault(g.target, []).extend(g.members)
    column: dict[str, int] = {}
    busy: set[str] = set()

    def visit(key: str) -> int:
        if key in column:
            return column[key]
        if key in busy:
            return 0
        busy.add(key)
        below = [visit(m) + 1 for m in needs.get(key, [])]
        busy.discard(key)
        column[key] = max([LEVEL_RANK.get(badges[key].level, 0), *below])
        return column[key]

    for key in sorted(keys):
        visit(key)
    return column


def _order(badges: Mapping[str, BadgeClass], keys: set[str], groups: list[Group], column: dict[str, int]) -> list[str]:
    """Drawing order: by column, and inside one, each class near the class it leads to (depth-first from the top)."""
    needs: dict[str, list[str]] = {}
    for g in groups:
        needs.setdefault(g.target, []).extend(g.members)
    seen: dict[str, int] = {}

    def walk(key: str) -> None:
        if key in seen:
            return
        seen[key] = len(seen)
        for member in needs.get(key, []):
            walk(member)

    for key in sorted(keys, key=lambda k: (-column[k], badges[k].name, k)):
        walk(key)
    return sorted(keys, key=lambda k: (column[k], seen[k]))


def _home_issuer(badges: Mapping[str, BadgeClass], groups: list[Group]) -> str:
    """The issuer with the most stacked classes in the pathway (ties: the first by id)."""
    counts: dict[str, int] = {}
    for target in {g.target for g in groups}:
        counts[badges[target].issuer_id] = counts.get(badges[target].issuer_id, 0) + 1
    return min(counts, key=lambda i: (-counts[i], i))


def _make(badges: Mapping[str, BadgeClass], keys: set[str]) -> Pathway:
    groups = _groups(badges, sorted(keys))
    column = _columns(badges, keys, groups)
    return Pathway(tuple(_order(badges, keys, groups, column)), tuple(groups), _home_issuer(badges, groups))


def all_pathways(badges: Mapping[str, BadgeClass]) -> tuple[Pathway, ...]:
    """Every pathway of the registry: the connected components of `requires` links with a stacked class."""
    links: dict[str, set[str]] = {k: set() for k in badges}
    for g in _groups(badges, badges):
        for member in g.members:
            links[g.target].add(member)
            links[member].add(g.target)
    done: set[str] = set()
    out = []
    for start in sorted(badges):
        if start in done or not links[start]:
            continue
        found, todo = {start}, [start]
        while todo:
            for other in links[todo.pop()]:
                if other not in found:
                    found.add(other)
                    todo.append(other)
        done |= found
        out.append(_make(badges, found))
    return tuple(sorted(out, key=lambda p: (p.home_issuer, p.stacked[-1] if p.stacked else "")))


def neighbourhood(pathway: Pathway, key: str) -> set[str]:
    """The classes `key` requires (at any depth) and those that require it: where it sits on its pathway."""
    up: dict[str, set[str]] = {}
    down: dict[str, set[str]] = {}
    for g in pathway.groups:
        for member in g.members:
            up.setdefault(member, set()).add(g.target)
            down.setdefault(g.target, set()).add(member)
    found = {key}
    for step in (up, down):
        todo = [key]
        while todo:
            for other in step.get(todo.pop(), ()):
                if other not in found:
                    found.add(other)
                    todo.append(other)
    return found


def focused(badges: Mapping[str, BadgeClass], pathway: Pathway, key: str, compact: bool = False) -> Pathway:
    """The pathway as drawn for one class: with `compact`, only what it requires and what requires it; a drawing
    of more than MAX_NODES classes keeps those nearest `key` (the text list still names every one)."""
    base = _make(badges, neighbourhood(pathway, key)) if compact else pathway
    if len(base.badges) <= MAX_NODES:
        return base
    keep = _nearest(base, key, set(base.badges))
    return replace(base, shown=tuple(k for k in base.badges if k in keep))


def overview(badges: Mapping[str, BadgeClass], pathway: Pathway) -> Pathway:
    """The pathway as the overview draws it: all of it, or the MAX_NODES classes nearest its top class."""
    return focused(badges, pathway, pathway.stacked[-1])


def _nearest(pathway: Pathway, key: str, keys: set[str]) -> set[str]:
    """Up to MAX_NODES of `keys`, by distance from `key` along requirement links (breadth first; at one distance
    the credentials a class leads to before the classes it requires)."""
    links: dict[str, list[tuple[int, str]]] = {}  # (0, what it counts towards) sorts before (1, what it requires)
    for g in pathway.groups:
        for member in g.members:
            links.setdefault(member, []).append((0, g.target))
            links.setdefault(g.target, []).append((1, member))
    order, frontier = [key], [key]
    seen = {key}
    while frontier and len(order) < MAX_NODES:
        nxt = []
        for k in frontier:
            for _, other in sorted(links.get(k, [])):
                if other in keys and other not in seen:
                    seen.add(other)
                    order.append(other)
                    nxt.append(other)
        frontier = nxt
    return set(order[:MAX_NODES])


@dataclass(frozen=True)
class Placed:
    """A badge class's box in the drawing (top-left corner)."""

    key: str
    x: float
    y: float


@dataclass(frozen=True)
class Junction:
    """Where an "any N of" group's arrows meet before going on to its stacked class (centre)."""

    group: Group
    x: float
    y: float


@dataclass(frozen=True)
class Layout:
    """Positions of everything one drawing holds, and its size."""

    boxes: Mapping[str, Placed]
    junctions: tuple[Junction, ...]
    width: float
    height: float


NODE_W, NODE_H = 224.0, 54.0
SUB_GAP, COL_GAP, ROW_GAP, MARGIN = 24.0, 120.0, 14.0, 12.0


def layout(badges: Mapping[str, BadgeClass], pathway: Pathway) -> Layout:
    """Columns by level, wrapped every ROWS_PER_COLUMN classes; junctions in the gap before their target."""
    drawn = set(pathway.drawn())
    groups = [Group(g.target, g.index, g.count, tuple(m for m in g.members if m in drawn))
              for g in pathway.groups if g.target in drawn]
    groups = [g for g in groups if g.members]
    column = _columns(badges, drawn, groups)
    by_column: dict[int, list[str]] = {}
    for key in pathway.badges:
        if key in drawn:
            by_column.setdefault(column[key], []).append(key)
    rows = min(ROWS_PER_COLUMN, max(len(v) for v in by_column.values()))
    height = 2 * MARGIN + rows * NODE_H + (rows - 1) * ROW_GAP
    boxes: dict[str, Placed] = {}
    starts: dict[str, float] = {}  # where each class's column begins (its junctions sit in the gap before it)
    x = MARGIN
    for col in sorted(by_column):
        keys = by_column[col]
        starts.update((k, x) for k in keys)
        subs = ceil(len(keys) / ROWS_PER_COLUMN)
        per = ceil(len(keys) / subs)
        for s in range(subs):
            chunk = keys[s * per:(s + 1) * per]
            top = (height - (len(chunk) * NODE_H + (len(chunk) - 1) * ROW_GAP)) / 2
            for i, key in enumerate(chunk):
                boxes[key] = Placed(key, x, top + i * (NODE_H + ROW_GAP))
            x += NODE_W + SUB_GAP
        x += COL_GAP - SUB_GAP
    junctions = []
    for g in groups:
        if g.all:
            continue
        target = boxes[g.target]
        ys = [boxes[m].y + NODE_H / 2 for m in g.members]
        junctions.append(Junction(g, starts[g.target] - COL_GAP / 2, (sum(ys) / len(ys) + target.y + NODE_H / 2) / 2))
    return Layout(boxes, tuple(junctions), x - COL_GAP + MARGIN, height)
