"""Reading `credreg verify --format json` reports: real reports of the example awards, and files that are not one."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from pilot_support import SITE, verify_report
from support import REPO

from registry.pilot import verifications
from registry.pilot.problems import PilotInputError
from registry.pilot.verifications import Verification, read_reports

VALID = "credentials/northlight-design-school/design-foundations/awards/05c6b0b7bfbbb628.json"
REVOKED = "credentials/northlight-design-school/typography-essentials/awards/c541f63b1e72cfa9.json"


@pytest.fixture(scope="module")
def real_report(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One real report of four verifications: a valid file, a revoked file, a valid award by its URL, and a file
    that does not exist (a load failure with no credential id)."""
    folder = tmp_path_factory.mktemp("reports")
    missing = str(folder / "gone.json")
    yield verify_report(folder, [str(REPO / VALID), str(REPO / REVOKED), f"{SITE}credentials/05c6b0b7bfbbb628.json",
                                 missing])


def test_a_real_report(real_report: Path) -> None:
    found = read_reports([real_report], ["report.json"])
    url = f"{SITE}credentials/05c6b0b7bfbbb628.json"
    assert [(v.index, v.credential_id, v.verdict, v.failed) for v in found] == [
        (0, url, "valid", False),
        (1, f"{SITE}credentials/c541f63b1e72cfa9.json", "revoked", True),
        (2, url, "valid", False),
        (3, None, "invalid", True),
    ]
    assert [sorted(v.keys()) for v in found] == [
        ["05c6b0b7bfbbb628", url], ["c541f63b1e72cfa9", f"{SITE}credentials/c541f63b1e72cfa9.json"],
        ["05c6b0b7bfbbb628", url], ["gone"]]
    assert {v.report for v in found} == {"report.json"}


def test_the_example_reports_are_real_reports() -> None:
    paths = sorted((REPO / "examples" / "pilot").glob("verify-*.json"))
    found = read_reports(paths)
    assert len(paths) == 2 and len(found) == 53
    assert {v.verdict for v in found} >= {"valid", "revoked"}


def _doc(**result: object) -> dict[str, object]:
    base: dict[str, object] = {"source": "a.json", "id": "https://r.example/credentials/a.json", "verdict": "valid",
                               "valid": True, "steps": []}
    base.update(result)
    return {"version": 1, "valid": True, "results": [base]}


BAD = [
    pytest.param(b"{", 1, "", "not a verify report: not JSON (Expecting property name enclosed in double quotes)",
                 id="not JSON"),
    pytest.param(b"\xff\xfe", 0, "", "not a verify report: not UTF-8 text", id="not UTF-8"),
    pytest.param(b"[]", 0, "", "not a verify report: no version and results", id="a list"),
    pytest.param(b'{"results": []}', 0, "", "not a verify report: no version and results", id="no version"),
    pytest.param(json.dumps({**_doc(), "version": 2}).encode(), 0, "version",
                 "2 is not a report version credreg reads (1)", id="another version"),
    pytest.param(b'{"version": 1, "results": {}}', 0, "results", "is not a list", id="results not a list"),
    pytest.param(b'{"version": 1, "results": [7]}', 0, "results[0]", "is not a result object", id="result a number"),
    pytest.param(json.dumps(_doc(source="")).encode(), 0, "results[0].source", "is missing or not a text",
                 id="empty source"),
    pytest.param(json.dumps(_doc(id=5)).encode(), 0, "results[0].id", "is neither a text nor null", id="id a number"),
    pytest.param(json.dumps(_doc(source="a" * 4097)).encode(), 0, "results[0].source", "is over 4,096 characters",
                 id="huge source"),
    pytest.param(json.dumps(_doc(id="https://r.example/" + "a" * 4096)).encode(), 0, "results[0].id",
                 "is over 4,096 characters", id="huge id"),
    pytest.param(json.dumps(_doc(verdict="trust me")).encode(), 0, "results[0].verdict",
                 "'trust me' is not a verdict of `credreg verify`", id="unknown verdict"),
    pytest.param(json.dumps(_doc(verdict="revoked")).encode(), 0, "results[0].valid",
                 "True contradicts the verdict 'revoked'", id="valid contradicts verdict"),
    pytest.param(json.dumps(_doc(valid=1)).encode(), 0, "results[0].valid", "1 contradicts the verdict 'valid'",
                 id="valid not a boolean"),
    pytest.param(b'{"version": 1, "version": 1, "results": []}', 0, "",
                 "not a verify report: key 'version' appears twice in one object", id="duplicate key"),
    pytest.param(b'{"version": 1, "results": [], "x": NaN}', 0, "", "not a verify report: NaN is not JSON", id="NaN"),
    pytest.param(b"[" * 100_000, 0, "", "not a verify report: nested far too deep", id="deep nesting"),
]


@pytest.mark.parametrize(("raw", "line", "where", "message"), BAD)
def test_not_a_report(tmp_path: Path, raw: bytes, line: int, where: str, message: str) -> None:
    path = tmp_path / "r.json"
    path.write_bytes(raw)
    with pytest.raises(PilotInputError) as caught:
        read_reports([path], ["r.json"])
    assert (caught.value.file, caught.value.line, caught.value.where, caught.value.detail) == \
        ("r.json", line, where, message)
    assert caught.value.hint


def test_report_limits(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "r.json"
    path.write_text(json.dumps(_doc()), encoding="utf-8")
    monkeypatch.setattr(verifications, "MAX_REPORTS", 2)
    with pytest.raises(PilotInputError, match=r": more than 2 verify reports$"):
        read_reports([path] * 3)
    monkeypatch.setattr(verifications, "MAX_VERIFICATIONS", 1)
    with pytest.raises(PilotInputError, match=r"^r.json: more than 1 verifications in all$"):
        read_reports([path] * 2, ["r.json"] * 2)
    monkeypatch.setattr(verifications, "MAX_REPORT_BYTES", 10)
    with pytest.raises(PilotInputError, match=r"^r.json: the report is over 10 bytes$"):
        read_reports([path], ["r.json"])


def test_keys_of_a_verification() -> None:
    v = Verification("r", 0, "https://r.example/credentials/ab-12.json?x=1#y", None, "cannot verify")
    assert v.keys() == {"https://r.example/credentials/ab-12.json?x=1#y", "ab-12"} and v.failed
