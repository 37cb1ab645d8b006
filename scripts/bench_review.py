"""Benchmark a pull request's review: a full cold check against one that verifies only what the pull request changed.

Generates a registry of N signed awards (with bench_check.py's generator), commits it into a temporary git
repository as the base, adds one award as the pull request, then times in one run, with no cache:
`check_registry` of the head in full, `check_registry(verify_only=<the changed paths>)`, and the review's
whole path around the latter (read the changes, export both trees, load the base, summarize). Then the pull
request workflow's two checking commands (`credreg review`, then `credreg check --strict`, as processes) twice:
with an empty check cache, and with the cache main's build leaves (a check of the base tree), restored.

    python3 scripts/bench_review.py [--awards 2000] [--badges 200] [--issuers 20] [--keep DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_check import bench_key, generate, sign_awards  # noqa: E402

from registry.award import issue  # noqa: E402
from registry.check import check_registry, load_registry  # noqa: E402
from registry.config import load_site_urls  # noqa: E402
from registry.governance.git import read_changes  # noqa: E402
from registry.governance.trees import pull_trees  # noqa: E402
from registry.governance.summary import summarize  # noqa: E402
from registry.ob3.statuslist import status_index  # noqa: E402
from registry.verify.cache import CACHE_ENV  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "-c", "user.email=bench@example.org", "-c", "user.name=bench", "commit", "-q", "-m", message)


def add_award(root: Path) -> Path:
    """One more signed award of the first badge class, with an id and a status index no award has yet."""
    loaded = load_registry(root)
    assert loaded.registry is not None
    registry, urls = loaded.registry, load_site_urls(root)
    badge = registry.badges[sorted(registry.badges)[0]]
    ctx = issue.Context(root, registry, urls, bench_key(badge.issuer_id), registry.issuers[badge.issuer_id])
    alloc = issue.Allocator(ctx, random.Random(11))
    for signed in loaded.signed:  # the loaded model has no verified awards: take ids and indexes from the files
        alloc.ids.add(signed.place.stem)
        if signed.place.issuer_id == badge.issuer_id and signed.place.kind.value == "award":
            index = status_index(signed.data)
            if index is not None:
                alloc.indexes.add(index)
    when = datetime(2026, 3, 2, tzinfo=timezone.utc)
    credential = issue.make_award(ctx, badge, "new.person@example.net", when, alloc, results={"quality": "good"})
    path = issue.award_path(ctx, badge, credential)
    issue.write_json(path, credential)
    return path


def timed(label: str, run):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - start
    print(f"  {label:<44} {seconds:8.2f} s", flush=True)
    return result, seconds


def ci_steps(root: Path, work: Path, new: Path) -> None:
    """The pull request workflow's `credreg review` and `credreg check --strict`, without and with main's cache."""
    base_tree = work / "base-tree"
    base_tree.mkdir()
    archive = subprocess.run(["git", "-C", str(root), "archive", "base"], check=True, capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(base_tree)], input=archive, check=True)
    author = str(1000 + int(new.relative_to(root).parts[1].split("-")[1]))  # the issuer's maintainer (generate)

    def credreg(cache: Path, *args: str) -> None:
        env = {**os.environ, CACHE_ENV: str(cache), "PYTHONPATH": str(REPO)}
        subprocess.run([sys.executable, "-m", "registry", *args], env=env, check=True, capture_output=True)

    main_cache = work / "main-cache"
    _, build = timed("main's build: check of the base (writes the cache)",
                     lambda: credreg(main_cache, "check", "--strict", "--root", str(base_tree)))
    figures = {}
    for label, cache in (("empty cache", work / "empty-cache"), ("main's cache restored", work / "restored-cache")):
        if cache.name == "restored-cache":
            shutil.copytree(main_cache, cache)

        def steps(cache: Path = cache) -> None:
            credreg(cache, "review", "--base", "base", "--author", author, "--root", str(root))
            credreg(cache, "check", "--strict", "--root", str(root))
        _, figures[label] = timed(f"workflow: review + check, {label}", steps)
    empty, restored = figures["empty cache"], figures["main's cache restored"]
    print(f"pull request workflow's checks: {restored:.2f} s with main's cache vs {empty:.2f} s without "
          f"({empty / restored:.1f}x); main's build check {build:.2f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--awards", type=int, default=2_000)
    parser.add_argument("--badges", type=int, default=200)
    parser.add_argument("--issuers", type=int, default=20)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="credreg-bench-review-"))
    root = work / "registry"
    try:
        t0 = time.perf_counter()
        root.mkdir(parents=True)
        generate(root, args.badges, args.issuers)
        sign_awards(root, args.awards)
        git(root, "init", "-q", "-b", "main")
        commit(root, "base")
        git(root, "tag", "base")
        new = add_award(root)
        commit(root, "one new award")
        print(f"generated {args.awards:,} signed awards of {args.badges:,} badge classes ({args.issuers} issuers), "
              f"committed, and a pull request adding {new.name}, in {time.perf_counter() - t0:.1f} s")
        changes = read_changes(root, "base", "HEAD")
        print(f"changed paths: {sorted(changes.paths)}")
        incremental, fast = timed("check, verify_only=changed paths, cold",
                                  lambda: check_registry(root, use_cache=False, verify_only=changes.paths))
        full, slow = timed("check, full, cold", lambda: check_registry(root, use_cache=False))
        assert full.problems == incremental.problems == (), (full.problems[:3], incremental.problems[:3])

        def review() -> object:
            with pull_trees(root, "base", "HEAD", incremental=True, use_cache=False) as trees:
                return summarize(trees.changes, trees.before, trees.after, trees.checked.problems, trees.urls)
        summary, whole = timed("review path (changes, trees, check, summary)", review)
        print(f"files: {full.files:,}; full / incremental: {slow / fast:.1f}x; "
              f"the review's whole path: {whole:.2f} s ({slow / whole:.1f}x faster than a full check)")
        print(json.dumps(summary.counts()))  # type: ignore[attr-defined]
        ci_steps(root, work, new)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
