"""Time `credreg pilot` on generated pilots: N, 2N and 4N candidates, and N with twice the bootstrap resamples.

Each run reads the outcomes CSV and a verify report (one result per badged candidate, in the report's shape),
analyses and renders text; the HTML report (charts) is timed once at N. Figures are ratios measured side by
side in one run, since absolute times depend on the machine.

    python3 scripts/bench_pilot.py [--candidates 5000] [--resamples 2000]
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from registry.pilot.analysis import analyse  # noqa: E402
from registry.pilot.html import render_html  # noqa: E402
from registry.pilot.outcomes import read_outcomes  # noqa: E402
from registry.pilot.text import render_text  # noqa: E402
from registry.pilot.verifications import read_reports  # noqa: E402

SITE = "https://registry.example/credentials/"


def write_pilot(folder: Path, n: int, seed: int = 1) -> tuple[Path, Path]:
    """An outcomes CSV of n candidates (half badged, each with a credential) and a verify report of those."""
    rng = random.Random(seed)
    lines = ["candidate,group,applied,shortlisted,hired,satisfaction,credential"]
    results = []
    for i in range(n):
        group = "badged" if i % 2 == 0 else "control"
        applied = date(2026, 9, 1) + timedelta(days=rng.randrange(30))
        shortlisted = rng.random() < (0.6 if group == "badged" else 0.45)
        hired = applied + timedelta(days=rng.randint(7, 60)) if shortlisted and rng.random() < 0.4 else None
        score = str(rng.randint(1, 5)) if hired and rng.random() < 0.8 else ""
        credential = f"cred-{i:07d}" if group == "badged" else ""
        lines.append(f"cand-{i:07d},{group},{applied},{'yes' if shortlisted else 'no'},{hired or ''},{score},{credential}")
        if credential:
            verdict = "valid" if rng.random() < 0.93 else rng.choice(["revoked", "expired", "invalid"])
            results.append({"source": f"{credential}.json", "id": f"{SITE}{credential}.json", "verdict": verdict,
                            "valid": verdict == "valid", "steps": [{"step": "format", "outcome": "pass", "detail": ""}]})
    csv_path, report_path = folder / f"outcomes-{n}.csv", folder / f"verify-{n}.json"
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report_path.write_text(json.dumps({"version": 1, "valid": False, "results": results}, indent=2), encoding="utf-8")
    return csv_path, report_path


def run(csv_path: Path, report_path: Path, resamples: int, html: bool = False) -> float:
    """Seconds for read, analyse and render (best of 3)."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        result = analyse(read_outcomes(csv_path), read_reports([report_path]), 1, resamples=resamples)
        render_html(result) if html else render_text(result)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--candidates", type=int, default=5000)
    parser.add_argument("--resamples", type=int, default=2000)
    args = parser.parse_args()
    n, r = args.candidates, args.resamples
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pilots = {size: write_pilot(folder, size) for size in (n, 2 * n, 4 * n)}
        base = run(*pilots[n], r)
        double, quadruple = run(*pilots[2 * n], r), run(*pilots[4 * n], r)
        more = run(*pilots[n], 2 * r)
        html = run(*pilots[n], r, html=True)
    print(f"{n:,} candidates, {r:,} resamples: {base:.3f} s")
    print(f"{2 * n:,} candidates: {double:.3f} s ({double / base:.2f}x)")
    print(f"{4 * n:,} candidates: {quadruple:.3f} s ({quadruple / base:.2f}x)")
    print(f"{n:,} candidates, {2 * r:,} resamples: {more:.3f} s ({more / base:.2f}x)")
    print(f"{n:,} candidates, HTML report with charts: {html:.3f} s ({html / base:.2f}x)")


if __name__ == "__main__":
    main()
