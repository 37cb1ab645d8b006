"""`credreg check --now` lists the credentials expiring within 90 days: valid and unrevoked at that moment,
validUntil in (now, now + 90 days], soonest first, each saying whether it was renewed. Information only:
no problem, no change of exit code, and nothing at all without --now."""
from __future__ import annotations

import json
import random
import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from currency_support import T0, add_sql_badge, award, ctx_for, revoke
from support import MKDOCS_YML, signing_files, write_tree

from registry.award import renew
from registry.check import check_registry
from registry.cli import main
from registry.currency import expiring

NOW = datetime(2026, 12, 2, tzinfo=timezone.utc)


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


# name → validUntil of an award made at T0 (None: the badge class never expires)
UNTIL = {
    "in-30-days": "2027-01-01T00:00:00Z",
    "exactly-90-days": "2027-03-02T00:00:00Z",
    "90-days-and-a-second": "2027-03-02T00:00:01Z",
    "at-now": "2026-12-02T00:00:00Z",
    "expired-yesterday": "2026-12-01T00:00:00Z",
    "revoked": "2026-12-12T00:00:00Z",
    "renewed": "2027-01-31T00:00:00Z",
    "early": "2026-04-01T00:00:00Z",
}


@pytest.fixture(scope="module")
def currency_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """One registry holding an award for each name of UNTIL, a permanent award, and the renewal of `renewed`."""
    base = tmp_path_factory.mktemp("currency")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CREDREG_KEY_DIR", str(base / "keys"))
        patch.setenv("CREDREG_CACHE_DIR", str(base / "cache"))
        root = write_tree(base / "registry", {**signing_files(), "mkdocs.yml": MKDOCS_YML})
        add_sql_badge(root)
        ids = {name: award(root, seed=seed, valid_until=_at(until))
               for seed, (name, until) in enumerate(UNTIL.items(), 10)}
        ids["permanent"] = award(root, badge="acme/intro-python", seed=30)
        revoke(root, ids["revoked"], T0 + timedelta(days=10))
        when = datetime(2026, 11, 1, 9, 0, tzinfo=timezone.utc)
        request = renew.RenewRequest(ids["renewed"], "ada@example.net", when)
        ids["renewal"] = renew.renew(ctx_for(root, when), request, random.Random(40)).stem
        assert check_registry(root).problems == ()
        yield root, ids


WINDOWS = [
    ("2026-12-02T00:00:00Z", ["in-30-days", "renewed", "exactly-90-days"]),
    ("2027-01-01T00:00:00Z", ["renewed", "exactly-90-days", "90-days-and-a-second"]),  # in-30-days ends at now
    ("2026-12-01T00:00:00Z", ["at-now", "in-30-days", "renewed"]),  # expired-yesterday ends at now; revoked left out
    ("2026-03-01T00:00:00Z", []),  # before any award: none valid yet
    ("2026-03-02T10:00:00Z", ["early"]),  # the moment of the awards
    ("2028-01-01T00:00:00Z", []),  # everything has expired, the permanent award never does
]


@pytest.mark.parametrize("now, names", WINDOWS, ids=["now", "a-month-on", "a-day-before", "before-the-awards",
                                                    "at-the-awards", "long-after"])
def test_the_window(currency_registry: tuple[Path, dict[str, str]], now: str, names: list[str]) -> None:
    root, ids = currency_registry
    model = check_registry(root).registry
    assert model is not None
    assert [e.credential_id for e in expiring(model, _at(now))] == [ids[n] for n in names]


def test_text_section_after_the_problems(currency_registry: tuple[Path, dict[str, str]],
                                         capsys: pytest.CaptureFixture[str]) -> None:
    root, ids = currency_registry
    assert main(["check", "--root", str(root), "--now", "2026-12-02"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"ok: {check_registry(root).files} files checked, no problems"
    assert lines[1:] == [
        "",
        "3 credentials expire within 90 days of 2026-12-02:",
        f"  2027-01-01T00:00:00Z  {ids['in-30-days']}  acme/sql-basics  not renewed",
        f"  2027-01-31T00:00:00Z  {ids['renewed']}  acme/sql-basics  renewed by {ids['renewal']}",
        f"  2027-03-02T00:00:00Z  {ids['exactly-90-days']}  acme/sql-basics  not renewed",
    ]


def test_json_expiring_array(currency_registry: tuple[Path, dict[str, str]],
                             capsys: pytest.CaptureFixture[str]) -> None:
    root, ids = currency_registry
    assert main(["check", "--root", str(root), "--now", "2026-12-02T00:00:00Z", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["ok"], report["problems"]) == (True, [])
    assert report["expiring"] == [
        {"id": ids["in-30-days"], "badge": "acme/sql-basics", "validUntil": "2027-01-01T00:00:00Z",
         "renewed": False, "renewedBy": None},
        {"id": ids["renewed"], "badge": "acme/sql-basics", "validUntil": "2027-01-31T00:00:00Z",
         "renewed": True, "renewedBy": ids["renewal"]},
        {"id": ids["exactly-90-days"], "badge": "acme/sql-basics", "validUntil": "2027-03-02T00:00:00Z",
         "renewed": False, "renewedBy": None},
    ]


@pytest.mark.parametrize("argv, after", [
    (("--now", "2026-03-01"), ["", "no credentials expire within 90 days of 2026-03-01"]),
    (("--now", "2026-03-02T10:00:00Z"), ["", "1 credential expires within 90 days of 2026-03-02T10:00:00Z:",
                                         "  2026-04-01T00:00:00Z  {early}  acme/sql-basics  not renewed"]),
    ((), []),
], ids=["none-in-the-window", "a-date-time-is-shown-as-given", "without-now-nothing-is-listed"])
def test_text_other_moments(currency_registry: tuple[Path, dict[str, str]], capsys: pytest.CaptureFixture[str],
                            argv: tuple[str, ...], after: list[str]) -> None:
    root, ids = currency_registry
    assert main(["check", "--root", str(root), *argv]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"ok: {check_registry(root).files} files checked, no problems"
    assert lines[1:] == [line.format(**ids) for line in after]


def test_without_now_json_has_no_expiring_key(currency_registry: tuple[Path, dict[str, str]],
                                              capsys: pytest.CaptureFixture[str]) -> None:
    root, _ = currency_registry
    assert main(["check", "--root", str(root), "--format", "json"]) == 0
    assert "expiring" not in json.loads(capsys.readouterr().out)


def test_a_registry_with_errors_lists_nothing_and_says_why(currency_registry: tuple[Path, dict[str, str]],
                                                            tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, _ = currency_registry
    broken = tmp_path / "broken"
    shutil.copytree(root, broken)
    (broken / "credentials/acme/sql-basics/notes.txt").write_text("x\n")
    assert main(["check", "--root", str(broken), "--now", "2026-12-02"]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        "credentials expiring within 90 days of 2026-12-02 are listed once the registry has no errors")
    assert main(["check", "--root", str(broken), "--now", "2026-12-02", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["expiring"] is None and report["errors"] == 1
