"""Benchmark signature verification: credentials per second, cold and cached, beside raw Ed25519.

Signs N awards (default 1,000) into a generated registry, then in one run measures
the raw Ed25519 verify rate of this machine, `credreg check` cold on one process and
on every CPU, and `credreg check` again with the cache warm. Figures are best reported
as ratios of one another, since they share the machine's state at that moment.

    python3 scripts/bench_verify.py [--awards 1000]
"""
from __future__ import annotations

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402
from support import MKDOCS_YML, base_files, fixture_key, fixture_signing_key, write_tree  # noqa: E402

from registry.award import issue  # noqa: E402
from registry.check import check_registry  # noqa: E402


def make_registry(root: Path, n: int) -> None:
    files: dict[str, str | bytes] = dict(base_files())
    for issuer in ("acme", "globex"):
        path = f"issuers/{issuer}/issuer.yaml"
        files[path] = files[path].replace(fixture_key(issuer), fixture_signing_key(issuer).public_multibase)
    files["mkdocs.yml"] = MKDOCS_YML
    write_tree(root, files)
    csv_file = root.parent / "awards.csv"
    csv_file.write_text("email,name,result:quality\n" + "".join(f"p{i}@example.net,Person {i},good\n" for i in range(n)))
    when = datetime(2026, 3, 1, tzinfo=timezone.utc)
    ctx = issue.open_registry(root, fixture_signing_key("acme"), when)
    issue.award_csv(ctx, "acme/intro-python", csv_file, when, random.Random(1))


def raw_ed25519_rate(n: int) -> float:
    key = Ed25519PrivateKey.generate()
    public = key.public_key()
    messages = [os.urandom(64) for _ in range(n)]
    signatures = [key.sign(m) for m in messages]
    start = time.perf_counter()
    for message, signature in zip(messages, signatures):
        public.verify(signature, message)
    return n / (time.perf_counter() - start)


def timed_check(root: Path, **options: object) -> float:
    start = time.perf_counter()
    result = check_registry(root, **options)  # type: ignore[arg-type]
    took = time.perf_counter() - start
    assert not result.problems, result.problems[:3]
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--awards", type=int, default=1000)
    n = parser.parse_args().awards
    work = Path(tempfile.mkdtemp(prefix="credreg-bench-verify-"))
    try:
        t0 = time.perf_counter()
        make_registry(work / "registry", n)
        sign_time = time.perf_counter() - t0
        root, cache = work / "registry", work / "cache"
        raw = raw_ed25519_rate(2 * n)  # each award carries two proofs
        one = timed_check(root, workers=1, use_cache=False)
        cold = timed_check(root, cache_dir=cache)
        warm = timed_check(root, cache_dir=cache)
        cpus = os.cpu_count() or 1
        print(f"{n:,} awards, 2 proofs each (eddsa-rdfc-2022 + eddsa-jcs-2022); {cpus} CPUs")
        print(f"awarding (sign + write, 1 process): {n / sign_time:8.0f} credentials/s")
        print(f"raw Ed25519 verify:                 {raw / 2:8.0f} credentials/s (2 signatures each)")
        print(f"check, cold, 1 process:             {n / one:8.0f} credentials/s")
        print(f"check, cold, {cpus} processes:            {n / cold:8.0f} credentials/s")
        print(f"check, cached:                      {n / warm:8.0f} credentials/s")
        print(f"ratios: raw/cold-1 = {(raw / 2) / (n / one):.0f}x   cached/cold-1 = {one / warm:.1f}x   "
              f"cold-{cpus}/cold-1 = {one / cold:.2f}x")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
