"""Read a pilot's outcomes export (CSV) into validated rows, or stop at the first bad one naming file:line.

The export is personal data about job candidates, so it is kept to what the analysis needs: a pseudonymous
candidate id (an ATS id, never an email: a value with `@` is refused, as is an `email` column), the group,
dates, yes/no, a 1-5 score and optionally the candidate's credential. It is read, never written or sent.
"""
from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlsplit

from .problems import PilotInputError

GROUPS = ("badged", "control")
REQUIRED = ("candidate", "group", "applied", "shortlisted", "hired", "satisfaction")
OPTIONAL = ("credential",)
MAX_OUTCOMES_BYTES = 8 * 1024 * 1024  # far beyond a pilot's export (20,000 rows of 200 bytes is 4 MiB)
MAX_ROWS = 20_000
MAX_CANDIDATE = 128  # characters of a candidate id
MAX_URL = 2048
HEADER_HINT = "the first line names the columns: " + ",".join(REQUIRED) + "[,credential]"
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
Fail = Callable[[str, str, str], PilotInputError]  # column, message, hint → the located error


@dataclass(frozen=True)
class Outcome:
    """One candidate of the pilot: what happened to their application."""

    line: int
    candidate: str
    group: str  # badged | control
    applied: date
    shortlisted: bool
    hired: date | None
    satisfaction: int | None  # the client's 1-5 score, when one was given
    credential: str | None  # a credential id or URL, linking verify reports to this candidate

    @property
    def days_to_hire(self) -> int | None:
        """Days from application to hire, for a hired candidate."""
        return (self.hired - self.applied).days if self.hired is not None else None


def read_outcomes(path: Path, name: str | None = None) -> tuple[Outcome, ...]:
    """Every row of the CSV at `path` (`name` is how errors call it), validated; PilotInputError at the first bad one."""
    name = name or str(path)
    text = _text(path, name)
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next((row for row in reader if row), None)
        if header is None:
            raise PilotInputError(name, 0, "", "the file is empty", HEADER_HINT)
        columns = _header(header, name, reader.line_num)
        rows: list[Outcome] = []
        for fields in reader:
            if not fields or fields == [""]:
                continue  # a blank line
            if len(rows) == MAX_ROWS:
                raise PilotInputError(name, reader.line_num, "", f"more than {MAX_ROWS:,} candidates",
                                      "split the pilot into several exports and run each on its own")
            rows.append(_row(fields, columns, name, reader.line_num))
    except csv.Error as exc:
        raise PilotInputError(name, reader.line_num, "", f"not readable as CSV ({exc})",
                              "export the file again as plain comma-separated values") from None
    if not rows:
        raise PilotInputError(name, 0, "", "no candidates: the file has a header but no rows",
                              "export the pilot's candidates, one row each")
    _no_duplicates(rows, name)
    return tuple(rows)


def _text(path: Path, name: str) -> str:
    """The file as text: bounded, strict UTF-8 (a BOM is fine)."""
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_OUTCOMES_BYTES + 1)
    except OSError as exc:
        raise PilotInputError(name, 0, "", f"cannot be read ({exc.strerror or exc})",
                              "give the path of the outcomes CSV exported from your ATS") from None
    if len(raw) > MAX_OUTCOMES_BYTES:
        raise PilotInputError(name, 0, "", f"the file is over {MAX_OUTCOMES_BYTES:,} bytes",
                              "export only the pilot's candidates and the columns credreg reads")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise PilotInputError(name, line, "", f"byte 0x{raw[exc.start]:02x} is not valid UTF-8",
                              "save the export as UTF-8 (CSV UTF-8 in a spreadsheet)") from None


def _header(header: list[str], name: str, line: int) -> dict[str, int]:
    """Column name → index; every required column once, nothing unknown (an `email` column is refused)."""
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        column = raw.strip().lower()
        if column in columns:
            raise PilotInputError(name, line, f"column {column!r}", "appears twice in the header", "keep one of them")
        if column in ("email", "e-mail", "mail"):
            raise PilotInputError(name, line, f"column {column!r}",
                                  "an email column: credreg pilot never reads or contacts candidates' emails",
                                  "remove the column and identify candidates by a pseudonymous ATS id")
        if column not in REQUIRED + OPTIONAL:
            raise PilotInputError(name, line, f"column {column[:40]!r}", "is not a column credreg pilot reads",
                                  HEADER_HINT)
        columns[column] = index
    missing = [c for c in REQUIRED if c not in columns]
    if missing:
        raise PilotInputError(name, line, "header", "no column " + ", ".join(repr(c) for c in missing), HEADER_HINT)
    return columns


