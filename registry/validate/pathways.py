"""Pathway rules across badge.yaml files: what a stacked badge class may require, and who accepted it.

A requirement (`requires`, or its short form `buildsOn`) names existing badge classes, never itself,
each once per group, with minimum results its component can reach, and forms no cycle. It may name
another issuer's badge class only when that issuer accepted it in its own files: the component's
badge.yaml lists the stacked class in `countsTowards` (a co-branded step). Nobody can enrol another
issuer's badge into a pathway without that issuer's reviewed consent.
"""
from __future__ import annotations

from collections.abc import Mapping

from ..errors import Problem
from ..load.source import SourceDocument
from ..model import BadgeClass, Component, Requirement

Badges = Mapping[str, tuple[SourceDocument, BadgeClass]]
Where = tuple[str | int, ...]


def pathway_problems(badges: Badges, present: set[str]) -> list[Problem]:
    """Every pathway problem of the registry: requirements, countsTowards entries and cycles.

    `present` holds every badge class with a badge.yaml, valid or not, so one broken file
    does not also show up as dangling references elsewhere.
    """
    problems: list[Problem] = []
    for key, (doc, badge) in sorted(badges.items()):
        for index, group in enumerate(badge.requires):
            problems += _group_problems(key, doc, badge, index, group, badges, present)
        problems += _counts_towards_problems(doc, badge, present)
    return problems + _cycles(badges)


def item_where(doc: SourceDocument, index: int, item: int) -> Where:
    """Where item `item` of requirement group `index` is written (`buildsOn` is the one-group short form)."""
    if "requires" not in doc.data:
        return ("buildsOn", item)
    return ("requires", index, "all" if "all" in doc.data["requires"][index] else "of", item)


def _group_problems(key: str, doc: SourceDocument, badge: BadgeClass, index: int, group: Requirement,
                    badges: Badges, present: set[str]) -> list[Problem]:
    """One requirement group: a count it can meet, and components that exist, differ and were accepted."""
    problems = []
    if group.count < 1:
        problems.append(doc.problem(
            "impossible-requirement", f"atLeast {group.count} asks for nothing: this group would always hold",
            "write atLeast 1 or more, or remove the group", ("requires", index, "atLeast")))
    elif group.count > len(group.components):
        problems.append(doc.problem(
            "impossible-requirement",
            f"atLeast {group.count} of a list of {len(group.components)} badge classes can never be met",
            f"lower atLeast to {len(group.components)} or fewer, or list more badge classes",
            ("requires", index, "atLeast")))
    seen: set[str] = set()
    for ci, component in enumerate(group.components):
        where = item_where(doc, index, ci)
        ref = component.badge
        if ref in seen:
            problems.append(doc.problem("duplicate-item", f"{ref} is named twice in this requirement group",
                                        "name each badge class once per group", where))
            continue
        seen.add(ref)
        if ref == key:
            problems.append(doc.problem("bad-ref", "a badge class cannot require itself", "remove this entry", where))
        elif ref not in present:
            problems.append(_dangling(doc, badge, ref, present, where))
        elif ref in badges:
            problems += _component_problems(key, doc, badge, component, badges[ref][1], where)
    return problems


def _dangling(doc: SourceDocument, badge: BadgeClass, ref: str, present: set[str], where: Where) -> Problem:
    issuer_id = ref.split("/")[0]
    if issuer_id == badge.issuer_id:
        own = sorted(k.split("/")[1] for k in present if k.startswith(badge.issuer_id + "/"))
        return doc.problem("dangling-ref", f"the requirement names {ref.split('/')[1]!r}, which does not exist",
                           f"use one of: {', '.join(own)}" if own else "create that badge class first", where)
    return doc.problem("dangling-ref", f"the requirement names {ref!r}, which does not exist",
                       "name another issuer's badge class as <issuer-id>/<badge-id>", where)


