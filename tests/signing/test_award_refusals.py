"""Awarding refuses what would be signed wrong: a signed award is permanent, only a revocation undoes it.

Each case names the exact error; after a refusal no award (and no status list) was written.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest
from support import award_for, fixture_signing_key

from registry.award import issue
from registry.award.issue import parse_results
from registry.check import check_registry
from registry.cli import main
from registry.errors import CredregError, UsageError
from registry.keys.store import to_json

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)
COLUMNS = ("columns: email (required), name, evidence, valid_until, and result:<criterion-id> for each criterion "
           "of the rubric")
HEADER_HINT = COLUMNS + " (nothing was written)"


def ctx_for(root: Path) -> issue.Context:
    return issue.open_registry(root, fixture_signing_key("acme"), NOW)


def awards(root: Path) -> list[str]:
    return sorted(p.name for p in root.glob("credentials/*/*/awards/*.json"))


@dataclass(frozen=True)
class CsvCase:
    """A CSV and the exact error its award run must stop with; `{csv}` stands for the file's path."""

    name: str
    text: str
    message: str
    hint: str


CSV_CASES = [
    CsvCase("a valid-until typo", "email,result:quality,valid-until\na@example.net,good,2027-01-01\n",
            "{csv}:1: unknown column 'valid-until' (did you mean 'valid_until'?)", HEADER_HINT),
    CsvCase("an unknown column", "email,result:quality,grade\na@example.net,good,A\n",
            "{csv}:1: unknown column 'grade'", HEADER_HINT),
    CsvCase("a column given twice", "email,result:quality,result:quality\na@example.net,good,fair\n",
            "{csv}:1: column 3, 'result:quality', is given twice",
            "keep one column of each name: a second would silently replace the first (nothing was written)"),
    CsvCase("a result column for no criterion", "email,result:quality,result:qualty\na@example.net,good,good\n",
            "{csv}:1: column 'result:qualty': rubric v1 has no criterion 'qualty'",
            "criteria: quality (nothing was written)"),
    CsvCase("no result column for a criterion", "email,name\na@example.net,Ann\n",
            "{csv}:1: no result column for criterion 'quality' of rubric v1",
            "add a column result:quality (every criterion needs a result) (nothing was written)"),
    CsvCase("no email column", "mail,result:quality\na@example.net,good\n",
            "{csv} has 2 problems in 1 line:\n"
            "  {csv}:1: unknown column 'mail' (did you mean 'email'?)\n    hint: " + COLUMNS + "\n"
            "  {csv}:1: the header has no 'email' column\n    hint: " + COLUMNS,
            "fix every line named and run the command again (nothing was written)"),
    CsvCase("the same email twice", "email,result:quality\na@example.net,good\nb@example.net,good\nA@Example.NET ,good\n",
            "{csv}:4: A@Example.NET is also on line 2",
            "one row per recipient: remove one of the two rows (nothing was written)"),
    CsvCase("an empty result cell names the column", "email,result:quality\na@example.net,\n",
            "{csv}:2: no result for criterion 'quality' of rubric v1",
            "add a level in the result:quality column (levels: good, fair) (nothing was written)"),
    CsvCase("a bad email names the column", "email,result:quality\nnot-an-email,good\n",
            "{csv}:2: 'not-an-email' is not an email address",
            "give the recipient's email in the email column (nothing was written)"),
    CsvCase("a bad date names the column", "email,result:quality,valid_until\na@example.net,good,30/06/2027\n",
            "{csv}:2: valid_until '30/06/2027' is not a date (2026-01-31) or date-time (2026-01-31T09:00:00Z)",
            "write it like 2027-06-30 in the valid_until column (nothing was written)"),
    CsvCase("an expiry before the award names the column", "email,result:quality,valid_until\na@example.net,good,2026-01-01\n",
            "{csv}:2: validUntil 2026-01-01T23:59:59Z is not after the award date 2026-03-02T10:00:00Z",
            "give a later date in the valid_until column (nothing was written)"),
    CsvCase("more cells than the header", "email,result:quality\na@example.net,good,extra\n",
            "{csv}:2: has 3 cells, the header 2",
            "quote a cell that contains a comma, or remove the extra cells (nothing was written)"),
    CsvCase("an unclosed quote", 'email,result:quality\n"a@example.net,good\n',
            "{csv}:2: not a valid CSV line: unexpected end of data",
            'a quoted cell must end with a quote; double a quote inside one ("")'),
    CsvCase("every bad row in one run", "email,result:quality\na@example.net,fair\nb@example.net,good\n"
            "c@example.net,great\nnope,good\na@example.net,good\n",
            "{csv} has 4 problems in 4 lines:\n"
            "  {csv}:2: these results total 2 points; rubric v1 needs 3 to pass\n"
            "    hint: only award the badge to candidates who passed\n"
            "  {csv}:4: criterion 'quality' has no level 'great'\n    hint: levels: good, fair\n"
            "  {csv}:5: 'nope' is not an email address\n    hint: give the recipient's email in the email column\n"
            "  {csv}:6: a@example.net is also on line 2\n    hint: one row per recipient: remove one of the two rows",
            "fix every line named and run the command again (nothing was written)"),
    CsvCase("an unclosed quote with rows after it", 'email,result:quality\na@example.net,good\n"b@example.net,good\n'
            + "c@example.net,good\n" * 5, "{csv}:3: not a valid CSV line: unexpected end of data",
            'a quoted cell must end with a quote; double a quote inside one ("")'),
    CsvCase("the header only", "email,result:quality\n", "{csv} has no rows",
            "add one row per recipient below the header"),
    CsvCase("an empty file", "", "{csv} is empty",
            "the first line is the header: email,name,evidence,valid_until,result:<criterion>"),
]


