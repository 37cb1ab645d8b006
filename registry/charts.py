"""Charts drawn at build time as self-contained SVG text with matplotlib: no script, no font fetched.

Used by the insights page and the pilot report. Output is byte-identical for the same data (fixed
hash salt, no creation date, text as paths), so a rebuilt site does not differ, and every label is
escaped by matplotlib's SVG writer before it reaches a page.
"""
from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib
from cycler import cycler

matplotlib.use("Agg")  # no display, before pyplot is imported

from matplotlib import pyplot
from matplotlib.figure import Figure

_STYLE: Any = {  # rcParams (Any: matplotlib types the keys as literals)
    "svg.hashsalt": "credreg",  # ids in the SVG do not change between runs
    "svg.fonttype": "path",  # glyphs as paths: the same picture with no font installed
    "font.family": "DejaVu Sans",  # bundled with matplotlib
    "font.size": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": cycler(color=["#3f51b5", "#ef6c00", "#2e7d32", "#c62828", "#6a1b9a", "#00838f"]),
}
MAX_LABEL = 40  # characters of a label drawn; longer ones end in an ellipsis


@dataclass(frozen=True)
class Chart:
    """A chart's title (also its accessible name) and what its axes mean."""

    title: str
    x_label: str = ""
    y_label: str = ""
    width: float = 6.4  # inches at 100 dpi
    height: float = 3.2


def _label(text: str) -> str:
    """A label short enough to draw; `$` is escaped so matplotlib never reads it as math."""
    text = text if len(text) <= MAX_LABEL else text[: MAX_LABEL - 1].rstrip() + "…"
    return text.replace("$", r"\$")


def _figure(chart: Chart) -> tuple[Figure, object]:
    figure = Figure(figsize=(chart.width, chart.height), dpi=100)
    axes = figure.add_subplot()
    axes.set_title(_label(chart.title), loc="left")
    axes.set_xlabel(_label(chart.x_label))
    axes.set_ylabel(_label(chart.y_label))
    return figure, axes


def _svg(figure: Figure) -> str:
    """The figure as SVG text without the XML prolog or a date, ready to inline or write."""
    figure.tight_layout()
    out = io.StringIO()
    figure.savefig(out, format="svg", metadata={"Date": None, "Creator": None})
    text = out.getvalue()
    return text[text.index("<svg"):]


def bar_chart(chart: Chart, categories: Sequence[str], series: Mapping[str, Sequence[float]],
              stacked: bool = False) -> str:
    """Bars per category, one colour per series (side by side, or stacked)."""
    with pyplot.rc_context(_STYLE):
        figure, axes = _figure(chart)
        positions = range(len(categories))
        width = 0.8 if stacked or len(series) <= 1 else 0.8 / len(series)
        bottom = [0.0] * len(categories)
        for number, (name, values) in enumerate(series.items()):
            if stacked:
                axes.bar(positions, values, width, bottom=bottom, label=_label(name))  # type: ignore[attr-defined]
                bottom = [b + v for b, v in zip(bottom, values)]
            else:
                shift = (number - (len(series) - 1) / 2) * width
                axes.bar([p + shift for p in positions], values, width, label=_label(name))  # type: ignore[attr-defined]
        axes.set_xticks(list(positions), [_label(c) for c in categories],  # type: ignore[attr-defined]
                        rotation=30 if len(categories) > 6 else 0, ha="right" if len(categories) > 6 else "center")
        if len(series) > 1:
            axes.legend(frameon=False)  # type: ignore[attr-defined]
        return _svg(figure)


def line_chart(chart: Chart, x: Sequence[str], series: Mapping[str, Sequence[float]]) -> str:
    """One line per series over the same x values (e.g. months)."""
    with pyplot.rc_context(_STYLE):
        figure, axes = _figure(chart)
        for name, values in series.items():
            axes.plot(range(len(x)), values, marker="o", markersize=3, label=_label(name))  # type: ignore[attr-defined]
        step = max(1, len(x) // 12)
        axes.set_xticks(list(range(0, len(x), step)), [_label(v) for v in x[::step]],  # type: ignore[attr-defined]
                        rotation=30, ha="right")
        if len(series) > 1:
            axes.legend(frameon=False)  # type: ignore[attr-defined]
        return _svg(figure)


def box_chart(chart: Chart, groups: Mapping[str, Sequence[float]]) -> str:
    """A box plot per group (median, quartiles, whiskers at 1.5 IQR): distributions side by side."""
    with pyplot.rc_context(_STYLE):
        figure, axes = _figure(chart)
        names = [name for name, values in groups.items() if values]
        if names:
            axes.boxplot([list(groups[n]) for n in names], tick_labels=[_label(n) for n in names])  # type: ignore[attr-defined]
        return _svg(figure)


def hbar_chart(chart: Chart, categories: Sequence[str], series: Mapping[str, Sequence[float]],
               value_format: str = "{:g}") -> str:
    """Horizontal bars, the first category on top, one colour per series side by side, each bar labelled with
    its value: rankings whose long names read better on the left than slanted under the axis."""
    with pyplot.rc_context(_STYLE):
        figure, axes = _figure(chart)
        count = max(1, len(categories))
        width = 0.8 / max(1, len(series))
        for number, (name, values) in enumerate(series.items()):
            shift = ((len(series) - 1) / 2 - number) * width  # the first series on top, as the legend lists it
            bars = axes.barh([count - 1 - p + shift for p in range(len(categories))], values, width,  # type: ignore[attr-defined]
                             label=_label(name))
            axes.bar_label(bars, [_label(value_format.format(v)) for v in values], padding=2)  # type: ignore[attr-defined]
        axes.set_yticks([count - 1 - p for p in range(len(categories))], [_label(c) for c in categories])  # type: ignore[attr-defined]
        axes.margins(x=0.15)  # type: ignore[attr-defined]
        if len(series) > 1:
            axes.legend(frameon=False, loc="best")  # type: ignore[attr-defined]
        return _svg(figure)


def interval_chart(chart: Chart, intervals: Mapping[str, tuple[float, float, float]]) -> str:
    """A point with its confidence interval per row (estimate, low, high), beside a line at zero: differences
    between groups, where an interval that crosses zero shows no clear difference."""
    with pyplot.rc_context(_STYLE):
        figure, axes = _figure(chart)
        names = list(intervals)
        positions = list(range(len(names)))[::-1]  # the first row on top
        estimates = [intervals[n][0] for n in names]
        below = [intervals[n][0] - intervals[n][1] for n in names]
        above = [intervals[n][2] - intervals[n][0] for n in names]
        axes.axvline(0, color="#757575", linewidth=1)  # type: ignore[attr-defined]
        if names:
            axes.errorbar(estimates, positions, xerr=[below, above], fmt="o", capsize=4)  # type: ignore[attr-defined]
        axes.set_yticks(positions, [_label(n) for n in names])  # type: ignore[attr-defined]
        axes.set_ylim(-0.5, max(len(names) - 0.5, 0.5))  # type: ignore[attr-defined]
        return _svg(figure)
