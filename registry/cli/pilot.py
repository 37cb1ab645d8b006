"""`credreg pilot`: compare a pilot's badged and control candidates, and count verification failures.

Reads files only (the outcomes CSV, `credreg verify --format json` reports): it needs no registry checkout.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from ..atomic.files import write_text
from ..errors import CredregError
from ..pilot import stats
from .options import EXIT_OK

REPORT_FILES = {"text": "pilot.txt", "json": "pilot.json", "html": "index.html"}
DEFAULT_HTML_OUT = "pilot-report"


def _bounded(low: int, high: int, what: str) -> Any:
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
        if not low <= number <= high:
            raise argparse.ArgumentTypeError(f"{what} must be from {low:,} to {high:,}, not {number:,}")
        return number
    return parse


def cmd_pilot(args: argparse.Namespace) -> int:
    """Read, analyse, render; print the report, or write it into --out DIR (html always goes to a folder)."""
    from ..pilot.analysis import analyse  # here, not at the top: the charts' matplotlib is slow to import
    from ..pilot.html import render_html
    from ..pilot.outcomes import read_outcomes
    from ..pilot.text import render_text
    from ..pilot.verifications import read_reports
    rows = read_outcomes(Path(args.outcomes), args.outcomes)
    reports = args.verifications
    verifications = read_reports([Path(p) for p in reports], reports) if reports else None
    result = analyse(rows, verifications, len(reports), seed=args.seed, resamples=args.resamples)
    if args.format == "json":
        text = json.dumps(result.to_dict(), indent=2, ensure_ascii=False)
    elif args.format == "html":
        text = render_html(result)
    else:
        text = render_text(result)
    out = args.out or (DEFAULT_HTML_OUT if args.format == "html" else None)
    if out is None:
        print(text)
        return EXIT_OK
    folder = Path(out)
    target = folder / REPORT_FILES[args.format]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_text(target, text + ("" if text.endswith("\n") else "\n"))
    except OSError as exc:
        raise CredregError(f"cannot write {target}: {exc.strerror or exc}",
                           "give --out a folder you can write to (it is made if missing)") from None
    print(f"wrote {target}")
    return EXIT_OK


DESCRIPTIONS = {  # what `credreg <command> --help` says first
    "pilot": ("Report a 90-day pilot from its outcomes CSV: time-to-hire, shortlist rate and satisfaction of "
              "badged vs control candidates, and the verification failure rate, with bootstrap intervals."),
}


def add_commands(sub: Any) -> None:
    """Register pilot on the top-level subparsers."""
    pilot = sub.add_parser("pilot", description=DESCRIPTIONS["pilot"],
                           help="a pilot's outcomes: badged vs control candidates, verification failures")
    pilot.add_argument("outcomes", metavar="OUTCOMES.csv",
                       help="the ATS export: candidate,group,applied,shortlisted,hired,satisfaction[,credential]")
    pilot.add_argument("--format", choices=("text", "json", "html"), default="text",
                       help="text (default), json, or html (a self-contained report file in --out DIR)")
    pilot.add_argument("--out", metavar="DIR",
                       help=f"write the report into DIR (pilot.txt, pilot.json or index.html; html default "
                            f"{DEFAULT_HTML_OUT}/) instead of printing it")
    pilot.add_argument("--verifications", nargs="+", action="extend", default=[], metavar="FILE",
                       help="reports of `credreg verify --format json`, for the verification failure rate")
    pilot.add_argument("--seed", type=_bounded(0, 2**32 - 1, "--seed"), default=stats.DEFAULT_SEED, metavar="N",
                       help=f"seed of the bootstrap's random draws (default {stats.DEFAULT_SEED}): the same seed, "
                            "the same intervals")
    pilot.add_argument("--resamples", type=_bounded(stats.MIN_RESAMPLES, stats.MAX_RESAMPLES, "--resamples"),
                       default=stats.DEFAULT_RESAMPLES, metavar="N",
                       help=f"bootstrap resamples per group ({stats.MIN_RESAMPLES:,}-{stats.MAX_RESAMPLES:,}, "
                            f"default {stats.DEFAULT_RESAMPLES:,})")
    pilot.set_defaults(func=cmd_pilot)
