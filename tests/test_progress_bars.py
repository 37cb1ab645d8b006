"""Progress on long work comes from tqdm bars, one per stage, and only where a person watches (a terminal)."""
from __future__ import annotations

import io
import random
from datetime import datetime, timezone
from pathlib import Path

import pytest
from support import fixture_signing_key

from registry.award import issue
from registry.check import check_registry
from registry.cli import main
from registry.cli.progress import progress_bars
from registry.keys.store import to_json

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)


def test_award_csv_draws_a_bar_to_the_end(signing_registry: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "cohort.csv"
    csv_file.write_text("email,result:quality\n" + "".join(f"p{i}@example.net,good\n" for i in range(3)))
    out = io.StringIO()
    ctx = issue.open_registry(signing_registry, fixture_signing_key("acme"), NOW)
    issue.award_csv(ctx, "acme/intro-python", csv_file, NOW, random.Random(1), progress=progress_bars(True, out))
    assert "signed: 100%" in out.getvalue() and "3/3" in out.getvalue()


def test_check_draws_its_stages(signing_registry: Path) -> None:
    out = io.StringIO()
    check_registry(signing_registry, progress_bars(True, out))
    assert "scanning:" in out.getvalue() and "checked: 100%" in out.getvalue()


def test_no_bar_off_a_terminal(signing_registry: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                               monkeypatch: pytest.MonkeyPatch) -> None:
    assert progress_bars(False) is None
    monkeypatch.setenv("ACME_KEY", to_json(fixture_signing_key("acme")))
    csv_file = tmp_path / "cohort.csv"
    csv_file.write_text("email,result:quality\na@example.net,good\n")
    assert main(["award", "acme/intro-python", "--csv", str(csv_file), "--key-env", "ACME_KEY",
                 "--root", str(signing_registry)]) == 0
    assert main(["check", "--root", str(signing_registry)]) == 0
    captured = capsys.readouterr()
    assert captured.err == "" and "\r" not in captured.out
