"""Hostile numbers and hostile JSON: one reader with one set of limits, and never a traceback.

`str.isdigit` accepts superscripts and `int()` refuses 5,000 digits, so status indexes are read as ASCII
digits within range; JSON from files, mapped URLs and DID documents is read with the registry's size,
depth and duplicate-key limits, so deep nesting is refused before any recursive code sees it.
"""
from __future__ import annotations

import json
import shutil
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from support import REF, award_for, fixture_signing_key

from registry.check import check_registry
from registry.cli import main
from registry.keys.sign import sign
from registry.ob3.fields import ascii_int
from registry.urls import SiteUrls

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)
DEEP = "[" * 1000 + "]" * 1000

ASCII_INT_CASES = [
    ("plain", "7619", 7619),
    ("zero", "0", 0),
    ("json-integer", 12, 12),
    ("superscript-two", "\u00b2", None),
    ("arabic-indic-digit", "\u0663", None),
    ("fullwidth-digit", "\uff17", None),
    ("five-thousand-digits", "9" * 5000, None),
    ("eleven-digits", "1" * 11, None),
    ("negative", "-1", None),
    ("negative-integer", -1, None),
    ("plus-sign", "+1", None),
    ("space", " 7", None),
    ("exponent", "1e3", None),
    ("float", 1.0, None),
    ("boolean", True, None),
    ("beyond-maximum", "131073", None),
    ("empty", "", None),
    ("object", {"n": 1}, None),
]


@pytest.mark.parametrize("value, expected", [c[1:] for c in ASCII_INT_CASES], ids=[c[0] for c in ASCII_INT_CASES])
def test_ascii_int(value: Any, expected: int | None) -> None:
    assert ascii_int(value, 131_072) == expected


def verify(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    code = main(["verify", "--offline", "--no-registry", "--format", "json", "--now", "2026-11-28", *argv])
    return code, json.loads(capsys.readouterr().out)


def _reference(tmp_path: Path) -> tuple[Path, dict[str, Any]]:
    """A copy of the reference site, and a reference credential to mutate."""
    site = tmp_path / "site"
    shutil.copytree(REF / "site", site)
    return site, json.loads((REF / "valid/active.json").read_text())


def _step(report: dict[str, Any], prefix: str) -> tuple[str, str]:
    step = next(s for s in report["results"][0]["steps"] if s["step"].startswith(prefix))
    return step["outcome"], step["detail"]


# (id, status index written into the credential, expected detail of the status step)
VERIFY_INDEX_CASES = [
    ("superscript", "\u00b2", "statusListIndex '²' is not a number in ASCII digits within a status list's range"),
    ("five-thousand-digits", "9" * 5000,
     f"statusListIndex '{'9' * 120}'… is not a number in ASCII digits "
     "within a status list's range"),
    ("negative", "-5", "statusListIndex '-5' is not a number in ASCII digits within a status list's range"),
]


@pytest.mark.parametrize("index, detail", [c[1:] for c in VERIFY_INDEX_CASES], ids=[c[0] for c in VERIFY_INDEX_CASES])
def test_verify_hostile_status_index(capsys: pytest.CaptureFixture[str], tmp_path: Path, index: str,
                                     detail: str) -> None:
    site, credential = _reference(tmp_path)
    entries = credential["credentialStatus"]
    (entries[0] if isinstance(entries, list) else entries)["statusListIndex"] = index
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(credential))
    code, report = verify(capsys, str(path), "--map", f"https://registry.test/={site}")
    assert code == 1 and report["results"][0]["verdict"] == "invalid"
    assert _step(report, "status") == ("fail", detail)


# (id, how the file is handed over, expected detail of the failing step)
DEEP_CASES = [
    ("deep-file", "file", "load",
     "credential.json is not a readable JSON credential: credential.json:1:1: values are nested far too deep"),
    ("deep-mapped-url", "url", "load",
     "https://registry.test/deep.json: deep.json:1:1: values are nested far too deep"),
    ("thirty-levels-file", "file30", "load",
     "credential.json is not a readable JSON credential: credential.json:1:26: values are nested more than "
     "24 levels deep"),
    ("duplicate-key-file", "duplicate", "load",
     "credential.json is not a readable JSON credential: credential.json:1:11: key 'id' appears twice in one "
     "object"),
    ("five-thousand-digit-number-file", "bignumber", "load",
     "credential.json is not a readable JSON credential: credential.json: JSON error: a number has 5,000 digits; "
     "the limit is 64"),
    ("oversized-file", "oversized", "load",
     "credential.json is not a readable JSON credential: credential.json: file is 1,048,577 bytes; the limit "
     "for this kind of file is 1,048,576"),
]


