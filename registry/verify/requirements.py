"""Whether awards satisfy a stacked badge class's requirement at a moment, and what is missing, in words.

One rule for both sides: `credreg award` passes the recipient's awards (found with their email) and
the award's moment; `credreg check` passes the components a stacked award records and the moment it
was made. A component counts only if it is of a named class, made before that moment, valid then (not
expired, not revoked by then) and reaches the minimum rubric results the requirement sets.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from ..model import Award, BadgeClass, Component, Requirement, Revocation


@dataclass(frozen=True)
class Shortfall:
    """One requirement group that is not met: how many more classes it needs, and why each one did not count."""

    group: Requirement
    needed: int
    reasons: tuple[tuple[str, str], ...]  # (badge key, why not: "not held", "revoked on 2026-02-16", …)


@dataclass(frozen=True)
class Evaluation:
    """The awards that count (one per required class, the newest that counts, in requirement order) and what is missing."""

    counted: tuple[Award, ...]
    shortfalls: tuple[Shortfall, ...]

    @property
    def met(self) -> bool:
        """Whether every group of the requirement holds."""
        return not self.shortfalls


def why_not(award: Award, component: Component, at: datetime, revocations: Mapping[str, Revocation]) -> str | None:
    """None when `award` counts for `component` at `at`; otherwise the reason, in a recruiter's words."""
    if award.badge_key != component.badge:
        return f"is of badge class {award.badge_key}"
    if award.awarded >= at or award.valid_from > at:
        return f"was awarded on {award.awarded.date().isoformat()}, not before"
    if award.valid_until is not None and award.valid_until < at:  # valid through validUntil, as verifiers count
        return f"expired on {award.valid_until.date().isoformat()}"
    revocation = revocations.get(award.id)
    if revocation is not None and revocation.revoked_at <= at:
        return f"was revoked on {revocation.revoked_at.date().isoformat()}"
    if component.minimum_points is not None and award.total < component.minimum_points:
        return f"scored {award.total} points, needs {component.minimum_points}"
    for criterion_id, level_id in component.minimum_levels:
        shortfall = _level_shortfall(award, criterion_id, level_id)
        if shortfall:
            return shortfall
    return None


def _level_shortfall(award: Award, criterion_id: str, level_id: str) -> str | None:
    """Why the award's level on a criterion is below the named level (both read in the award's own rubric version)."""
    criterion = next((c for c in award.rubric.criteria if c.id == criterion_id), None)
    minimum = next((lv for lv in criterion.levels if lv.id == level_id), None) if criterion else None
    if criterion is None or minimum is None:
        return f"was assessed on rubric v{award.rubric.version}, which has no level {level_id!r} of {criterion_id!r}"
    reached = next((r.level for r in award.results if r.criterion.id == criterion_id), None)
    if reached is None or reached.points < minimum.points:
        got = reached.name if reached else "no result"
        return f"reached {got!r} on {criterion.name!r}, needs {minimum.name!r}"
    return None


def evaluate(badge: BadgeClass, awards: Iterable[Award], at: datetime,
             revocations: Mapping[str, Revocation]) -> Evaluation:
    """Which of `awards` count towards `badge`'s requirement at `at`, and each group's shortfall."""
    by_class: dict[str, list[Award]] = {}
    for award in awards:
        by_class.setdefault(award.badge_key, []).append(award)
    for found in by_class.values():
        found.sort(key=lambda a: (a.awarded, a.id), reverse=True)  # the newest first
    counted: dict[str, Award] = {}
    shortfalls = []
    for group in badge.requires:
        held, reasons = 0, []
        for component in group.components:
            candidates = by_class.get(component.badge, [])
            verdicts = [(a, why_not(a, component, at, revocations)) for a in candidates]
            best = next((a for a, why in verdicts if why is None), None)
            if best is not None:
                held += 1
                counted.setdefault(best.id, best)
            else:
                reasons.append((component.badge, (verdicts[0][1] or "") if verdicts else "not held"))
        if held < group.count:
            shortfalls.append(Shortfall(group, group.count - held, tuple(reasons)))
    return Evaluation(tuple(counted.values()), tuple(shortfalls))


def describe(shortfall: Shortfall, badges: Mapping[str, BadgeClass]) -> str:
    """A shortfall as one sentence naming each badge class by name: what the holder still needs, and why."""
    def name(key: str) -> str:
        badge = badges.get(key)
        return f"{badge.name} ({key})" if badge else key

    parts = "; ".join(f"{name(key)} {why}" if why != "not held" else f"{name(key)} is not held"
                      for key, why in shortfall.reasons)
    if shortfall.group.all:
        return f"missing: {parts}"
    return (f"needs {shortfall.group.count} of {len(shortfall.group.components)} badge classes, "
            f"{shortfall.needed} more: {parts}")
