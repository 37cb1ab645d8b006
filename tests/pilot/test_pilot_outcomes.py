"""Reading the outcomes CSV: what a good export gives, and every bad one's exact error (file, line, column, fix)."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pilot_support import HEADER, write_csv

from registry.pilot import outcomes
from registry.pilot.outcomes import Outcome, read_outcomes
from registry.pilot.problems import PilotInputError

GOOD = "b1,badged,2026-09-01,yes,2026-09-11,5,c541f63b1e72cfa9"
C = "c1,control,2026-09-01,no,,,"


def test_rows_are_read_with_their_lines(tmp_path: Path) -> None:
    path = write_csv(tmp_path, [GOOD, "", C, "u1,badged,2026-09-02,YES,2026-09-30,,https://r.example/credentials/a1.json"])
    rows = read_outcomes(path, "outcomes.csv")
    assert rows == (
        Outcome(2, "b1", "badged", date(2026, 9, 1), True, date(2026, 9, 11), 5, "c541f63b1e72cfa9"),
        Outcome(4, "c1", "control", date(2026, 9, 1), False, None, None, None),
        Outcome(5, "u1", "badged", date(2026, 9, 2), True, date(2026, 9, 30), None, "https://r.example/credentials/a1.json"),
    )
    assert [r.days_to_hire for r in rows] == [10, None, 28]


def test_bom_any_column_order_spaces_and_no_credential_column(tmp_path: Path) -> None:
    path = tmp_path / "ats.csv"
    path.write_bytes(b"\xef\xbb\xbfGroup, candidate ,applied,hired,shortlisted,satisfaction\r\n"
                     b"control,x-9,2026-10-01,2026-10-05,yes,3\r\n")
    assert read_outcomes(path) == (Outcome(2, "x-9", "control", date(2026, 10, 1), True, date(2026, 10, 5), 3, None),)


def _row(**changes: str) -> str:
    values = dict(zip(HEADER.split(","), GOOD.split(",")))
    values.update(changes)
    return ",".join(values.values())


CASES = [
    # (id, file content as text or bytes, line, column, message, hint start)
    pytest.param("", 0, "", "the file is empty", "the first line names", id="empty file"),
    pytest.param(HEADER + "\n", 0, "", "no candidates: the file has a header but no rows", "export the pilot",
                 id="header only"),
    pytest.param("candidate,group,applied,shortlisted,hired\nb1,badged,2026-09-01,yes,\n", 1, "header",
                 "no column 'satisfaction'", "the first line names", id="missing column"),
    pytest.param(HEADER + ",group\n", 1, "column 'group'", "appears twice in the header", "keep one", id="column twice"),
    pytest.param(HEADER + ",email\n" + GOOD + ",b1@example.net\n", 1, "column 'email'",
                 "an email column: credreg pilot never reads or contacts candidates' emails", "remove the column",
                 id="email column refused"),
    pytest.param(HEADER + ",notes\n", 1, "column 'notes'", "is not a column credreg pilot reads", "the first line",
                 id="unknown column"),
    pytest.param(HEADER + "\n" + GOOD + ",extra\n", 2, "", "8 values, but the header names 7 columns",
                 "give one value per column", id="too many values"),
    pytest.param(HEADER + "\n" + _row(candidate="") + "\n", 2, "column 'candidate'", "is empty", "give each",
                 id="no candidate"),
    pytest.param(HEADER + "\n" + _row(candidate="ada@example.net") + "\n", 2, "column 'candidate'",
                 "looks like an email address; the pilot holds no emails", "use the candidate's pseudonymous",
                 id="email as candidate"),
    pytest.param(HEADER + "\n" + _row(candidate="x" * 129) + "\n", 2, "column 'candidate'",
                 "is over 128 characters", "use the candidate's short", id="candidate too long"),
    pytest.param(HEADER + "\n" + _row(candidate="b\u202e1") + "\n", 2, "column 'candidate'",
                 "holds a control or invisible character, a line break, or is over 2,048 characters", "export plain",
                 id="bidi override in candidate"),
    pytest.param(HEADER + '\n"b\n1",badged,2026-09-01,yes,,,\n', 3, "column 'candidate'",
                 "holds a control or invisible character, a line break, or is over 2,048 characters", "export plain",
                 id="line break inside a quoted value"),
    pytest.param(HEADER + "\n" + _row(group="treatment") + "\n", 2, "column 'group'",
                 "is 'treatment', not badged or control", "write badged", id="unknown group"),
    pytest.param(HEADER + "\n" + _row(applied="") + "\n", 2, "column 'applied'", "is empty", "give the application",
                 id="no application date"),
    pytest.param(HEADER + "\n" + _row(applied="01/09/2026") + "\n", 2, "column 'applied'",
                 "'01/09/2026' is not a date", "write dates as YYYY-MM-DD", id="date in another format"),
    pytest.param(HEADER + "\n" + _row(applied="20260901") + "\n", 2, "column 'applied'",
                 "'20260901' is not a date", "write dates as YYYY-MM-DD", id="basic ISO date refused"),
    pytest.param(HEADER + "\n" + _row(applied="2026-02-30") + "\n", 2, "column 'applied'",
                 "2026-02-30 is no such day", "check the month", id="no such day"),
    pytest.param(HEADER + "\n" + _row(shortlisted="maybe") + "\n", 2, "column 'shortlisted'",
                 "is 'maybe', not yes or no", "write yes or no", id="shortlisted not yes or no"),
    pytest.param(HEADER + "\n" + _row(shortlisted="") + "\n", 2, "column 'shortlisted'",
                 "is empty, not yes or no", "write yes or no", id="shortlisted empty"),
    pytest.param(HEADER + "\n" + _row(hired="2026-08-31") + "\n", 2, "column 'hired'",
                 "2026-08-31 is before the application on 2026-09-01", "check both dates", id="hired before applied"),
    pytest.param(HEADER + "\n" + _row(shortlisted="no") + "\n", 2, "column 'hired'",
                 "a hire of a candidate who was not shortlisted", "write shortlisted yes", id="hired not shortlisted"),
    pytest.param(HEADER + "\n" + _row(satisfaction="6") + "\n", 2, "column 'satisfaction'",
                 "is '6', not a whole number from 1 to 5", "write the client's score", id="satisfaction 6"),
    pytest.param(HEADER + "\n" + _row(satisfaction="4.5") + "\n", 2, "column 'satisfaction'",
                 "is '4.5', not a whole number from 1 to 5", "write the client's score", id="satisfaction not whole"),
    pytest.param(HEADER + "\n" + _row(credential="http://r.example/credentials/a.json") + "\n", 2,
                 "column 'credential'", "'http://r.example/credentials/a.json' is neither a credential id nor an "
                 "https URL", "give the credential's id", id="credential over http"),
    pytest.param(HEADER + "\n" + _row(credential="https://ada@r.example/c.json") + "\n", 2,
                 "column 'credential'", "'https://ada@r.example/c.json' is neither a credential id nor an https URL",
                 "give the credential's id", id="credential URL with user info"),
    pytest.param(HEADER + "\n" + _row(credential="../../etc") + "\n", 2, "column 'credential'",
                 "'../../etc' is neither a credential id nor an https URL", "give the credential's id",
                 id="credential path"),
    pytest.param(HEADER + "\n" + GOOD + "\n" + C + "\n" + _row(credential="") + "\n", 4, "column 'candidate'",
                 "'b1' is already on line 2", "keep one row per candidate", id="duplicate candidate"),
    pytest.param(HEADER + "\n" + GOOD + "\n" + _row(candidate="b2") + "\n", 3, "column 'credential'",
                 "'c541f63b1e72cfa9' is already on line 2", "a credential belongs to one candidate",
                 id="one credential, two candidates"),
    pytest.param(HEADER.encode() + b"\n" + GOOD.encode() + b"\nb2,badged,2026-09-01,yes,,,\xff\n", 3, "",
                 "byte 0xff is not valid UTF-8", "save the export as UTF-8", id="not UTF-8"),
    pytest.param(HEADER + '\n"b1,badged,2026-09-01,yes,,,\n', 2, "", "not readable as CSV (unexpected end of data)",
                 "export the file again", id="unclosed quote"),
    pytest.param(HEADER + "\nb1\x00,badged,2026-09-01,yes,,,\n", 2, "column 'candidate'",
                 "holds a control or invisible character, a line break, or is over 2,048 characters", "export plain",
                 id="NUL byte"),
]


@pytest.mark.parametrize(("content", "line", "where", "message", "hint"), CASES)
def test_bad_export(tmp_path: Path, content: str | bytes, line: int, where: str, message: str, hint: str) -> None:
    path = tmp_path / "outcomes.csv"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(PilotInputError) as caught:
        read_outcomes(path, "outcomes.csv")
    error = caught.value
    assert (error.file, error.line, error.where, error.detail) == ("outcomes.csv", line, where, message)
    assert error.hint.startswith(hint)
    located = f"outcomes.csv:{line}: " if line else "outcomes.csv: "
    assert error.message == located + (f"{where}: " if where else "") + message


def test_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [f"c{i},control,2026-09-01,no,,," for i in range(4)]
    path = write_csv(tmp_path, rows)
    monkeypatch.setattr(outcomes, "MAX_ROWS", 3)
    with pytest.raises(PilotInputError, match=r"^outcomes.csv:5: more than 3 candidates$"):
        read_outcomes(path, "outcomes.csv")
    monkeypatch.setattr(outcomes, "MAX_OUTCOMES_BYTES", 100)
    with pytest.raises(PilotInputError, match=r"^outcomes.csv: the file is over 100 bytes$"):
        read_outcomes(path, "outcomes.csv")


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PilotInputError, match=r"^nowhere.csv: cannot be read \(No such file or directory\)$"):
        read_outcomes(tmp_path / "nowhere.csv", "nowhere.csv")