@pytest.mark.parametrize("case", CSV_CASES, ids=[c.name for c in CSV_CASES])
def test_csv_refusals(case: CsvCase, signing_registry: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "cohort.csv"
    csv_file.write_text(case.text, encoding="utf-8")
    with pytest.raises(CredregError) as info:
        issue.award_csv(ctx_for(signing_registry), "acme/intro-python", csv_file, NOW, random.Random(4))
    assert (info.value.message, info.value.hint) == (case.message.format(csv=csv_file), case.hint)
    assert awards(signing_registry) == [] and not (signing_registry / "credentials/acme/status").exists()


def test_a_csv_that_is_not_utf8(signing_registry: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "cohort.csv"
    csv_file.write_bytes("email,name,result:quality\na@example.net,Zoë,good\n".encode("latin-1"))
    with pytest.raises(CredregError) as info:
        issue.award_csv(ctx_for(signing_registry), "acme/intro-python", csv_file, NOW)
    assert (info.value.message, info.value.hint) == (f"{csv_file} is not UTF-8 text (byte 43)",
                                                     "save the CSV as UTF-8 (spreadsheets offer 'CSV UTF-8')")


REPEAT_HINT = "to give a new validity period, renew it: credreg renew {cid}; if they were assessed again, pass --retake"


def test_the_same_person_again_is_refused_unless_a_retake(signing_registry: Path, tmp_path: Path) -> None:
    first = award_for(signing_registry, NOW, results={"quality": "good"}, retake=False)
    message = (f"{{}} already holds Intro to Python (acme/intro-python): credential {first.stem}, "
               "awarded 2026-03-02T10:00:00Z")
    with pytest.raises(CredregError) as info:  # the email is matched as the hash matches it: case and spaces aside
        issue.award_one(ctx_for(signing_registry), "acme/intro-python", " ADA@example.net", NOW,
                        results={"quality": "good"})
    assert (info.value.message, info.value.hint) == (message.format("ADA@example.net"),
                                                     REPEAT_HINT.format(cid=first.stem))
    csv_file = tmp_path / "cohort.csv"
    csv_file.write_text("email,result:quality\nbo@example.net,good\nada@example.net,good\n", encoding="utf-8")
    with pytest.raises(CredregError) as info:
        issue.award_csv(ctx_for(signing_registry), "acme/intro-python", csv_file, NOW)
    assert (info.value.message, info.value.hint) == (f"{csv_file}:3: {message.format('ada@example.net')}",
                                                     REPEAT_HINT.format(cid=first.stem) + " (nothing was written)")
    assert awards(signing_registry) == [first.name]
    again = issue.award_csv(ctx_for(signing_registry), "acme/intro-python", csv_file, NOW, retake=True)
    assert len(again) == 2 and check_registry(signing_registry).problems == ()


def test_a_revoked_award_does_not_block_a_new_one(signing_registry: Path) -> None:
    first = award_for(signing_registry, NOW, results={"quality": "good"}, retake=False)
    issue.revoke(ctx_for(signing_registry), first.stem, "assessment redone", NOW)
    second = award_for(signing_registry, NOW, results={"quality": "good"}, retake=False, seed=2)
    assert sorted(awards(signing_registry)) == sorted([first.name, second.name])


@pytest.mark.parametrize("pairs, message, hint", [
    pytest.param(["quality=good", "quality=fair"], "--result gives criterion 'quality' twice ('good', then 'fair')",
                 "give one --result quality=LEVEL", id="a criterion given twice"),
    pytest.param(["quality = good", "quality=good"], "--result gives criterion 'quality' twice ('good', then 'good')",
                 "give one --result quality=LEVEL", id="the same pair twice, spaced differently"),
    pytest.param(["quality"], "--result 'quality' is not CRITERION=LEVEL", "e.g. --result quality=exemplary",
                 id="no level"),
])
def test_command_line_results(pairs: list[str], message: str, hint: str) -> None:
    with pytest.raises(UsageError) as info:
        parse_results(pairs)
    assert (info.value.message, info.value.hint) == (message, hint)


def test_the_cli_reports_every_bad_row_and_exits_1(signing_registry: Path, tmp_path: Path,
                                                   capsys: pytest.CaptureFixture[str],
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACME_KEY", to_json(fixture_signing_key("acme")))
    csv_file = tmp_path / "cohort.csv"
    csv_file.write_text("email,result:quality\na@example.net,fair\nb@example.net,great\n", encoding="utf-8")
    code = main(["award", "acme/intro-python", "--csv", str(csv_file), "--key-env", "ACME_KEY",
                 "--root", str(signing_registry)])
    err = capsys.readouterr().err
    assert code == 1 and err.startswith(f"error: {csv_file} has 2 problems in 2 lines:\n  {csv_file}:2: these "
                                        "results total 2 points")
    assert f"  {csv_file}:3: criterion 'quality' has no level 'great'\n" in err and awards(signing_registry) == []
