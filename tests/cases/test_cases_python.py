"""The shared case table (tests/cases/*/*.json, README.md here) run by the Python verifier.

Each case goes through `verify_sources`, the entry `credreg verify` uses, with a Fetcher that answers only
from the case's `documents` (any other URL is HTTP 404; nothing touches the network). The issuers it trusts
are what the CLI would be given: the case's `siteUrl` stands for `--trust <siteUrl>api/issuers.json` (the
registry the page would be served by) and each of `trust` for a `--trust` file. The verdict and every named
step outcome must be exactly as the case says, and every failing step must be named.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from case_table import CaseError, case_files, load_case, mismatches, run_case

FILES = case_files()


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_case(path: Path, tmp_path: Path) -> None:
    case = load_case(path)
    result = run_case(case, tmp_path)
    got = [(s.name, s.outcome.value) for s in result.steps]
    problems = mismatches(case.expect, result.verdict.value, got)
    assert not problems, f"{case.id} ({case.data['about']}):\n  " + "\n  ".join(problems) + "\n" + "\n".join(
        f"    [{s.outcome.value}] {s.name}: {s.detail}" for s in result.steps)


def test_every_topic_folder_is_read() -> None:
    """Cases of any topic are run: the table is not a fixed list of folders."""
    topics = {p.parent.name for p in FILES}
    assert {"registry", "identity", "verdicts"} <= topics, topics
    assert len(FILES) >= 15


@pytest.mark.parametrize("change, message", [
    ({"name": "other"}, "`name` must be the file's name"),
    ({"about": ""}, "`about` (one line"),
    ({"browser": {"expect": {"verdict": "valid"}}}, "must say `why`"),
    ({"expect": {"verdict": "fine"}}, "is not one of"),
    ({"expect": {"verdict": "valid", "steps": {"issuer": "ok"}}}, "must be one of"),
    ({"credential": {"status": 404}}, "credential must be a SOURCE"),
    ({"extra": 1}, "unknown members ['extra']"),
])
def test_malformed_cases_are_refused(tmp_path: Path, change: dict[str, Any], message: str) -> None:
    folder = tmp_path / "topic"
    folder.mkdir()
    case = {"name": "x", "about": "a case", "credential": {"json": {}}, "now": "2026-01-01T00:00:00Z",
            "expect": {"verdict": "invalid"}, **change}
    (folder / "x.json").write_text(json.dumps(case))
    with pytest.raises(CaseError, match=re.escape(message)):
        load_case(folder / "x.json")
