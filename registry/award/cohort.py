"""Read an award CSV (one row per recipient) and refuse, all at once, what would be signed wrong.

A signed award is permanent, so the header is checked against the rubric before any row is read:
an unknown column (a `valid-until` typo would sign awards with no expiry), a column given twice, a
result column for no criterion, a criterion with no column. Then every row is read and each bad row
is named by its line, with a hint that names the CSV column to fix, never a command-line flag.
"""
from __future__ import annotations

import csv
import difflib
import io
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CredregError
from ..model import Rubric
from ..ob3.recipient import normalise_email

COLUMNS = ("email", "name", "evidence", "valid_until")
RESULT_PREFIX = "result:"
MAX_BYTES = 64 * 1024 * 1024  # a cohort file, not a database dump: bounded before it is parsed
COLUMNS_HINT = ("columns: email (required), name, evidence, valid_until, and result:<criterion-id> for each "
                "criterion of the rubric")


@dataclass(frozen=True)
class RowProblem:
    """One thing wrong with one line of the CSV (line 1 is the header)."""

    line: int
    message: str
    hint: str


@dataclass(frozen=True)
class Row:
    """One recipient's award request as the CSV gives it: text cells, not yet checked against the rubric."""

    line: int
    email: str
    name: str | None = None
    evidence: tuple[str, ...] = ()
    valid_until: str = ""
    results: dict[str, str] = field(default_factory=dict)


def rows_error(csv_path: Path, problems: list[RowProblem]) -> CredregError:
    """The one error that names every problem of an award CSV, by line (nothing is written then)."""
    problems = sorted(problems, key=lambda p: p.line)
    if len(problems) == 1:
        one = problems[0]
        return CredregError(f"{csv_path}:{one.line}: {one.message}", f"{one.hint} (nothing was written)")
    lines = "".join(f"\n  {csv_path}:{p.line}: {p.message}\n    hint: {p.hint}" for p in problems)
    rows = len({p.line for p in problems})
    return CredregError(f"{csv_path} has {len(problems)} problems in {rows} line{'s' * (rows != 1)}:{lines}",
                        "fix every line named and run the command again (nothing was written)")


def _text(csv_path: Path) -> str:
    """The file's text, bounded and decoded (a BOM is fine)."""
    try:
        with csv_path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        raise CredregError(f"cannot read {csv_path}: {exc.strerror or exc}", "give a readable CSV file") from None
    if len(data) > MAX_BYTES:
        raise CredregError(f"{csv_path} is larger than {MAX_BYTES // (1024 * 1024)} MiB",
                           "split the cohort into several CSV files")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CredregError(f"{csv_path} is not UTF-8 text (byte {exc.start + 1})",
                           "save the CSV as UTF-8 (spreadsheets offer 'CSV UTF-8')") from None


def _header_problems(header: list[str], rubric: Rubric) -> list[RowProblem]:
    """Everything wrong with the header line, checked against the rubric the awards are assessed on."""
    criteria = [c.id for c in rubric.criteria]
    known = list(COLUMNS) + [RESULT_PREFIX + c for c in criteria]
    problems: list[RowProblem] = []
    seen: set[str] = set()
    for number, name in enumerate(header, start=1):
        if name in seen:
            problems.append(RowProblem(1, f"column {number}, {name!r}, is given twice",
                                       "keep one column of each name: a second would silently replace the first"))
        seen.add(name)
        if name in known:
            continue
        if name.startswith(RESULT_PREFIX):
            problems.append(RowProblem(1, f"column {name!r}: rubric v{rubric.version} has no criterion "
                                          f"{name[len(RESULT_PREFIX):]!r}",
                                       f"criteria: {', '.join(criteria)}"))
            continue
        close = difflib.get_close_matches(name.lower().replace("-", "_").replace(" ", "_"), known, n=1, cutoff=0.6)
        problems.append(RowProblem(1, f"unknown column {name!r}" + (f" (did you mean {close[0]!r}?)" if close else ""),
                                   COLUMNS_HINT))
    if "email" not in seen:
        problems.append(RowProblem(1, "the header has no 'email' column", COLUMNS_HINT))
    missing = [c for c in criteria if RESULT_PREFIX + c not in seen]
    if missing:
        problems.append(RowProblem(1, f"no result column for criterion {', '.join(map(repr, missing))} of rubric "
                                      f"v{rubric.version}",
                                   "add a column " + ", ".join(RESULT_PREFIX + c for c in missing)
                                   + " (every criterion needs a result)"))
    return problems


def read(csv_path: Path, rubric: Rubric) -> tuple[list[Row], list[RowProblem]]:
    """The CSV's good rows and the problems of the others; raises `rows_error` if the header itself is wrong.

    The caller goes on checking the good rows, so that one run reports every bad row."""
    text = _text(csv_path)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1  # the line the row being read starts on: a broken quote is reported where it opened
    try:
        header = [name.strip() for name in next(reader, [])]
        if not any(header):
            raise CredregError(f"{csv_path} is empty",
                               "the first line is the header: email,name,evidence,valid_until,result:<criterion>")
        problems = _header_problems(header, rubric)
        if problems:
            raise rows_error(csv_path, problems)
        rows: list[Row] = []
        emails: dict[str, int] = {}
        start = reader.line_num + 1
        for cells in reader:
            line, start = start, reader.line_num + 1
            if not any(cell.strip() for cell in cells):
                continue
            if len(cells) > len(header):
                problems.append(RowProblem(line, f"has {len(cells)} cells, the header {len(header)}",
                                           "quote a cell that contains a comma, or remove the extra cells"))
                continue
            values = dict(zip(header, (cell.strip() for cell in cells)))
            email = values.get("email", "")
            if not email:
                problems.append(RowProblem(line, "the email cell is empty", "give the recipient's email in the "
                                                                           "email column"))
                continue
            first = emails.setdefault(normalise_email(email), line)
            if first != line:
                problems.append(RowProblem(line, f"{email} is also on line {first}",
                                           "one row per recipient: remove one of the two rows"))
                continue
            rows.append(Row(line, email, values.get("name") or None, tuple(values.get("evidence", "").split()),
                            values.get("valid_until", ""),
                            {k[len(RESULT_PREFIX):]: v for k, v in values.items() if k.startswith(RESULT_PREFIX)}))
    except csv.Error as exc:
        raise CredregError(f"{csv_path}:{start}: not a valid CSV line: {exc}",
                           "a quoted cell must end with a quote; double a quote inside one (\"\")") from None
    if not rows and not problems:
        raise CredregError(f"{csv_path} has no rows", "add one row per recipient below the header")
    return rows, problems
