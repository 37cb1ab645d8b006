"""Benchmark /insights/: build the site with and without it, side by side, at a few registry sizes, and time the
insights step alone (numbers, charts, page, JSON) on the checked model, also on a large model made in memory.

    python3 scripts/bench_insights.py [--sizes 500,2000] [--badges 100] [--repeat 2]
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_site import site_registry  # noqa: E402

from registry.check import check_registry  # noqa: E402
from registry.publish import plugin  # noqa: E402
from registry.publish.build import build_site  # noqa: E402
from registry.publish.insights import compute, to_json  # noqa: E402
from registry.publish.insights_page import insights_page  # noqa: E402
from registry.publish.pages import PageSource, SiteModel  # noqa: E402
from registry.urls import SiteUrls  # noqa: E402

NOW = datetime(2026, 11, 28, tzinfo=timezone.utc)


@contextmanager
def without_insights() -> Iterator[None]:
    """The plugin with the insights step replaced by a one-line page and an empty JSON: the site without it."""
    saved = plugin.compute, plugin.insights_page, plugin.to_json
    stub: Any = plugin
    stub.compute = lambda registry, as_of, source: None
    stub.insights_page = lambda site, insights: PageSource("insights/index.md", "Insights", "# Insights\n")
    stub.to_json = lambda insights, urls: {}
    try:
        yield
    finally:
        stub.compute, stub.insights_page, stub.to_json = saved


def insights_step(registry: Any, urls: SiteUrls) -> float:
    """Seconds for what the insights add to a build: the numbers, the five charts and page, the JSON text."""
    start = time.perf_counter()
    ins = compute(registry, NOW, "--now")
    insights_page(SiteModel(registry, urls, "Bench"), ins)
    json.dumps(to_json(ins, urls), indent=2, ensure_ascii=False)
    return time.perf_counter() - start


def measure(work: Path, awards: int, badges: int, repeat: int) -> tuple[float, float, float, int]:
    root = site_registry(work, awards, badges)
    result = check_registry(root)  # warms the signature cache both builds reuse
    assert result.registry is not None
    with_times, without_times = [], []
    for _ in range(repeat):  # alternate, so neither side gets a warmer disk or cache
        start = time.perf_counter()
        site = build_site(root, work / "site-with", now=NOW)
        with_times.append(time.perf_counter() - start)
        with without_insights():
            start = time.perf_counter()
            build_site(root, work / "site-without", now=NOW)
            without_times.append(time.perf_counter() - start)
    step = insights_step(result.registry, SiteUrls.parse("https://bench.example/"))
    page = (site / "insights" / "index.html").stat().st_size
    return min(with_times), min(without_times), step, page


def large_model_step(awards: int, badges: int) -> float:
    """The insights step alone on a model made in memory (no signing): how it grows past what is cheap to sign."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
    from insights_support import URLS, award, badge, model
    classes = [badge(f"i{n % 50:02d}/b{n:04d}", ("badge", "micro-credential", "full-credential")[n % 3])
               for n in range(badges)]
    made = [award(f"{k:06d}", classes[k % badges].key, f"20{16 + k % 10}-{1 + k % 12:02d}-15",
                  f"2026-{1 + k % 12:02d}-20" if k % 4 == 0 else None) for k in range(awards)]
    return insights_step(model(classes, made, {f"{k:06d}": "2026-01-01" for k in range(0, awards, 7)}), URLS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="500,2000", help="award counts, comma-separated")
    parser.add_argument("--badges", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=2, help="builds of each kind per size (the fastest counts)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="credreg-bench-insights-"))
    try:
        print(f"{args.badges} badge classes; each build re-checks with the signature cache warm; best of {args.repeat}")
        print(f"{'awards':>8} {'with s':>8} {'without s':>10} {'ratio':>6} {'insights step s':>16} {'page KB':>8}")
        for n in (int(s) for s in args.sizes.split(",")):
            with_s, without_s, step, page = measure(work, n, args.badges, args.repeat)
            print(f"{n:>8,} {with_s:>8.1f} {without_s:>10.1f} {with_s / without_s:>6.2f} {step:>16.2f} {page / 1e3:>8.0f}")
        for awards, badges in ((10_000, 500), (100_000, 500)):
            print(f"insights step alone, in-memory model of {awards:,} awards and {badges} badge classes: "
                  f"{large_model_step(awards, badges):.2f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