def _row(fields: list[str], columns: dict[str, int], name: str, line: int) -> Outcome:
    if len(fields) != len(columns):
        raise PilotInputError(name, line, "", f"{len(fields)} values, but the header names {len(columns)} columns",
                              "give one value per column (leave a value empty, keep its comma)")

    def value(column: str) -> str:
        text = fields[columns[column]].strip() if column in columns else ""
        if len(text) > MAX_URL or any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in text):
            raise PilotInputError(name, line, f"column {column!r}",
                                  "holds a control or invisible character, a line break, or is over 2,048 characters",
                                  "export plain one-line values")
        return text

    def fail(column: str, message: str, hint: str) -> PilotInputError:
        return PilotInputError(name, line, f"column {column!r}", message, hint)

    candidate = value("candidate")
    if not candidate:
        raise fail("candidate", "is empty", "give each candidate's pseudonymous id from the ATS")
    if "@" in candidate:
        raise fail("candidate", "looks like an email address; the pilot holds no emails",
                   "use the candidate's pseudonymous ATS id instead")
    if len(candidate) > MAX_CANDIDATE:
        raise fail("candidate", f"is over {MAX_CANDIDATE} characters", "use the candidate's short ATS id")
    group = value("group").lower()
    if group not in GROUPS:
        raise fail("group", f"is {_shown(group)}, not badged or control",
                   "write badged (shown with a credential) or control")
    applied = _date(value("applied"), "applied", fail)
    if applied is None:
        raise fail("applied", "is empty", "give the application date as YYYY-MM-DD")
    shortlisted = value("shortlisted").lower()
    if shortlisted not in ("yes", "no"):
        raise fail("shortlisted", f"is {_shown(shortlisted)}, not yes or no", "write yes or no")
    hired = _date(value("hired"), "hired", fail)
    if hired is not None and hired < applied:
        raise fail("hired", f"{hired.isoformat()} is before the application on {applied.isoformat()}",
                   "check both dates; a hire comes after the application")
    if hired is not None and shortlisted == "no":
        raise fail("hired", "a hire of a candidate who was not shortlisted",
                   "write shortlisted yes for every hired candidate, or check the hire")
    return Outcome(line, candidate, group, applied, shortlisted == "yes", hired,
                   _satisfaction(value("satisfaction"), fail), _credential(value("credential"), fail))


def _shown(text: str) -> str:
    return repr(text[:40]) if text else "empty"


def _date(text: str, column: str, fail: Fail) -> date | None:
    if not text:
        return None
    if not _DATE.fullmatch(text):
        raise fail(column, f"{_shown(text)} is not a date", "write dates as YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise fail(column, f"{text} is no such day", "check the month and the day") from None


def _satisfaction(text: str, fail: Fail) -> int | None:
    if not text:
        return None
    if text not in ("1", "2", "3", "4", "5"):
        raise fail("satisfaction", f"is {_shown(text)}, not a whole number from 1 to 5",
                   "write the client's score 1-5, or leave it empty when there was none")
    return int(text)


def _credential(text: str, fail: Fail) -> str | None:
    if not text:
        return None
    if text.startswith("https://"):
        parts = urlsplit(text)
        if parts.hostname and "@" not in parts.netloc and not any(ch.isspace() for ch in text):
            return text
    elif _ID.fullmatch(text) and len(text) <= 64:
        return text
    raise fail("credential", f"{_shown(text)} is neither a credential id nor an https URL",
               "give the credential's id (as in its /credentials/<id>/ page) or its https URL, or leave it empty")


def _no_duplicates(rows: list[Outcome], name: str) -> None:
    """One row per candidate, and a credential belongs to one candidate (else reports link ambiguously)."""
    candidates: dict[str, int] = {}
    credentials: dict[str, int] = {}
    for row in rows:
        if row.candidate in candidates:
            raise PilotInputError(name, row.line, "column 'candidate'",
                                  f"{_shown(row.candidate)} is already on line {candidates[row.candidate]}",
                                  "keep one row per candidate (their latest application)")
        candidates[row.candidate] = row.line
        if row.credential is not None:
            if row.credential in credentials:
                raise PilotInputError(name, row.line, "column 'credential'",
                                      f"{_shown(row.credential)} is already on line {credentials[row.credential]}",
                                      "a credential belongs to one candidate: check which one holds it")
            credentials[row.credential] = row.line
