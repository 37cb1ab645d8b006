"""Shared helpers of the pilot tests: outcomes CSVs written from rows, and real verify reports."""
from __future__ import annotations

import contextlib
import io
from collections.abc import Sequence
from pathlib import Path

from support import REPO

HEADER = "candidate,group,applied,shortlisted,hired,satisfaction,credential"
EXAMPLE = REPO / "examples" / "pilot"
NOW = "2026-11-30"  # the example reports' clock
SITE = "https://demo.credreg.example/"

# A pilot small enough to compute by hand (tests/pilot/test_pilot_analysis.py says what each group gives).
SMALL = [
    "b1,badged,2026-09-01,yes,2026-09-11,5,c541f63b1e72cfa9",
    "b2,badged,2026-09-02,yes,2026-09-22,4,",
    "b3,badged,2026-09-03,yes,,,",
    "b4,badged,2026-09-04,no,,,",
    "c1,control,2026-09-01,yes,2026-09-21,3,",
    "c2,control,2026-09-05,no,,,",
    "c3,control,2026-09-06,no,,,",
]


def write_csv(folder: Path, rows: Sequence[str], header: str = HEADER, name: str = "outcomes.csv") -> Path:
    """An outcomes CSV of `rows` under `header`."""
    path = folder / name
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def run_cli(argv: Sequence[str]) -> tuple[int, str, str]:
    """`credreg ARGV` in this process: (exit code, stdout, stderr)."""
    from registry.cli import main
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(argv))
    return code, out.getvalue(), err.getvalue()


def verify_report(folder: Path, sources: Sequence[str], name: str = "report.json") -> Path:
    """A real `credreg verify --format json` report of `sources` (example awards or their URLs), saved to a file."""
    code, out, err = run_cli(["verify", "--root", str(REPO), "--offline", "--format", "json", "--now", NOW, *sources])
    assert code in (0, 1) and out.startswith("{"), err
    path = folder / name
    path.write_text(out, encoding="utf-8")
    return path
