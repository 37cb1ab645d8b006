"""The pilot's result as plain text for a person: one table per group, the differences, verification failures."""
from __future__ import annotations

from .analysis import MEASURES, PilotResult
from .outcomes import GROUPS
from .stats import CONFIDENCE

LABELS = {"time_to_hire_days": "time to hire, median days", "shortlist_rate": "shortlist rate",
          "hire_rate": "hire rate", "satisfaction": "client satisfaction (1-5)"}


def number(value: float | None, percent: bool = False) -> str:
    """A value as the report shows it; `n/a` for a measure of nobody."""
    if value is None:
        return "n/a"
    return f"{value * 100:.1f}%" if percent else f"{value:.1f}"


def signed(value: float, percent: bool = False) -> str:
    return ("+" if value > 0 else "") + (f"{value * 100:.1f} pts" if percent else f"{value:.1f}")


def render_text(result: PilotResult) -> str:
    """The report as text."""
    lines = [f"Pilot outcomes, applications {result.first_applied} to {result.last_applied}", ""]
    lines.append(f"{'':28}" + "".join(f"{name:>14}" for name in GROUPS))
    g = [result.groups[name] for name in GROUPS]
    rows = [("candidates", [str(x.n) for x in g]),
            ("hired", [str(x.hired) for x in g]),
            ("time to hire, median days", [number(x.quartiles()[1]) for x in g]),
            ("  quartiles (q1-q3)", [f"{number(x.quartiles()[0])}-{number(x.quartiles()[2])}" for x in g]),
            ("shortlist rate", [number(x.shortlist_rate, True) for x in g]),
            ("hire rate", [number(x.hire_rate, True) for x in g]),
            ("client satisfaction (1-5)", [number(x.satisfaction) for x in g]),
            ("  answers", [str(len(x.satisfaction_scores)) for x in g])]
    lines += [f"{label:28}" + "".join(f"{v:>14}" for v in values) for label, values in rows]
    lines += ["", (f"Difference badged - control, with {round(100 * CONFIDENCE)}% bootstrap interval "
                   f"({result.resamples:,} resamples, seed {result.seed}):")]
    for measure in MEASURES:
        interval = result.difference[measure]
        percent = measure.endswith("_rate")
        shown = "n/a (a group has no values)" if interval is None else (
            f"{signed(interval.estimate, percent)}  [{signed(interval.low, percent)}, {signed(interval.high, percent)}]")
        lines.append(f"  {LABELS[measure]:28}{shown}")
    v = result.verification
    lines.append("")
    if v is None:
        lines.append("Verification failure rate: no verify reports given (--verifications FILE…)")
    else:
        lines.append(f"Verification failure rate: {number(v.overall.rate, True)} "
                     f"({v.overall.failures} of {v.overall.verifications} verifications in {v.reports} reports)")
        for name in GROUPS:
            r = v.groups[name]
            lines.append(f"  {name:12}{number(r.rate, True)} ({r.failures} of {r.verifications})")
        lines.append(f"  not linked to a candidate: {v.unlinked}")
        if v.verdicts:
            lines.append("  verdicts: " + ", ".join(f"{k} {n}" for k, n in sorted(v.verdicts.items())))
    lines += ["", ("Small groups give wide intervals; without random assignment to the groups a difference "
                   "is not proof that the credential caused it.")]
    return "\n".join(lines)
