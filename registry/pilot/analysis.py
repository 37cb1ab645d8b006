"""The pilot's result as frozen dataclasses: per group, the difference badged - control, verification failures.

`analyse` is the one entry: outcomes (outcomes.py) and verifications (verifications.py) in, a PilotResult out;
`PilotResult.to_dict` is the stable JSON form (README: `credreg pilot`).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from . import stats
from .outcomes import GROUPS, Outcome
from .verifications import Verification

MEASURES = ("time_to_hire_days", "shortlist_rate", "hire_rate", "satisfaction")
JSON_VERSION = 1


@dataclass(frozen=True)
class GroupSummary:
    """One group's outcomes; a measure of nobody (no hires, no answers) is None."""

    n: int
    shortlisted: int
    hired: int
    days_to_hire: tuple[int, ...]  # of each hired candidate, sorted
    satisfaction_scores: tuple[int, ...]

    def quartiles(self) -> tuple[float | None, float | None, float | None]:
        """Time to hire in days: (q1, median, q3)."""
        return tuple(stats.quantile(self.days_to_hire, p) for p in (0.25, 0.5, 0.75))  # type: ignore[return-value]

    @property
    def shortlist_rate(self) -> float | None:
        return stats.rate(self.shortlisted, self.n)

    @property
    def hire_rate(self) -> float | None:
        return stats.rate(self.hired, self.n)

    @property
    def satisfaction(self) -> float | None:
        """The mean client satisfaction (1-5) over the candidates with a score."""
        return stats.mean(self.satisfaction_scores)


@dataclass(frozen=True)
class FailureRate:
    """Verifications and the failures among them (any verdict but valid)."""

    verifications: int
    failures: int

    @property
    def rate(self) -> float | None:
        return stats.rate(self.failures, self.verifications)


@dataclass(frozen=True)
class FailedVerification:
    """A verification that failed, with the candidate its credential links to (None when no row names it)."""

    verification: Verification
    candidate: Outcome | None


@dataclass(frozen=True)
class VerificationSummary:
    """What the verify reports say: overall, per group where the CSV's credential column links them."""

    reports: int
    overall: FailureRate
    groups: dict[str, FailureRate]
    unlinked: int  # verifications of a credential no row names
    verdicts: dict[str, int]
    failed: tuple[FailedVerification, ...]


