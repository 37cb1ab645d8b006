"""Benchmark the site: generate a registry of N awards (default 10,000), then time check and build and
measure the site's size, beside the same figures at N/4 in the same run to show how they grow.

    python3 scripts/bench_site.py [--awards 10000] [--badges 200]
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_check import generate, sign_awards  # noqa: E402

from registry.check import check_registry  # noqa: E402
from registry.publish.build import build_site  # noqa: E402

NOW = datetime(2026, 11, 28, tzinfo=timezone.utc)


def site_registry(work: Path, awards: int, badges: int) -> Path:
    """A generated registry of `badges` classes and `awards` signed awards with a site configuration, its
    signature cache set up in `work` (the build's own check reuses it)."""
    root = work / f"registry-{awards}"
    generate(root, badges, max(1, badges // 20))
    (root / "overrides" / "docs").mkdir(parents=True)
    with (root / "mkdocs.yml").open("a") as config:
        config.write("docs_dir: overrides/docs\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n  - credreg\n")
    sign_awards(root, awards)
    os.environ["CREDREG_CACHE_DIR"] = str(work / f"cache-{awards}")
    return root


def measure(work: Path, awards: int, badges: int) -> tuple[float, float, int, int, int]:
    root = site_registry(work, awards, badges)
    start = time.perf_counter()
    check_registry(root)
    check = time.perf_counter() - start
    start = time.perf_counter()
    site = build_site(root, work / f"site-{awards}", now=NOW)
    build = time.perf_counter() - start
    files = [p for p in site.rglob("*") if p.is_file()]
    award_pages = [p for p in (site / "credentials").glob("*/index.html")]
    return check, build, sum(p.stat().st_size for p in files), len(files), max(p.stat().st_size for p in award_pages)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--awards", type=int, default=10_000)
    parser.add_argument("--badges", type=int, default=200)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="credreg-bench-site-"))
    try:
        rows = []
        for n in (args.awards // 4, args.awards):
            rows.append((n, *measure(work, n, args.badges)))
        print(f"{args.badges} badge classes; check verifies every signature (cold); the build re-checks with the cache warm")
        print(f"{'awards':>8} {'check s':>8} {'build s':>8} {'site MB':>8} {'files':>7} {'largest award page':>19}")
        for n, check, build, size, files, largest in rows:
            print(f"{n:>8,} {check:>8.1f} {build:>8.1f} {size / 1e6:>8.1f} {files:>7,} {largest:>16,} B")
        (n1, c1, b1, s1, _, _), (n2, c2, b2, s2, _, _) = rows
        print(f"growth for {n2 / n1:.0f}x awards: check {c2 / c1:.1f}x, build {b2 / b1:.1f}x, size {s2 / s1:.1f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
