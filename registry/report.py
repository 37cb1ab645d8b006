"""Report stage: problems as text grouped by file (for people) or JSON (for machines)."""
from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from itertools import groupby

from .currency import EXPIRY_WINDOW_DAYS, Expiring
from .dates import iso
from .errors import Problem, Severity

REPORT_VERSION = 1


def counts(problems: Sequence[Problem]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = sum(1 for p in problems if p.severity is Severity.ERROR)
    return errors, len(problems) - errors


def as_text(problems: Sequence[Problem], files: int, strict: bool = False) -> str:
    """Problems grouped by file, each with its line, code, message and hint, then a summary line."""
    lines: list[str] = []
    for path, group in groupby(sorted(problems), key=lambda p: p.file):
        lines.append(path or "<registry>")
        for p in group:
            where = f"{p.line}:{p.column}" if p.line else "-"
            severity = "error" if strict else p.severity.value
            lines.append(f"  {where:<8} {severity:<7} {p.code:<22} {p.message}")
            if p.hint:
                lines.append(f"  {'':<8} {'':<7} {'':<22} hint: {p.hint}")
        lines.append("")
    errors, warnings = counts(problems)
    if strict:
        errors, warnings = errors + warnings, 0
    if not problems:
        lines.append(f"ok: {files} files checked, no problems")
    else:
        n_files = len({p.file for p in problems})
        lines.append(f"{errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
                     f"in {n_files} file{'s' * (n_files != 1)} ({files} files checked)")
    return "\n".join(lines)


def as_json(problems: Sequence[Problem], files: int, strict: bool = False,
            expiring: Sequence[Expiring] | None = None, with_expiring: bool = False) -> str:
    """The stable machine-readable report documented in the README. `with_expiring` (`--now`) adds the
    `expiring` array, null when errors kept the model from being built."""
    errors, warnings = counts(problems)
    failed = errors > 0 or (strict and warnings > 0)
    report: dict[str, object] = {
        "version": REPORT_VERSION,
        "ok": not failed,
        "files": files,
        "errors": errors,
        "warnings": warnings,
        "problems": [p.to_dict() for p in sorted(problems)],
    }
    if with_expiring:
        report["expiring"] = None if expiring is None else [e.to_dict() for e in expiring]
    return json.dumps(report, indent=2, ensure_ascii=False)


def _day_or_moment(moment: datetime) -> str:
    """`2026-12-02` for the start of a UTC day (what `--now DATE` gives), else the full date-time."""
    text = iso(moment)
    return text[:10] if text.endswith("T00:00:00Z") else text


def expiring_text(expiring: Sequence[Expiring] | None, now: datetime) -> str:
    """The section `check --now` prints after the problems: credentials expiring within the window, soonest
    first (None: errors kept the model from being built, so nothing can be listed)."""
    within = f"within {EXPIRY_WINDOW_DAYS} days of {_day_or_moment(now)}"
    if expiring is None:
        return f"credentials expiring {within} are listed once the registry has no errors"
    if not expiring:
        return f"no credentials expire {within}"
    n = len(expiring)
    lines = [f"{n} credential{'s' * (n != 1)} expire{'s' * (n == 1)} {within}:"]
    width = max(len(e.badge) for e in expiring)
    for e in expiring:
        renewed = f"renewed by {e.renewed_by}" if e.renewed_by else "not renewed"
        lines.append(f"  {iso(e.valid_until)}  {e.credential_id}  {e.badge:<{width}}  {renewed}")
    return "\n".join(lines)
