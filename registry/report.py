"""Report stage: problems as text grouped by file (for people) or JSON (for machines)."""
from __future__ import annotations

import json
from collections.abc import Sequence
from itertools import groupby

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


def as_json(problems: Sequence[Problem], files: int, strict: bool = False) -> str:
    """The stable machine-readable report documented in the README."""
    errors, warnings = counts(problems)
    failed = errors > 0 or (strict and warnings > 0)
    return json.dumps({
        "version": REPORT_VERSION,
        "ok": not failed,
        "files": files,
        "errors": errors,
        "warnings": warnings,
        "problems": [p.to_dict() for p in sorted(problems)],
    }, indent=2, ensure_ascii=False)
