"""The pilot's result as one self-contained HTML file: tables and SVG charts (registry/charts.py), no script.

Every value from the inputs (candidate ids, credential ids, report names) is escaped; a Content-Security-Policy
forbids scripts and every request, so the file shows the same offline, from a share or as an attachment.
"""
from __future__ import annotations

from html import escape

from .. import charts
from .analysis import MEASURES, PilotResult
from .outcomes import GROUPS
from .text import LABELS, number, signed

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
STYLE = """body{font-family:system-ui,sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#212121}
table{border-collapse:collapse;margin:1rem 0}th,td{border-bottom:1px solid #ddd;padding:.3rem .8rem;text-align:right}
th:first-child,td:first-child{text-align:left}figure{margin:1.5rem 0}figure svg{max-width:100%;height:auto}
.caveat{background:#fff8e1;border-left:4px solid #ef6c00;padding:.5rem 1rem}code{overflow-wrap:anywhere}"""
MAX_FAILED_ROWS = 500  # failed verifications listed; the rest are counted


def _figure(svg: str, caption: str) -> str:
    return (f'<figure class="credreg-chart" role="img" aria-label="{escape(caption)}">{svg}'
            f"<figcaption>{escape(caption)}</figcaption></figure>")


def _charts(result: PilotResult) -> list[str]:
    g = result.groups
    out = [_figure(charts.bar_chart(charts.Chart("Shortlist and hire rate", y_label="% of candidates"),
                                    ["shortlist rate", "hire rate"],
                                    {name: [100 * (g[name].shortlist_rate or 0), 100 * (g[name].hire_rate or 0)]
                                     for name in GROUPS}), "Shortlist and hire rate per group"),
           _figure(charts.box_chart(charts.Chart("Time to hire", y_label="days"),
                                    {f"{name} ({g[name].hired} hired)": g[name].days_to_hire for name in GROUPS}),
                   "Time to hire in days per group: median, quartiles, whiskers at 1.5 IQR")]
    d = result.difference
    rates = {LABELS[m]: (100 * i.estimate, 100 * i.low, 100 * i.high)
             for m in ("shortlist_rate", "hire_rate") if (i := d[m]) is not None}
    days = {LABELS[m]: (i.estimate, i.low, i.high) for m in ("time_to_hire_days",) if (i := d[m]) is not None}
    scores = {LABELS[m]: (i.estimate, i.low, i.high) for m in ("satisfaction",) if (i := d[m]) is not None}
    for title, rows, unit in (("Difference in rates", rates, "percentage points"),
                              ("Difference in time to hire", days, "days"),
                              ("Difference in satisfaction", scores, "points on the 1-5 scale")):
        if rows:
            out.append(_figure(charts.interval_chart(charts.Chart(title, x_label=f"badged - control ({unit})",
                                                                  height=1.2 + 0.5 * len(rows)), rows),
                               f"{title}, badged minus control, with 95% bootstrap intervals"))
    v = result.verification
    if v is not None and v.overall.verifications:
        rates_by = {"overall": v.overall.rate, **{name: v.groups[name].rate for name in GROUPS}}
        shown = {name: 100 * r for name, r in rates_by.items() if r is not None}  # a group never verified: no bar
        out.append(_figure(charts.bar_chart(charts.Chart("Verification failure rate", y_label="% of verifications"),
                                            list(shown), {"failure rate": list(shown.values())}),
                           "Share of verifications that did not come out valid, overall and per group verified"))
    return out