def _component_problems(key: str, doc: SourceDocument, badge: BadgeClass, component: Component,
                        other: BadgeClass, where: Where) -> list[Problem]:
    """An existing component: accepted by its issuer when it is another's, with minimums it can reach."""
    problems = []
    if other.issuer_id != badge.issuer_id and key not in other.counts_towards:
        problems.append(doc.problem(
            "pathway-not-accepted",
            f"the requirement names {other.key}, but {other.issuer_id} has not accepted that it counts towards {key}",
            f"ask {other.issuer_id} to add `countsTowards: [{key}]` to {other.source or 'its badge.yaml'}",
            where))
    if not other.rubrics:
        return problems  # its missing rubric is reported at its own badge.yaml
    best = max(r.max_points for r in other.rubrics)
    if component.minimum_points is not None and component.minimum_points > best:
        problems.append(doc.problem(
            "impossible-requirement",
            f"minimumPoints {component.minimum_points} for {other.key} is more than the {best} points "
            "any of its rubric versions can give",
            f"lower minimumPoints to {best} or less", where + ("minimumPoints",)))
    for criterion_id, level_id in component.minimum_levels:
        problems += _level_problems(doc, other, criterion_id, level_id, where + ("minimumLevels", criterion_id))
    return problems


def _level_problems(doc: SourceDocument, other: BadgeClass, criterion_id: str, level_id: str,
                    where: Where) -> list[Problem]:
    """A minimum level must name a criterion and level some rubric version of the component has."""
    criteria = [c for r in other.rubrics for c in r.criteria if c.id == criterion_id]
    if not criteria:
        known = sorted({c.id for r in other.rubrics for c in r.criteria})
        return [doc.problem("dangling-ref", f"minimumLevels names criterion {criterion_id!r}, "
                                            f"which no rubric version of {other.key} has",
                            f"criteria of {other.key}: {', '.join(known)}", where)]
    if not any(lv.id == level_id for c in criteria for lv in c.levels):
        known = sorted({lv.id for c in criteria for lv in c.levels})
        return [doc.problem("dangling-ref", f"minimumLevels names level {level_id!r} of {criterion_id!r}, "
                                            f"which no rubric version of {other.key} has",
                            f"levels of {criterion_id!r}: {', '.join(known)}", where)]
    return []


def _counts_towards_problems(doc: SourceDocument, badge: BadgeClass, present: set[str]) -> list[Problem]:
    """countsTowards names existing badge classes of other issuers (one's own need no acceptance)."""
    problems = []
    for index, ref in enumerate(badge.counts_towards):
        where = ("countsTowards", index)
        if ref.split("/")[0] == badge.issuer_id:
            problems.append(doc.problem("bad-ref", f"countsTowards names {ref}, a badge class of {badge.issuer_id} itself",
                                        "countsTowards accepts other issuers' pathways; your own badge classes "
                                        "name this one in their requires", where))
        elif ref not in present:
            problems.append(doc.problem("dangling-ref", f"countsTowards names {ref!r}, which does not exist",
                                        "name an existing badge class of another issuer as <issuer-id>/<badge-id>",
                                        where))
    return problems


def _cycles(badges: Badges) -> list[Problem]:
    """Report each pathway cycle (within one issuer or across issuers) once, at the badge whose file sorts first."""
    state: dict[str, int] = {}  # 1 = on the current path, 2 = done
    problems = []

    def visit(key: str, trail: list[str]) -> None:
        state[key] = 1
        trail.append(key)
        for ref in badges[key][1].builds_on:
            if ref not in badges or ref == key:
                continue
            if state.get(ref) == 1:
                cycle = trail[trail.index(ref):]
                first = min(cycle, key=lambda k: badges[k][0].path)
                doc = badges[first][0]
                field = "requires" if "requires" in doc.data else "buildsOn"
                problems.append(doc.problem(
                    "pathway-cycle", f"{field} forms a cycle: " + " → ".join(cycle + [ref]),
                    f"a pathway must lead upward; remove one of these {field} entries", (field,)))
            elif ref not in state:
                visit(ref, trail)
        trail.pop()
        state[key] = 2

    for key in sorted(badges):
        if key not in state:
            visit(key, [])
    return problems