@dataclass(frozen=True)
class PilotResult:
    """Everything the report shows."""

    groups: dict[str, GroupSummary]
    difference: dict[str, stats.Interval | None]
    verification: VerificationSummary | None
    first_applied: str
    last_applied: str
    seed: int
    resamples: int

    def to_dict(self) -> dict[str, Any]:
        """The stable JSON form: the issue's shape (groups, difference) plus documented extra keys."""
        def group(g: GroupSummary) -> dict[str, Any]:
            q1, median, q3 = g.quartiles()
            return {"n": g.n, "time_to_hire_days": {"median": _round(median), "q1": _round(q1), "q3": _round(q3)},
                    "shortlist_rate": _round(g.shortlist_rate), "hire_rate": _round(g.hire_rate),
                    "satisfaction": _round(g.satisfaction), "shortlisted": g.shortlisted, "hired": g.hired,
                    "satisfaction_answers": len(g.satisfaction_scores)}

        def interval(i: stats.Interval | None) -> dict[str, Any] | None:
            return None if i is None else {"estimate": _round(i.estimate), "ci95": [_round(i.low), _round(i.high)]}

        return {
            "version": JSON_VERSION,
            "groups": {name: group(self.groups[name]) for name in GROUPS},
            "difference": {measure: interval(self.difference[measure]) for measure in MEASURES},
            "verification": None if self.verification is None else _verification(self.verification),
            "period": {"first_applied": self.first_applied, "last_applied": self.last_applied},
            "method": {"difference": "badged - control", "time_to_hire": "median days from applied to hired, "
                       "hired candidates only", "quantiles": "type 7 (linear interpolation between closest ranks)",
                       "interval": "percentile bootstrap, each group resampled on its own",
                       "confidence": stats.CONFIDENCE, "resamples": self.resamples, "seed": self.seed},
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _rate(r: FailureRate) -> dict[str, Any]:
    return {"verifications": r.verifications, "failures": r.failures, "failure_rate": _round(r.rate)}


def _verification(v: VerificationSummary) -> dict[str, Any]:
    return {"reports": v.reports, **_rate(v.overall), "verdicts": dict(sorted(v.verdicts.items())),
            "groups": {name: _rate(v.groups[name]) for name in GROUPS}, "unlinked": v.unlinked,
            "failed": [{"candidate": f.candidate.candidate if f.candidate else None,
                        "group": f.candidate.group if f.candidate else None,
                        "credential": f.verification.credential_id or f.verification.source,
                        "verdict": f.verification.verdict} for f in v.failed]}


def _group(rows: Sequence[Outcome]) -> GroupSummary:
    return GroupSummary(len(rows), sum(r.shortlisted for r in rows), sum(r.hired is not None for r in rows),
                        tuple(sorted(r.days_to_hire for r in rows if r.days_to_hire is not None)),
                        tuple(r.satisfaction for r in rows if r.satisfaction is not None))


def _differences(rows: Sequence[Outcome], seed: int, resamples: int) -> dict[str, stats.Interval | None]:
    """Each measure's badged - control with its CI, drawn in MEASURES order from one seeded generator."""
    rng = stats.generator(seed)
    by = {name: [r for r in rows if r.group == name] for name in GROUPS}
    samples = {
        "time_to_hire_days": ("median", lambda g: [r.days_to_hire for r in g if r.days_to_hire is not None]),
        "shortlist_rate": ("mean", lambda g: [float(r.shortlisted) for r in g]),
        "hire_rate": ("mean", lambda g: [float(r.hired is not None) for r in g]),
        "satisfaction": ("mean", lambda g: [r.satisfaction for r in g if r.satisfaction is not None]),
    }
    out: dict[str, stats.Interval | None] = {}
    for measure in MEASURES:
        statistic, values = samples[measure]
        out[measure] = stats.bootstrap_difference(values(by["badged"]), values(by["control"]), statistic,
                                                  resamples, rng)
    return out


def _verifications(verifications: Sequence[Verification], rows: Sequence[Outcome], reports: int) -> VerificationSummary:
    holder = {r.credential: r for r in rows if r.credential is not None}
    linked = []
    for v in verifications:
        matches = {holder[k].candidate: holder[k] for k in sorted(v.keys()) if k in holder}
        linked.append((v, next(iter(matches.values())) if len(matches) == 1 else None))
    per_group = {name: FailureRate(sum(1 for _, r in linked if r and r.group == name),
                                   sum(1 for v, r in linked if r and r.group == name and v.failed)) for name in GROUPS}
    return VerificationSummary(reports, FailureRate(len(verifications), sum(v.failed for v in verifications)),
                               per_group, sum(1 for _, r in linked if r is None),
                               dict(Counter(v.verdict for v in verifications)),
                               tuple(FailedVerification(v, r) for v, r in linked if v.failed))


def analyse(rows: Sequence[Outcome], verifications: Sequence[Verification] | None = None, reports: int = 0,
            seed: int = stats.DEFAULT_SEED, resamples: int = stats.DEFAULT_RESAMPLES) -> PilotResult:
    """The pilot's result; `verifications` None means no reports were given (no failure rate, not zero)."""
    groups = {name: _group([r for r in rows if r.group == name]) for name in GROUPS}
    applied = sorted(r.applied for r in rows)
    return PilotResult(groups, _differences(rows, seed, resamples),
                       None if verifications is None else _verifications(verifications, rows, reports),
                       applied[0].isoformat(), applied[-1].isoformat(), seed, resamples)
