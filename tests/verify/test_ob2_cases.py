"""The shared table's Open Badges 2.0 cases (tests/cases/ob2/) name every step the Python verifier logs, in order.

The shared runners (tests/cases/test_cases_*.py) check each case's verdict and named outcomes in both runtimes;
the browser only says it verifies 3.0, so nothing there holds the 2.0 verifier to logging no step the case
leaves out. This does, through the same entry (case_table.run_case, as `credreg verify` runs).
"""
from __future__ import annotations

import sys
from pathlib import Path

import pytest
from support import TESTS

sys.path.insert(0, str(TESTS / "cases"))
from case_table import case_files, load_case, run_case  # noqa: E402

FILES = [p for p in case_files() if p.parent.name == "ob2"]


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_ob2_case_names_every_step(path: Path, tmp_path: Path) -> None:
    case = load_case(path)
    assert [s.name for s in run_case(case, tmp_path).steps] == list(case.expect["steps"])


def test_there_are_ob2_cases() -> None:
    assert {p.stem for p in FILES} >= {"hosted-valid", "hosted-valid-trusted", "hosted-revoked", "hosted-id-mismatch",
                                       "signed-valid"}
