"""The pilot's result computed by hand for a small pilot, groups with nobody to measure, and verification links."""
from __future__ import annotations

from pathlib import Path

import pytest
from pilot_support import SMALL, write_csv

from registry.pilot.analysis import analyse
from registry.pilot.outcomes import read_outcomes
from registry.pilot.verifications import Verification

SITE = "https://r.example/credentials/"


def test_small_pilot_by_hand(tmp_path: Path) -> None:
    """Badged: 4 candidates, 3 shortlisted, 2 hired after 10 and 20 days (median 15, q1 12.5, q3 17.5), scores
    5 and 4. Control: 3, 1 shortlisted and hired after 20 days, score 3. Days: badged resamples have median 10,
    15 or 20, control always 20, so the interval is [-10, 0]."""
    result = analyse(read_outcomes(write_csv(tmp_path, SMALL)), seed=1, resamples=2000).to_dict()
    assert result["groups"] == {
        "badged": {"n": 4, "time_to_hire_days": {"median": 15.0, "q1": 12.5, "q3": 17.5}, "shortlist_rate": 0.75,
                   "hire_rate": 0.5, "satisfaction": 4.5, "shortlisted": 3, "hired": 2, "satisfaction_answers": 2},
        "control": {"n": 3, "time_to_hire_days": {"median": 20.0, "q1": 20.0, "q3": 20.0}, "shortlist_rate": 0.3333,
                    "hire_rate": 0.3333, "satisfaction": 3.0, "shortlisted": 1, "hired": 1, "satisfaction_answers": 1},
    }
    difference = result["difference"]
    assert difference["time_to_hire_days"] == {"estimate": -5.0, "ci95": [-10.0, 0.0]}
    assert [difference[m]["estimate"] for m in ("shortlist_rate", "hire_rate", "satisfaction")] == [0.4167, 0.1667, 1.5]
    for measure in ("shortlist_rate", "hire_rate", "satisfaction"):
        low, high = difference[measure]["ci95"]
        assert low <= difference[measure]["estimate"] <= high
    assert result["verification"] is None  # no reports given: no rate, not a rate of 0
    assert result["period"] == {"first_applied": "2026-09-01", "last_applied": "2026-09-06"}
    assert result["method"]["resamples"] == 2000 and result["method"]["seed"] == 1


def test_the_issue_json_shape(tmp_path: Path) -> None:
    result = analyse(read_outcomes(write_csv(tmp_path, SMALL))).to_dict()
    assert set(result) == {"version", "groups", "difference", "verification", "period", "method"}
    for group in result["groups"].values():
        assert {"n", "time_to_hire_days", "shortlist_rate", "hire_rate", "satisfaction"} <= set(group)
        assert set(group["time_to_hire_days"]) == {"median", "q1", "q3"}
    assert set(result["difference"]) == {"time_to_hire_days", "shortlist_rate", "hire_rate", "satisfaction"}


@pytest.mark.parametrize(("rows", "nulls"), [
    pytest.param(["b1,badged,2026-09-01,yes,,,", "c1,control,2026-09-01,yes,2026-09-05,4,"],
                 {"time_to_hire_days", "satisfaction"}, id="badged without hires or scores"),
    pytest.param(["c1,control,2026-09-01,yes,2026-09-05,4,"],
                 {"time_to_hire_days", "shortlist_rate", "hire_rate", "satisfaction"}, id="no badged candidates"),
])
def test_a_group_with_nobody_to_measure_gives_null(tmp_path: Path, rows: list[str], nulls: set[str]) -> None:
    result = analyse(read_outcomes(write_csv(tmp_path, rows))).to_dict()
    assert {m for m, d in result["difference"].items() if d is None} == nulls
    badged = result["groups"]["badged"]
    assert badged["time_to_hire_days"] == {"median": None, "q1": None, "q3": None}
    assert badged["satisfaction"] is None and badged["satisfaction_answers"] == 0


def test_verifications_link_to_groups_by_credential_id_or_url(tmp_path: Path) -> None:
    rows = read_outcomes(write_csv(tmp_path, [
        "b1,badged,2026-09-01,yes,,,aaa1", f"b2,badged,2026-09-01,no,,,{SITE}bbb2.json",
        "c1,control,2026-09-01,no,,,ccc3", "c2,control,2026-09-01,no,,,"]))
    found = [Verification("r1", 0, "files/aaa1.json", f"{SITE}aaa1.json", "valid"),
             Verification("r1", 1, "files/bbb2.json", f"{SITE}bbb2.json", "revoked"),
             Verification("r2", 0, f"{SITE}bbb2.json", None, "cannot verify"),
             Verification("r2", 1, "ccc3.json", f"{SITE}ccc3.json", "expired"),
             Verification("r2", 2, "elsewhere.json", "https://other.example/x.json", "invalid")]
    v = analyse(rows, found, reports=2).to_dict()["verification"]
    assert v == {
        "reports": 2, "verifications": 5, "failures": 4, "failure_rate": 0.8,
        "verdicts": {"cannot verify": 1, "expired": 1, "invalid": 1, "revoked": 1, "valid": 1},
        "groups": {"badged": {"verifications": 3, "failures": 2, "failure_rate": 0.6667},
                   "control": {"verifications": 1, "failures": 1, "failure_rate": 1.0}},
        "unlinked": 1,
        "failed": [{"candidate": "b2", "group": "badged", "credential": f"{SITE}bbb2.json", "verdict": "revoked"},
                   {"candidate": "b2", "group": "badged", "credential": f"{SITE}bbb2.json", "verdict": "cannot verify"},
                   {"candidate": "c1", "group": "control", "credential": f"{SITE}ccc3.json", "verdict": "expired"},
                   {"candidate": None, "group": None, "credential": "https://other.example/x.json",
                    "verdict": "invalid"}],
    }


def test_no_verifications_in_the_reports_is_a_rate_of_nobody(tmp_path: Path) -> None:
    v = analyse(read_outcomes(write_csv(tmp_path, SMALL)), [], reports=1).to_dict()["verification"]
    assert (v["verifications"], v["failure_rate"], v["groups"]["badged"]["failure_rate"]) == (0, None, None)
