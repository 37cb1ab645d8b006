"""Write the example pilot: an outcomes CSV and two real `credreg verify --format json` reports, deterministically.

The badged candidates hold the example registry's awards (one each); the control candidates hold none. The
outcomes are made up from a fixed seed (a badged candidate is a little more likely to be shortlisted and hired,
and sooner); the reports are `credreg verify --offline --now 2026-11-30` run on those awards, so the revoked
ones fail as a recruiter would see them. Run from anywhere; rerun after the example registry's awards change.

    python3 scripts/make_pilot_example.py [--root .] [--out examples/pilot]
    credreg pilot examples/pilot/outcomes.csv --verifications examples/pilot/verify-*.json
"""
from __future__ import annotations

import argparse
import csv
import io
import os
import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

SEED = "credreg-pilot-example"
START, DAYS = date(2026, 9, 1), 30  # applications over September; the pilot runs 90 days from the start
END = START + timedelta(days=89)
NOW = "2026-11-30"
CONTROL = 52
# group → (P(shortlisted), P(hired | shortlisted), days to hire low..high, satisfaction scores to draw from)
PROFILE = {"badged": (0.62, 0.5, (12, 38), (3, 4, 4, 5, 5)),
           "control": (0.48, 0.4, (18, 52), (2, 3, 3, 4, 4, 5))}


def awards(root: Path) -> list[Path]:
    """Every signed award of the registry, in a stable order."""
    return sorted(root.glob("credentials/*/*/awards/*.json"), key=lambda p: p.relative_to(root).as_posix())


def outcomes(credentials: list[str], rng: random.Random) -> str:
    """The CSV: one badged candidate per credential, CONTROL without, in order of application."""
    people = [("badged", c) for c in credentials] + [("control", "")] * CONTROL
    rng.shuffle(people)
    rows = []
    for number, (group, credential) in enumerate(people, start=1):
        p_short, p_hire, (low, high), scores = PROFILE[group]
        applied = START + timedelta(days=rng.randrange(DAYS))
        shortlisted = rng.random() < p_short
        hired = applied + timedelta(days=rng.randint(low, high)) if shortlisted and rng.random() < p_hire else None
        if hired is not None and hired > END:
            hired = None  # not hired within the pilot
        satisfaction = rng.choice(scores) if hired is not None and rng.random() < 0.85 else None
        rows.append((applied, f"cand-{number:03d}", group, shortlisted, hired, satisfaction, credential))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["candidate", "group", "applied", "shortlisted", "hired", "satisfaction", "credential"])
    for applied, candidate, group, shortlisted, hired, satisfaction, credential in sorted(rows):
        writer.writerow([candidate, group, applied.isoformat(), "yes" if shortlisted else "no",
                         hired.isoformat() if hired else "", satisfaction or "", credential])
    return out.getvalue()


def verify_report(root: Path, sources: list[str]) -> str:
    """`credreg verify --format json` of `sources` (paths relative to root, or URLs), run in the checkout."""
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)}
    proc = subprocess.run([sys.executable, "-m", "registry", "verify", "--offline", "--format", "json", "--now", NOW,
                           *sources], cwd=root, env=env, capture_output=True, text=True, check=False)
    if proc.returncode not in (0, 1) or not proc.stdout.startswith("{"):
        raise SystemExit(f"credreg verify failed (exit {proc.returncode}):\n{proc.stderr}")
    return proc.stdout if proc.stdout.endswith("\n") else proc.stdout + "\n"


def make(root: Path, out: Path, site_url: str = "https://demo.credreg.example/") -> list[Path]:
    """Write outcomes.csv and the two reports into `out`; returns what was written."""
    rng = random.Random(SEED)
    files = [p.relative_to(root).as_posix() for p in awards(root)]
    ids = [Path(f).stem for f in files]
    half = len(files) // 2
    # October: recruiters verify the files they were sent. November: the rest, three by their public URL
    # (served from this checkout, offline), and four of October's again.
    second = files[half:]
    second[:3] = [f"{site_url}credentials/{Path(f).stem}.json" for f in second[:3]]
    second += files[:4]
    out.mkdir(parents=True, exist_ok=True)
    written = {"outcomes.csv": outcomes(ids, rng),
               "verify-2026-10.json": verify_report(root, files[:half]),
               "verify-2026-11.json": verify_report(root, second)}
    for name, text in written.items():
        (out / name).write_text(text, encoding="utf-8")
    return [out / name for name in written]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", default=str(Path(__file__).resolve().parent.parent), help="registry checkout")
    parser.add_argument("--out", help="folder to write into (default: <root>/examples/pilot)")
    args = parser.parse_args()
    root = Path(args.root).resolve()
    for path in make(root, Path(args.out) if args.out else root / "examples" / "pilot"):
        print(f"wrote {path}")


if __name__ == "__main__":
    main()