def _groups_table(result: PilotResult) -> str:
    g = [result.groups[name] for name in GROUPS]
    rows = [("candidates", [str(x.n) for x in g]), ("hired", [str(x.hired) for x in g]),
            ("time to hire, median days", [number(x.quartiles()[1]) for x in g]),
            ("time to hire, q1-q3", [f"{number(x.quartiles()[0])}-{number(x.quartiles()[2])}" for x in g]),
            ("shortlist rate", [number(x.shortlist_rate, True) for x in g]),
            ("hire rate", [number(x.hire_rate, True) for x in g]),
            ("client satisfaction (1-5)", [f"{number(x.satisfaction)} ({len(x.satisfaction_scores)} answers)" for x in g])]
    head = "<tr><th></th>" + "".join(f"<th>{name}</th>" for name in GROUPS) + "</tr>"
    body = "".join(f"<tr><td>{escape(label)}</td>" + "".join(f"<td>{escape(v)}</td>" for v in values) + "</tr>"
                   for label, values in rows)
    return f'<table class="credreg-pilot-groups">{head}{body}</table>'


def _difference_table(result: PilotResult) -> str:
    rows = []
    for measure in MEASURES:
        i = result.difference[measure]
        percent = measure.endswith("_rate")
        cells = ["n/a", "n/a"] if i is None else [signed(i.estimate, percent),
                                                  f"{signed(i.low, percent)} to {signed(i.high, percent)}"]
        rows.append(f"<tr><td>{escape(LABELS[measure])}</td><td>{escape(cells[0])}</td><td>{escape(cells[1])}</td></tr>")
    return ('<table class="credreg-pilot-difference"><tr><th>badged - control</th><th>difference</th>'
            "<th>95% interval</th></tr>" + "".join(rows) + "</table>")


def _verification(result: PilotResult) -> str:
    v = result.verification
    if v is None:
        return "<p>No verify reports were given, so there is no verification failure rate.</p>"
    parts = [(f"<p>{escape(number(v.overall.rate, True))} of verifications failed: {v.overall.failures} of "
              f"{v.overall.verifications} in {v.reports} reports; {v.unlinked} not linked to a candidate.</p>"),
             "<table><tr><th>group</th><th>verifications</th><th>failures</th><th>rate</th></tr>" +
             "".join(f"<tr><td>{name}</td><td>{v.groups[name].verifications}</td><td>{v.groups[name].failures}</td>"
                     f"<td>{escape(number(v.groups[name].rate, True))}</td></tr>" for name in GROUPS) + "</table>"]
    if v.failed:
        rows = "".join(
            f"<tr><td>{escape(f.candidate.candidate) if f.candidate else '(not linked)'}</td>"
            f"<td>{escape(f.candidate.group) if f.candidate else ''}</td>"
            f"<td><code>{escape(f.verification.credential_id or f.verification.source)}</code></td>"
            f"<td>{escape(f.verification.verdict)}</td><td><code>{escape(f.verification.report)}</code></td></tr>"
            for f in v.failed[:MAX_FAILED_ROWS])
        more = (f"<p>… and {len(v.failed) - MAX_FAILED_ROWS} more (see the JSON report).</p>"
                if len(v.failed) > MAX_FAILED_ROWS else "")
        parts.append('<h3>Failed verifications</h3><table class="credreg-pilot-failed"><tr><th>candidate</th>'
                     "<th>group</th><th>credential</th><th>verdict</th><th>report</th></tr>" + rows + "</table>" + more)
    return "".join(parts)


def render_html(result: PilotResult) -> str:
    """The whole report page."""
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Pilot report</title><style>{STYLE}</style></head>
<body><main class="credreg-pilot">
<h1>Pilot report</h1>
<p>Applications from {escape(result.first_applied)} to {escape(result.last_applied)}; badged candidates were shown
with their credential, control candidates without.</p>
<h2>Outcomes per group</h2>
{_groups_table(result)}
<h2>Difference, badged minus control</h2>
<p>With 95% percentile bootstrap intervals ({result.resamples:,} resamples within each group, seed {result.seed}).
An interval that includes zero shows no clear difference.</p>
{_difference_table(result)}
<h2>Charts</h2>
{"".join(_charts(result))}
<h2>Credential verification</h2>
{_verification(result)}
<p class="caveat">Small groups give wide intervals. Unless candidates were assigned to the groups at random, other
differences between them may explain a difference in outcomes: it is not proof that the credential caused it.</p>
</main></body></html>
"""
