"""`credreg pilot` end to end: exit codes, the JSON, text and HTML reports, escaping, and the shipped example."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pilot_support import EXAMPLE, SMALL, run_cli, write_csv
from support import REPO

HOSTILE = ['<script>alert(1)</script>', '"><img src=x onerror=alert(2)>', "&amp;<svg onload=alert(3)>"]


def _report(folder: Path, credential_ids: list[str], verdict: str = "revoked") -> Path:
    path = folder / "report.json"
    path.write_text(json.dumps({"version": 1, "valid": False, "results": [
        {"source": f"<b>{c}</b>.json", "id": f"https://r.example/credentials/{c}.json", "verdict": verdict,
         "valid": False, "steps": []} for c in credential_ids]}), encoding="utf-8")
    return path


@pytest.mark.parametrize(("argv", "code", "stderr"), [
    pytest.param([], 2, "error: credreg pilot: the following arguments are required: OUTCOMES.csv", id="no file"),
    pytest.param(["{csv}", "--format", "pdf"], 2, "error: credreg pilot: argument --format: invalid choice: 'pdf'",
                 id="unknown format"),
    pytest.param(["{csv}", "--resamples", "10"], 2,
                 "error: credreg pilot: argument --resamples: --resamples must be from 200 to 50,000, not 10",
                 id="too few resamples"),
    pytest.param(["{csv}", "--resamples", "1e9"], 2,
                 "error: credreg pilot: argument --resamples: '1e9' is not a whole number", id="resamples not a number"),
    pytest.param(["{csv}", "--seed", "-1"], 2,
                 "error: credreg pilot: argument --seed: --seed must be from 0 to 4,294,967,295, not -1",
                 id="negative seed"),
    pytest.param(["{dir}/missing.csv"], 1, "error: {dir}/missing.csv: cannot be read (No such file or directory)",
                 id="missing outcomes file"),
    pytest.param(["{bad}"], 1, "error: {bad}:2: column 'group': is 'treatment', not badged or control\n"
                 "  hint: write badged (shown with a credential) or control", id="bad row"),
    pytest.param(["{csv}", "--verifications", "{csv}"], 1,
                 "error: {csv}:1: not a verify report: not JSON (Expecting value)", id="a CSV as a report"),
    pytest.param(["{csv}", "--out", "{csv}"], 1, "error: cannot write {csv}/pilot.txt: File exists",
                 id="out is a file"),
])
def test_exit_codes(tmp_path: Path, argv: list[str], code: int, stderr: str) -> None:
    csv = write_csv(tmp_path, SMALL)
    bad = write_csv(tmp_path, ["x1,treatment,2026-09-01,no,,,"], name="bad.csv")
    names = {"csv": str(csv), "dir": str(tmp_path), "bad": str(bad)}
    got = run_cli(["pilot", *(a.format(**names) for a in argv)])
    assert (got[0], got[1]) == (code, "")
    assert got[2].startswith(stderr.format(**names)), got[2]
    assert "Traceback" not in got[2]


def test_json_on_stdout_and_text_into_a_folder(tmp_path: Path) -> None:
    csv = write_csv(tmp_path, SMALL)
    code, out, _ = run_cli(["pilot", str(csv), "--format", "json", "--seed", "1", "--resamples", "2000",
                            "--verifications", str(_report(tmp_path, ["c541f63b1e72cfa9", "zzz"]))])
    result = json.loads(out)
    assert code == 0 and result["difference"]["time_to_hire_days"] == {"estimate": -5.0, "ci95": [-10.0, 0.0]}
    assert (result["verification"]["groups"]["badged"], result["verification"]["unlinked"]) == \
        ({"verifications": 1, "failures": 1, "failure_rate": 1.0}, 1)
    code, out, _ = run_cli(["pilot", str(csv), "--out", str(tmp_path / "rep")])
    text = (tmp_path / "rep" / "pilot.txt").read_text(encoding="utf-8")
    assert code == 0 and out == f"wrote {tmp_path / 'rep' / 'pilot.txt'}\n"
    assert "time to hire, median days             15.0          20.0" in text
    assert "  time to hire, median days   -5.0  [-10.0, 0.0]" in text
    assert "Verification failure rate: no verify reports given" in text


def test_html_escapes_hostile_candidate_and_report_values(tmp_path: Path) -> None:
    rows = [f'"{h.replace(chr(34), chr(34) * 2)}",badged,2026-09-01,yes,,,id-{i}' for i, h in enumerate(HOSTILE)]
    csv = write_csv(tmp_path, [*rows, "c1,control,2026-09-01,no,,,"])
    report = _report(tmp_path, [f"id-{i}" for i in range(len(HOSTILE))])
    code, _, err = run_cli(["pilot", str(csv), "--format", "html", "--out", str(tmp_path / "site"),
                            "--verifications", str(report)])
    page = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert code == 0, err
    assert "<script" not in page and "onerror=" not in page.replace("onerror=alert(2)&gt;", "")
    assert "<img" not in page and "onload" not in page.replace("onload=alert(3)&gt;", "")
    for hostile in HOSTILE:
        assert hostile.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;") in page
    assert "&lt;b&gt;" not in page  # the failed table shows the credential id, not the hostile source


def test_html_is_self_contained(tmp_path: Path) -> None:
    code, _, _ = run_cli(["pilot", str(EXAMPLE / "outcomes.csv"), "--format", "html", "--out", str(tmp_path),
                          "--verifications", *map(str, sorted(EXAMPLE.glob("verify-*.json")))])
    page = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert code == 0 and page.count("<svg") == 6  # rates, time to hire, three difference charts, verification
    assert "Content-Security-Policy" in page and "<script" not in page
    urls = set(re.findall(r"""(?:href|src)\s*=\s*["']?([^"' >]+)""", page)) | set(re.findall(r"url\(([^)]*)\)", page))
    assert {u for u in urls if not u.startswith("#")} == set()  # only references inside the page


def test_same_input_same_output() -> None:
    argv = ["pilot", str(EXAMPLE / "outcomes.csv"), "--format", "json",
            "--verifications", *map(str, sorted(EXAMPLE.glob("verify-*.json")))]
    first, second = run_cli(argv), run_cli(argv)
    assert first == second and first[0] == 0
    other = run_cli([*argv, "--seed", "12"])
    assert json.loads(other[1])["groups"] == json.loads(first[1])["groups"] and other[1] != first[1]


def test_the_example_regenerates_byte_for_byte(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, str(REPO / "scripts" / "make_pilot_example.py"), "--out", str(tmp_path)],
                          capture_output=True, text=True, check=False, timeout=300)
    assert proc.returncode == 0, proc.stderr
    for name in ("outcomes.csv", "verify-2026-10.json", "verify-2026-11.json"):
        assert (tmp_path / name).read_bytes() == (EXAMPLE / name).read_bytes(), \
            f"examples/pilot/{name} is stale: run scripts/make_pilot_example.py"


