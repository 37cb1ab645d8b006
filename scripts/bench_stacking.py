"""Benchmark the stacked-award check: `credreg check` of a generated registry with many stacked awards, with and
without the stacking rules (verify/stacking.py), side by side in one run, as ratios.

Each issuer has C badge classes and one stacked class requiring all of them; each of H holders per issuer
holds the C components and the stacked award linking them, all signed with keys from a public seed. Every
tenth holder's first component is revoked after the stacked award, and every other such award is kept, so
the revoked-later path runs too. Runs alternate (with, without, with, …) on a warm signature cache, where the
check does the least other work, so the stacking rules' share is as large as it gets.

    python3 scripts/bench_stacking.py [--issuers 20] [--holders 25] [--components 3] [--runs 3] [--keep DIR]
"""
from __future__ import annotations

import argparse
import hashlib
import random
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from registry import check as check_module  # noqa: E402
from registry.award import issue, records  # noqa: E402
from registry.award.credential import AwardRequest, build_credential  # noqa: E402
from registry.check import check_registry  # noqa: E402
from registry.config import load_site_urls  # noqa: E402
from registry.keys.sign import sign  # noqa: E402
from registry.keys.store import SigningKey, from_seed  # noqa: E402
from registry.ob3.document import COMPONENT_GENRE, linked_credential  # noqa: E402

SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 200" role="img" aria-label="badge">'
       '<title>badge</title><circle cx="100" cy="100" r="90" fill="#2a7"/></svg>\n')
WORDS = "Amber Birch Cedar Delta Ember Fjord Granite Harbor Indigo Juniper Kestrel Lumen".split()
TOPICS = "Python Design Testing Writing Security Analytics Welding Nursing Robotics Carpentry".split()
START = datetime(2026, 1, 5, 9, 0, tzinfo=timezone.utc)


def bench_key(issuer_id: str) -> SigningKey:
    """A key derived from a public seed: benchmark data only."""
    seed = hashlib.sha256(f"credreg-bench-stacking:{issuer_id}".encode()).digest()
    recipients = hashlib.sha256(f"credreg-bench-recipients:{issuer_id}".encode()).digest()
    return from_seed(issuer_id, "key-1", seed, recipients)


