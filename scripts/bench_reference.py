"""Benchmark `credreg check` against Digital Bazaar's JS reference verifier on the same credentials, in one run.

Signs N awards (default 500) into a generated registry, then times, side by side: the JS reference
(node, with the npm packages pinned in tests/interop, one process) verifying the eddsa-rdfc-2022 proof
alone and both proofs, and `credreg check` cold (no cache) on one process and on every CPU. The check
does more than the JS verifier (both proofs, schema, content, status lists), so the ratios say what a
registry's CI pays per credential against what a verifier pays.

    python3 scripts/bench_reference.py [--awards 500]

Needs node 18+ and `npm ci` run in tests/interop (as .ci/run does).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE.parent / "tests"))
sys.path.insert(0, str(HERE))

from bench_verify import make_registry, timed_check  # noqa: E402
from support import context_documents  # noqa: E402

from registry.check import check_registry  # noqa: E402
from registry.config import load_site_urls  # noqa: E402
from registry.did import did_document  # noqa: E402

NODE_SCRIPT = HERE.parent / "tests" / "interop" / "verify-many.mjs"


def js_seconds(credentials: list[dict[str, Any]], documents: dict[str, Any], suites: list[str]) -> float:
    """The JS reference's time to verify `credentials` (the loop alone, after one untimed warm-up)."""
    job = json.dumps({"credentials": credentials, "documents": documents, "suites": suites})
    proc = subprocess.run(["node", str(NODE_SCRIPT)], input=job, capture_output=True, text=True, check=False,
                          cwd=NODE_SCRIPT.parent, timeout=3600)
    if proc.returncode != 0:
        raise SystemExit(f"the JS reference failed (exit {proc.returncode}): {proc.stdout[-2000:]}{proc.stderr[-2000:]}")
    result = json.loads(proc.stdout)
    assert result["verified"] == result["count"] == len(credentials), result
    return float(result["seconds"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--awards", type=int, default=500)
    n = parser.parse_args().awards
    if not (NODE_SCRIPT.parent / "node_modules").is_dir():
        raise SystemExit("run `npm ci` in tests/interop first: the JS reference comes from its pinned packages")
    work = Path(tempfile.mkdtemp(prefix="credreg-bench-reference-"))
    try:
        root = work / "registry"
        make_registry(root, n)
        registry = check_registry(root, use_cache=False).registry
        assert registry is not None
        urls = load_site_urls(root)
        documents = context_documents()
        for issuer in registry.issuers.values():
            documents[urls.did_document(issuer.id)] = did_document(issuer, urls)
        credentials = [json.loads(p.read_text(encoding="utf-8")) for p in sorted(root.glob("credentials/*/*/awards/*.json"))]
        cpus = os.cpu_count() or 1
        start = time.perf_counter()
        js_rdfc = js_seconds(credentials, documents, ["eddsa-rdfc-2022"])
        js_both = js_seconds(credentials, documents, ["eddsa-rdfc-2022", "eddsa-jcs-2022"])
        one = timed_check(root, workers=1, use_cache=False)
        every = timed_check(root, use_cache=False)
        per = {name: 1000 * seconds / n for name, seconds in
               (("js-rdfc", js_rdfc), ("js-both", js_both), ("check-1", one), (f"check-{cpus}", every))}
        print(f"{n:,} awards, 2 proofs each (eddsa-rdfc-2022 + eddsa-jcs-2022); {cpus} CPUs; "
              f"{time.perf_counter() - start:.0f} s in all")
        print(f"JS reference, rdfc proof only, 1 process:  {per['js-rdfc']:7.2f} ms per credential")
        print(f"JS reference, both proofs, 1 process:      {per['js-both']:7.2f} ms per credential")
        print(f"credreg check, cold, 1 process:            {per['check-1']:7.2f} ms per credential")
        print(f"credreg check, cold, {cpus} processes:           {per[f'check-{cpus}']:7.2f} ms per credential")
        print(f"ratios to the JS reference (rdfc only): check-1 = {per['check-1'] / per['js-rdfc']:.2f}x   "
              f"check-{cpus} = {per[f'check-{cpus}'] / per['js-rdfc']:.2f}x   "
              f"(both proofs: {per[f'check-{cpus}'] / per['js-both']:.2f}x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
