"""Benchmark the site: generate a registry of N awards (default 10,000), then time check and build, measure
each one's peak memory and the site's size, beside the same figures at N/4 in the same run to show how they grow.

    python3 scripts/bench_site.py [--awards 10000] [--badges 200] [--keep DIR] [--jobs N] [--builds 1]

Signing is real (JSON-LD canonicalization, about 20 ms an award), so large registries are slow to make:
`--keep DIR` generates each registry and its signature cache once into DIR and reuses them on later runs
(the check is then warm, and says so). `--jobs` signs the issuers' awards on that many processes.
The check and each build run in a child process, so that its peak memory (its workers' with it) is its own.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_check import bench_key, generate  # noqa: E402

from registry.award import issue  # noqa: E402
from registry.check import check_registry  # noqa: E402
from registry.config import load_site_urls  # noqa: E402
from registry.model.registry import Registry  # noqa: E402
from registry.publish.build import build_site  # noqa: E402

NOW = datetime(2026, 11, 28, tzinfo=timezone.utc)
AWARDED = datetime(2026, 3, 1, tzinfo=timezone.utc)
DONE = ".bench-complete"
_SIGNING: tuple[Path, Registry] | None = None  # set before the signing processes fork


def _sign_issuer(job: tuple[str, list[str]]) -> None:
    """Sign one issuer's awards and its status list (a seeded random stream per issuer, so any split gives
    the same files)."""
    assert _SIGNING is not None
    root, registry = _SIGNING
    issuer_id, keys = job
    ctx = issue.Context(root, registry, load_site_urls(root), bench_key(issuer_id), registry.issuers[issuer_id])
    alloc = issue.Allocator(ctx, random.Random(f"credreg-bench-site:{issuer_id}"))
    for n, key in enumerate(keys):
        badge = registry.badges[key]
        credential = issue.make_award(ctx, badge, f"person{n}@example.net", AWARDED, alloc, results={"quality": "good"})
        issue.write_json(issue.award_path(ctx, badge, credential), credential)
    issue.write_status_list(ctx, AWARDED, [])


def sign_awards(root: Path, n_awards: int, jobs: int) -> None:
    """N signed awards spread over the badge classes, the issuers shared out over `jobs` processes."""
    global _SIGNING
    registry = check_registry(root, use_cache=False).registry
    assert registry is not None
    badges = sorted(registry.badges)
    by_issuer: dict[str, list[str]] = {}
    for i in range(n_awards):
        key = badges[i % len(badges)]
        by_issuer.setdefault(key.split("/")[0], []).append(key)
    _SIGNING = (root, registry)
    work = sorted(by_issuer.items(), key=lambda item: -len(item[1]))
    if jobs <= 1:
        for job in work:
            _sign_issuer(job)
    else:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            pool.map(_sign_issuer, work, chunksize=1)
    _SIGNING = None


def site_registry(work: Path, awards: int, badges: int, jobs: int = 1) -> Path:
    """A generated registry of `badges` classes and `awards` signed awards with a site configuration, its
    signature cache set up in `work` (the build's own check reuses it); one left complete in `work` is reused."""
    root = work / f"registry-{awards}-{badges}"
    os.environ["CREDREG_CACHE_DIR"] = str(work / f"cache-{awards}-{badges}")
    if (root / DONE).is_file():
        return root
    shutil.rmtree(root, ignore_errors=True)
    generate(root, badges, max(1, badges // 20))
    (root / "overrides" / "docs").mkdir(parents=True)
    with (root / "mkdocs.yml").open("a") as config:
        config.write("docs_dir: overrides/docs\ntheme:\n  name: material\n  font: false\nplugins:\n  - search\n  - credreg\n")
    sign_awards(root, awards, jobs)
    (root / DONE).write_text("")
    return root


def _child(stage: str, root: Path, out: Path) -> None:
    """Run one stage in this (child) process."""
    if stage == "check":
        check_registry(root)
    else:
        build_site(root, out, now=NOW)


def _tree(pid: int) -> list[int]:
    """`pid` and all its descendants (the build's page-writing workers among them)."""
    children: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(stat.parent.name))
    out, todo = [], [pid]
    while todo:
        out.append(todo.pop())
        todo += children.get(out[-1], [])
    return out


def _pss(pids: list[int]) -> int:
    """Proportional set size of these processes together, in bytes: shared pages counted once in all."""
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            continue
    return total


def in_child(stage: str, root: Path, out: Path) -> tuple[float, int]:
    """Seconds and peak memory of one stage, run in a fresh Python process: the larger of its own peak resident
    set and the peak, sampled every 0.2 s, of its process tree's proportional set size (workers included)."""
    start = time.perf_counter()
    process = subprocess.Popen([sys.executable, __file__, "--child", stage, str(root), str(out)], env=os.environ)
    peak, done = [0], threading.Event()

    def sample() -> None:
        while not done.wait(0.2):
            peak[0] = max(peak[0], _pss(_tree(process.pid)))
    sampler = threading.Thread(target=sample, daemon=True)
    if Path("/proc/self/smaps_rollup").is_file():
        sampler.start()
    _, status, usage = os.wait4(process.pid, 0)
    done.set()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"the {stage} of {root} failed ({process.returncode})")
    return time.perf_counter() - start, max(usage.ru_maxrss * 1024, peak[0])


def measure(work: Path, awards: int, badges: int, jobs: int, builds: int) -> dict[str, object]:
    """Check and build one registry; the best of `builds` builds."""
    root = site_registry(work, awards, badges, jobs)
    cold = not Path(os.environ["CREDREG_CACHE_DIR"]).is_dir()
    check, check_rss = in_child("check", root, work)
    out = work / f"site-{awards}-{badges}"
    runs = []
    for _ in range(builds):
        shutil.rmtree(out, ignore_errors=True)
        runs.append(in_child("build", root, out))
    build, build_rss = min(runs)
    files = [p for p in out.rglob("*") if p.is_file()]
    award_pages = list((out / "credentials").glob("*/index.html"))
    return {"awards": awards, "check": check, "cold": cold, "check_rss": check_rss, "build": build,
            "build_rss": max(rss for _, rss in runs), "size": sum(p.stat().st_size for p in files),
            "files": len(files), "largest": max(p.stat().st_size for p in award_pages)}


def main() -> None:
    if sys.argv[1:2] == ["--child"]:
        _child(sys.argv[2], Path(sys.argv[3]), Path(sys.argv[4]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--awards", type=int, default=10_000)
    parser.add_argument("--badges", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="generate the registries and caches here once, reuse them later")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="processes that sign the awards")
    parser.add_argument("--builds", type=int, default=1, help="builds at each size; the fastest is shown")
    args = parser.parse_args()
    work = args.keep.resolve() if args.keep else Path(tempfile.mkdtemp(prefix="credreg-bench-site-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        rows = [measure(work, n, args.badges, args.jobs, args.builds) for n in (args.awards // 4, args.awards)]
        print(f"{args.badges} badge classes; the check verifies every signature (cold unless kept); the build "
              "re-checks with the cache warm; peak memory is each stage's, its worker processes included")
        print(f"{'awards':>8} {'check s':>12} {'check MB':>9} {'build s':>8} {'build MB':>9} {'site MB':>8} "
              f"{'files':>8} {'largest award page':>19}")
        for r in rows:
            check = f"{r['check']:.1f} {'cold' if r['cold'] else 'warm'}"
            print(f"{r['awards']:>8,} {check:>12} {r['check_rss'] / 1e6:>9.0f} {r['build']:>8.1f} "  # type: ignore[operator]
                  f"{r['build_rss'] / 1e6:>9.0f} {r['size'] / 1e6:>8.1f} {r['files']:>8,} {r['largest']:>16,} B")  # type: ignore[operator]
        a, b = rows
        print(f"growth for {b['awards'] / a['awards']:.0f}x awards: check {b['check'] / a['check']:.2f}x, "  # type: ignore[operator]
              f"build {b['build'] / a['build']:.2f}x, build memory {b['build_rss'] / a['build_rss']:.2f}x, "  # type: ignore[operator]
              f"size {b['size'] / a['size']:.2f}x")  # type: ignore[operator]
        print(f"max resident of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.0f} MB")
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
