"""/insights/: the numbers of insights.py drawn as build-time SVG charts, each followed by a table of the same numbers.

Bounded for any registry: rankings show the first TOP_N rows and sum the rest as "others", the issuance chart
the last MONTHS_SHOWN months, the lists of reviews and expiring credentials their first MAX_ROWS rows;
/api/insights.json holds everything.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from ..charts import Chart, bar_chart, hbar_chart
from ..dates import iso
from .insights import EXPIRY_WINDOW_DAYS, LEVELS, REVIEW_WINDOW_DAYS, Insights, Month, Share, top
from .pages import PageSource, SiteModel, page_source

TOP_N = 10
MONTHS_SHOWN = 24
MAX_ROWS = 50
PAGE = "insights/index.md"
LEVEL_NAMES = {"badge": "Badges", "micro-credential": "Micro-credentials", "full-credential": "Full credentials"}
_REFS = re.compile(r'(\bid="|xlink:href="#|href="#|url\(#)')


@dataclass(frozen=True)
class Figure:
    """One chart, ready to inline: its id (the table after it is `<id>-table`) and its SVG."""

    id: str
    title: str
    svg: Markup


def percent(value: float | None) -> str:
    """A rate as the page writes it: 12.5 %, or — when there were no awards."""
    return "—" if value is None else f"{value * 100:.1f} %"


def _inline(ident: str, chart: Chart, svg: str) -> Figure:
    """The SVG with every id (and reference to one) prefixed, so charts on one page never share a clip path or
    glyph id, and with its accessible name; its text is matplotlib's, which escapes labels and draws them as paths."""
    scoped = _REFS.sub(lambda m: f"{m.group(1)}{ident}-", svg)
    label = escape(f"Chart: {chart.title}. The table below it gives the same numbers.")
    scoped = scoped.replace("<svg ", f'<svg class="credreg-chart-svg" role="img" aria-label="{label}" ', 1)
    return Figure(ident, chart.title, Markup(scoped))  # noqa: S704 - matplotlib's escaped SVG, ids rewritten


def _bars_height(rows: int, series: int = 1) -> float:
    return min(1.2 + 0.3 * rows * max(1, series) ** 0.5, 7.0)


def _months_figure(months: tuple[Month, ...]) -> Figure:
    chart = Chart("Awards per month, by level", "month (UTC)", "awards", width=7.2, height=3.4)
    step = -(-len(months) // 12)  # at most 12 month labels under the bars; the table names every month
    svg = bar_chart(chart, [m.month if n % step == 0 else "" for n, m in enumerate(months)],
                    {LEVEL_NAMES[level]: [m.by_level[n] for m in months] for n, level in enumerate(LEVELS)},
                    stacked=True)
    return _inline("credreg-insights-months", chart, svg)


def _ranking_figure(ident: str, title: str, rows: list[Share]) -> Figure:
    chart = Chart(title, "awards", width=7.2, height=_bars_height(len(rows)))
    return _inline(ident, chart, hbar_chart(chart, [r.name for r in rows], {"awards": [r.awards for r in rows]}))


def _rates_figure(rows: list[Share]) -> Figure:
    chart = Chart("Revoked and expired, % of awards", "% of awards", width=7.2,
                  height=_bars_height(len(rows), 2))
    series = {"revoked": [100 * (r.revocation_rate or 0) for r in rows],
              "expired": [100 * (r.expiry_rate or 0) for r in rows]}
    return _inline("credreg-insights-rates", chart, hbar_chart(chart, [r.name for r in rows], series, "{:.1f}"))


def _ranked(shares: tuple[Share, ...]) -> list[Share]:
    shown, others = top(tuple(s for s in shares if s.awards), TOP_N)
    return [*shown, *([others] if others else [])]


def insights_page(site: SiteModel, insights: Insights) -> PageSource:
    """The /insights/ page for `insights` (computed once by the plugin, which also publishes them as JSON)."""
    months = insights.months[-MONTHS_SHOWN:]
    issuers, badges = _ranked(insights.issuers), _ranked(insights.badges)
    rate_rows = _ranked(insights.issuers)
    figures = {}
    if insights.total.awards:
        level_chart = Chart("Awards by level", "awards", width=7.2, height=_bars_height(len(LEVELS)))
        figures = {
            "months": _months_figure(months),
            "levels": _inline("credreg-insights-levels", level_chart,
                              hbar_chart(level_chart, [LEVEL_NAMES[v] for v in LEVELS],
                                         {"awards": list(insights.by_level)})),
            "issuers": _ranking_figure("credreg-insights-issuers", f"Awards by issuer (top {TOP_N})",
                                       issuers),
            "badges": _ranking_figure("credreg-insights-badges", f"Awards by badge class (top {TOP_N})",
                                      badges),
            "rates": _rates_figure(rate_rows),
        }
    hidden_months = insights.months[:-MONTHS_SHOWN] if len(insights.months) > MONTHS_SHOWN else ()
    return page_source(PAGE, "Insights", "insights.html", ins=insights, as_of=iso(insights.as_of),
                 as_of_day=insights.as_of.date().isoformat(), figures=figures, months=months,
                 older=insights.earlier + sum(m.awards for m in hidden_months), levels=LEVELS,
                 level_names=LEVEL_NAMES, issuers=issuers, badges=badges, rate_rows=rate_rows, percent=percent,
                 overdue=insights.overdue[:MAX_ROWS], due_soon=insights.due_soon[:MAX_ROWS],
                 expiring=insights.expiring[:MAX_ROWS], max_rows=MAX_ROWS, top_n=TOP_N,
                 review_days=REVIEW_WINDOW_DAYS, expiry_days=EXPIRY_WINDOW_DAYS, site=site)