@pytest.mark.parametrize("form, step, detail", [c[1:] for c in DEEP_CASES], ids=[c[0] for c in DEEP_CASES])
def test_verify_hostile_json(capsys: pytest.CaptureFixture[str], tmp_path: Path, form: str, step: str,
                             detail: str) -> None:
    site, _ = _reference(tmp_path)
    path = tmp_path / "credential.json"
    if form == "url":
        (site / "deep.json").write_text(DEEP)
        source = "https://registry.test/deep.json"
    else:
        path.write_text({"file": DEEP, "file30": "[" * 30 + "]" * 30, "duplicate": '{"id": 1, "id": 2}', "bignumber": '{"a": ' + "9" * 5000 + "}",
                         "oversized": " " * (1024 * 1024 + 1)}[form])
        source = "credential.json"
    code, report = verify(capsys, source, "--map", f"https://registry.test/={site}") if form == "url" else \
        _verify_in(capsys, tmp_path, source)
    assert code == 1 and report["results"][0]["verdict"] == "invalid"
    assert _step(report, step) == ("fail", detail)


def _verify_in(capsys: pytest.CaptureFixture[str], folder: Path, source: str) -> tuple[int, dict[str, Any]]:
    """Verify a file by a relative name, so the message names it the way the user typed it."""
    import os
    cwd = os.getcwd()
    os.chdir(folder)
    try:
        return verify(capsys, source)
    finally:
        os.chdir(cwd)


def test_verify_deep_did_document_stops_the_proof_not_the_run(capsys: pytest.CaptureFixture[str],
                                                              tmp_path: Path) -> None:
    site, _ = _reference(tmp_path)
    did_files = sorted(site.glob("**/did.json"))
    assert did_files, "the reference site has a DID document"
    for did in did_files:
        did.write_text(DEEP)
    code, report = verify(capsys, str(REF / "valid/active.json"), "--map", f"https://registry.test/={site}")
    # the key document cannot be read, so the proof cannot be checked (the proof rule): cannot verify
    assert code == 1 and report["results"][0]["verdict"] == "cannot verify"
    outcome, detail = _step(report, "proof 1")
    assert outcome == "unknown" and "values are nested far too deep" in detail


# (id, status index signed into an award, expected problems of `credreg check`)
CHECK_INDEX_CASES = [
    ("superscript-two", "\u00b2"),
    ("five-thousand-digits", "9" * 5000),
    ("fullwidth-digits", "\uff11\uff12"),
]


@pytest.mark.parametrize("index", [c[1] for c in CHECK_INDEX_CASES], ids=[c[0] for c in CHECK_INDEX_CASES])
def test_check_reports_hostile_status_index(signing_registry: Path, index: str) -> None:
    key = fixture_signing_key("acme")
    path = award_for(signing_registry, NOW, results={"quality": "good"})
    credential = json.loads(path.read_text())
    credential["credentialStatus"]["statusListIndex"] = index
    signed = sign(credential, key, SiteUrls("https://registry.test/"), NOW)
    path.write_text(json.dumps(signed, indent=2) + "\n")
    line = next(n for n, text in enumerate(path.read_text().splitlines(), 1) if '"statusListIndex"' in text)
    found = [(p.code, p.file, p.line) for p in check_registry(signing_registry).problems]
    assert found == [("award-status", f"credentials/acme/intro-python/awards/{path.name}", line)]


def test_check_reports_a_400_digit_number_in_an_award(signing_registry: Path) -> None:
    """pyld turns JSON integers into floats, and float() overflows on 400 digits: the reader refuses them first."""
    path = award_for(signing_registry, NOW, results={"quality": "good"})
    credential = json.loads(path.read_text())
    credential["credentialSubject"]["achievement"]["tag"] = [int("9" * 400)]
    path.write_text(json.dumps(credential, indent=2) + "\n")
    found = [(p.code, p.file, p.line, p.message) for p in check_registry(signing_registry).problems]
    assert found == [("json-syntax", f"credentials/acme/intro-python/awards/{path.name}", 0,
                      "JSON error: a number has 400 digits; the limit is 64")]