def test_html_of_a_pilot_with_nothing_to_compare(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No hires, no scores and no reports: the page says n/a, draws what it can, and goes to pilot-report/."""
    monkeypatch.chdir(tmp_path)
    csv = write_csv(tmp_path, ["b1,badged,2026-09-01,no,,,", "c1,control,2026-09-02,yes,,,"])
    code, out, err = run_cli(["pilot", str(csv), "--format", "html"])
    page = (tmp_path / "pilot-report" / "index.html").read_text(encoding="utf-8")
    assert (code, out, err) == (0, f"wrote {Path('pilot-report') / 'index.html'}\n", "")
    assert page.count("<svg") == 3  # rates, time to hire (empty), the rates' difference
    assert "<td>time to hire, median days</td><td>n/a</td><td>n/a</td>" in page
    assert "No verify reports were given" in page


def test_a_missing_report(tmp_path: Path) -> None:
    csv = write_csv(tmp_path, SMALL)
    code, _, err = run_cli(["pilot", str(csv), "--verifications", str(tmp_path / "none.json")])
    missing = f"error: {tmp_path / 'none.json'}: cannot be read (No such file or directory)"
    assert (code, err.splitlines()[0]) == (1, missing)


def test_the_html_report_is_byte_identical_for_the_same_input(tmp_path: Path) -> None:
    argv = ["pilot", str(EXAMPLE / "outcomes.csv"), "--format", "html",
            "--verifications", *map(str, sorted(EXAMPLE.glob("verify-*.json")))]
    pages = []
    for name in ("one", "two"):
        assert run_cli([*argv, "--out", str(tmp_path / name)])[0] == 0
        pages.append((tmp_path / name / "index.html").read_bytes())
    assert pages[0] == pages[1]
