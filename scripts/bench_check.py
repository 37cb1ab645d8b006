"""Benchmark `credreg check` on a generated registry of N badge classes and N signed awards (default 10,000).

Prints the check time (cold, then with the signature cache warm) beside a floor measured in the
same run (reading every file and parsing it with libyaml/json, nothing else), so the figures
survive a noisy machine as ratios.

    python3 scripts/bench_check.py [--badges 10000] [--awards 10000] [--issuers 100] [--keep DIR]
"""
from __future__ import annotations

import argparse
import hashlib
import json
import random
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from registry.award import issue  # noqa: E402
from registry.check import check_registry  # noqa: E402
from registry.config import load_site_urls  # noqa: E402
from registry.keys.store import SigningKey, from_seed  # noqa: E402

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" role="img" aria-label="badge">'
       '<title>badge</title><circle cx="100" cy="100" r="90" fill="#2a7"/></svg>\n')
WORDS = ("Applied Data Cloud Secure Agile Inclusive Modern Practical Advanced Creative Visual Remote Lean "
         "Ethical Quantum Mobile Edge Civic Green Digital").split()
TOPICS = ("Python Design Research Testing Writing Leadership Security Analytics Accessibility Marketing "
          "Finance Logistics Welding Nursing Robotics Typography Networking Carpentry Cooking Statistics").split()


def bench_key(issuer_id: str) -> SigningKey:
    """A key derived from a public seed: benchmark data only."""
    seed = hashlib.sha256(f"credreg-bench:{issuer_id}".encode()).digest()
    return from_seed(issuer_id, "key-1", seed, hashlib.sha256(f"credreg-bench-recipients:{issuer_id}".encode()).digest())


def issuer_name(i: int) -> str:
    """Distinct, non-confusable names: a word pair plus a number spelled as a word-free code."""
    return f"{WORDS[i % len(WORDS)]} {TOPICS[(i // len(WORDS)) % len(TOPICS)]} Institute {i:04d}"


def generate(root: Path, n_badges: int, n_issuers: int) -> None:
    (root / "mkdocs.yml").parent.mkdir(parents=True, exist_ok=True)
    (root / "mkdocs.yml").write_text("site_name: Bench\nsite_url: https://bench.example/\n")
    per_issuer = -(-n_badges // n_issuers)
    made = 0
    for i in range(n_issuers):
        iid = f"issuer-{i:04d}"
        folder = root / "issuers" / iid
        folder.mkdir(parents=True)
        (folder / "logo.svg").write_text(SVG)
        (folder / "issuer.yaml").write_text(yaml.safe_dump({
            "name": issuer_name(i), "kind": "training-provider", "url": f"https://{iid}.example/",
            "email": f"badges@{iid}.example", "description": "Generated for benchmarking.", "image": "logo.svg",
            "demo": True, "maintainers": [{"login": f"bench-{i}", "id": 1000 + i}],
            "keys": [{"id": "key-1", "type": "Multikey", "publicKeyMultibase": bench_key(iid).public_multibase,
                      "validFrom": "2025-01-01T00:00:00Z"}]}, sort_keys=False))
        for b in range(per_issuer):
            if made == n_badges:
                return
            made += 1
            bid = f"badge-{b:04d}"
            bfolder = root / "credentials" / iid / bid
            (bfolder / "rubrics").mkdir(parents=True)
            (bfolder / "badge.svg").write_text(SVG)
            (bfolder / "badge.yaml").write_text(yaml.safe_dump({
                "name": f"{TOPICS[b % len(TOPICS)]} Level {b:04d}", "description": "A generated badge class.",
                "level": "badge", "criteria": {"narrative": "Pass the project."}, "image": "badge.svg",
                "skills": [{"framework": "ESCO", "name": TOPICS[b % len(TOPICS)]}], "tags": ["bench"],
                "review": {"cadenceMonths": 12, "lastReviewed": "2026-01-01"},
                "assessment": {"methods": ["project"], "proctored": False, "idChecked": False},
                # Entry badges only: a stacked class's awards must record their components (award refuses
                # others), which scripts/bench_stacking.py generates and measures on its own.
                "buildsOn": []}, sort_keys=False))
            (bfolder / "rubrics" / "v1.yaml").write_text(yaml.safe_dump({
                "version": 1, "published": "2026-01-01", "passThreshold": 3,
                "criteria": [{"id": "quality", "name": "Quality",
                              "levels": [{"id": "good", "name": "Good", "points": 5}]}]}, sort_keys=False))


def sign_awards(root: Path, n_awards: int) -> None:
    """N signed awards spread over the badge classes, one signing context per issuer."""
    registry = check_registry(root, use_cache=False).registry
    assert registry is not None
    urls = load_site_urls(root)
    when = datetime(2026, 3, 1, tzinfo=timezone.utc)
    badges = sorted(registry.badges)
    by_issuer: dict[str, list[str]] = {}
    for i in range(n_awards):
        key = badges[i % len(badges)]
        by_issuer.setdefault(key.split("/")[0], []).append(key)
    rng = random.Random(7)
    for issuer_id, keys in by_issuer.items():
        ctx = issue.Context(root, registry, urls, bench_key(issuer_id), registry.issuers[issuer_id])
        alloc = issue.Allocator(ctx, rng)
        for n, key in enumerate(keys):
            badge = registry.badges[key]
            credential = issue.make_award(ctx, badge, f"person{n}@example.net", when, alloc,
                                          results={"quality": "good"})
            issue.write_json(issue.award_path(ctx, badge, credential), credential)
        issue.write_status_list(ctx, when, [])


def floor(root: Path) -> float:
    """Read and parse every registry file with the fastest plain parsers: the cost no checker avoids."""
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    start = time.perf_counter()
    for path in sorted(root.rglob("*")):
        if path.suffix == ".yaml":
            yaml.load(path.read_bytes(), Loader=loader)
        elif path.suffix == ".json":
            json.loads(path.read_bytes())
        elif path.is_file():
            path.read_bytes()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--badges", type=int, default=10_000)
    parser.add_argument("--awards", type=int, default=10_000)
    parser.add_argument("--issuers", type=int, default=100)
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="credreg-bench-"))
    try:
        t0 = time.perf_counter()
        generate(root, args.badges, args.issuers)
        sign_awards(root, args.awards)
        print(f"generated {args.badges:,} badge classes of {args.issuers} issuers and {args.awards:,} signed awards "
              f"in {time.perf_counter() - t0:.1f} s")
        cache = Path(tempfile.mkdtemp(prefix="credreg-bench-cache-"))
        base = floor(root)
        t0 = time.perf_counter()
        result = check_registry(root, cache_dir=cache)
        cold = time.perf_counter() - t0
        t0 = time.perf_counter()
        check_registry(root, cache_dir=cache)
        warm = time.perf_counter() - t0
        shutil.rmtree(cache, ignore_errors=True)
        print(f"files: {result.files:,}  problems: {len(result.problems)}")
        print(f"read+parse floor: {base:.2f} s   check cold: {cold:.2f} s ({cold / base:.1f}x floor)   "
              f"check cached: {warm:.2f} s ({warm / base:.1f}x floor)")
        if result.problems:
            for p in result.problems[:5]:
                print(f"  {p.where()} {p.code}: {p.message}")
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