def _yaml(path: Path, data: dict[str, Any]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def generate(root: Path, n_issuers: int, n_components: int) -> None:
    """Issuers, each with `n_components` badge classes and one stacked class requiring all of them."""
    (root / "mkdocs.yml").write_text("site_name: Bench\nsite_url: https://bench.example/\n")
    for i in range(n_issuers):
        iid = f"issuer-{i:03d}"
        (root / "issuers" / iid).mkdir(parents=True)
        (root / "issuers" / iid / "logo.svg").write_text(SVG)
        _yaml(root / "issuers" / iid / "issuer.yaml", {
            "name": f"{WORDS[i % len(WORDS)]} {TOPICS[(i // len(WORDS)) % len(TOPICS)]} School {i:03d}",
            "kind": "training-provider", "url": f"https://{iid}.example/", "email": f"badges@{iid}.example",
            "description": "Generated for benchmarking.", "image": "logo.svg", "demo": True,
            "maintainers": [{"login": f"bench-{i}", "id": 1000 + i}],
            "keys": [{"id": "key-1", "type": "Multikey", "publicKeyMultibase": bench_key(iid).public_multibase,
                      "validFrom": "2025-01-01T00:00:00Z"}]})
        ids = [f"step-{c}" for c in range(n_components)] + ["stacked"]
        for c, bid in enumerate(ids):
            folder = root / "credentials" / iid / bid
            (folder / "rubrics").mkdir(parents=True)
            (folder / "badge.svg").write_text(SVG)
            stacked = bid == "stacked"
            _yaml(folder / "badge.yaml", {
                "name": f"{TOPICS[c % len(TOPICS)]} {'Professional' if stacked else f'Step {c}'}",
                "description": "A generated badge class.", "level": "micro-credential" if stacked else "badge",
                "criteria": {"narrative": "Pass the project."}, "image": "badge.svg",
                "skills": [{"framework": "ESCO", "name": TOPICS[c % len(TOPICS)]}], "tags": ["bench"],
                "review": {"cadenceMonths": 12, "lastReviewed": "2026-01-01"},
                "assessment": {"methods": ["project"], "proctored": False, "idChecked": False},
                **({"requires": [{"all": ids[:-1]}]} if stacked else {"buildsOn": []})})
            _yaml(folder / "rubrics" / "v1.yaml", {
                "version": 1, "published": "2026-01-01", "passThreshold": 3,
                "criteria": [{"id": "quality", "name": "Quality",
                              "levels": [{"id": "good", "name": "Good", "points": 5}]}]})


def sign_awards(root: Path, n_holders: int) -> int:
    """Every holder's components, then the stacked award linking them (signed directly, as `credreg award` signs
    a stacked award once the requirement holds); some components revoked later, half of those kept. The count."""
    registry = check_registry(root, use_cache=False).registry
    assert registry is not None, "the generated registry must check clean before awards"
    urls = load_site_urls(root)
    rng, made = random.Random(11), 0
    for issuer_id, issuer in registry.issuers.items():
        ctx = issue.Context(root, registry, urls, bench_key(issuer_id), issuer)
        alloc = issue.Allocator(ctx, rng)
        badges = registry.badges_of(issuer_id)
        stacked = next(b for b in badges if b.stacked)
        revoked: list[int] = []
        text: str | None = None
        for h in range(n_holders):
            email, links, first = f"holder{h}@example.net", [], None
            for n, badge in enumerate(b for b in badges if not b.stacked):
                when = START + timedelta(days=h % 200, hours=n)
                cid, index = _write(ctx, alloc, badge, email, when)
                links.append(linked_credential(COMPONENT_GENRE, urls.credential(cid), badge, issuer, when))
                first = first or (cid, index)
            awarded = START + timedelta(days=h % 200 + 1)
            top, _ = _write(ctx, alloc, stacked, email, awarded, tuple(links))
            made += len(links) + 1
            if h % 10 == 0 and first is not None:
                later = awarded + timedelta(days=30)
                text = records.with_revocation(text, "revocations.yaml", first[0], later, "copied work")
                revoked.append(first[1])
                if h % 20 == 0:
                    text = records.with_kept(text, "revocations.yaml", top, later + timedelta(days=1), "it stands")
        if text is not None:
            (root / "credentials" / issuer_id / "revocations.yaml").write_text(text, encoding="utf-8")
        issue.write_status_list(ctx, START + timedelta(days=400), sorted(revoked))
    return made


def _write(ctx: issue.Context, alloc: issue.Allocator, badge: Any, email: str, when: datetime,
           links: tuple[dict[str, Any], ...] = ()) -> tuple[str, int]:
    request = AwardRequest(alloc.credential_id(), email, when, alloc.status_index(), {"quality": "good"}, links=links)
    document = sign(build_credential(request, badge, ctx.issuer, ctx.urls, ctx.key.recipient_secret), ctx.key,
                    ctx.urls, when)
    issue.write_json(issue.award_path(ctx, badge, document), document)
    return request.credential_id, request.status_index


def timed_check(root: Path, cache: Path, stacking: bool) -> tuple[float, float, int]:
    """One check: total seconds, seconds inside the stacking rules, problems found."""
    real = check_module.stacking_problems
    spent = [0.0]

    def measured(*args: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return real(*args)
        finally:
            spent[0] += time.perf_counter() - t0

    skipped: Callable[..., Any] = lambda registry, files, urls, docs: []  # noqa: E731
    check_module.stacking_problems = measured if stacking else skipped  # type: ignore[assignment]
    try:
        t0 = time.perf_counter()
        result = check_registry(root, cache_dir=cache)
        return time.perf_counter() - t0, spent[0], len(result.problems)
    finally:
        check_module.stacking_problems = real


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issuers", type=int, default=20)
    parser.add_argument("--holders", type=int, default=25, help="holders of a stacked award per issuer")
    parser.add_argument("--components", type=int, default=3, help="badge classes each stacked class requires")
    parser.add_argument("--runs", type=int, default=3, help="alternating runs of each kind")
    parser.add_argument("--keep", type=Path, help="generate into this folder and keep it")
    args = parser.parse_args()
    root = args.keep or Path(tempfile.mkdtemp(prefix="credreg-bench-stacking-"))
    cache = Path(tempfile.mkdtemp(prefix="credreg-bench-cache-"))
    try:
        t0 = time.perf_counter()
        generate(root, args.issuers, args.components)
        made = sign_awards(root, args.holders)
        stacked = args.issuers * args.holders
        print(f"generated {args.issuers} issuers, {made:,} signed awards ({stacked:,} stacked, each linking "
              f"{args.components} components) in {time.perf_counter() - t0:.1f} s")
        t0 = time.perf_counter()
        cold = check_registry(root, cache_dir=cache)
        cold_s = time.perf_counter() - t0
        print(f"check cold (fills the cache): {cold_s:.2f} s, {len(cold.problems)} problems "
              f"({sum(p.code == 'component-revoked' for p in cold.problems)} component-revoked warnings, as generated)")
        with_rules, without, inside = [], [], []
        for _ in range(args.runs):
            total, spent, _problems = timed_check(root, cache, True)
            with_rules.append(total)
            inside.append(spent)
            without.append(timed_check(root, cache, False)[0])
        best_with, best_without, best_inside = min(with_rules), min(without), min(inside)
        print(f"check cached, with the stacking rules:    {best_with:.3f} s (best of {args.runs})")
        print(f"check cached, without the stacking rules: {best_without:.3f} s (best of {args.runs})")
        print(f"ratio with/without: {best_with / best_without:.3f}x; the rules themselves: {best_inside * 1000:.1f} ms "
              f"({best_inside / best_with:.1%} of the cached check, {best_inside / stacked * 1e6:.0f} us a stacked "
              f"award), {best_inside / cold_s:.2%} of the cold check")
    finally:
        shutil.rmtree(cache, ignore_errors=True)
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
