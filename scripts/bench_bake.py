"""Benchmark baked badges: the baking step alone (render each badge class once, splice every award's PNG and SVG)
against the whole build it is part of, side by side on one generated registry, as a ratio.

    python3 scripts/bench_bake.py [--awards 2000] [--badges 100] [--repeat 3]
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_site import site_registry  # noqa: E402

from registry.check import check_registry  # noqa: E402
from registry.publish.baking import write_baked  # noqa: E402
from registry.publish.build import build_site  # noqa: E402
from registry.urls import SiteUrls  # noqa: E402

NOW = datetime(2026, 11, 28, tzinfo=timezone.utc)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--awards", type=int, default=2000)
    parser.add_argument("--badges", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each (the fastest counts)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="credreg-bench-bake-"))
    try:
        root = site_registry(work, args.awards, args.badges)
        result = check_registry(root)  # warms the signature cache the builds reuse
        assert result.registry is not None
        urls = SiteUrls.parse("https://bench.example/")
        builds, bakes = [], []
        for run in range(args.repeat):  # alternate, so neither gets a warmer disk
            start = time.perf_counter()
            build_site(root, work / "site", now=NOW)
            builds.append(time.perf_counter() - start)
            start = time.perf_counter()
            files = write_baked(result.registry, urls, work / f"baked-{run}")
            bakes.append(time.perf_counter() - start)
        build, bake = min(builds), min(bakes)
        size = sum(p.stat().st_size for p in (work / "baked-0").rglob("*") if p.is_file())
        print(f"{args.awards:,} awards, {args.badges} badge classes; best of {args.repeat}")
        print(f"whole build (baking included): {build:.1f} s; baking alone: {bake:.2f} s ({files:,} files, "
              f"{size / 1e6:.0f} MB) = {bake / build:.0%} of the build, {bake / files * 1e3:.2f} ms per file")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
