"""The command line: report formats, exit codes, and scaffolds that check clean."""
from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import SITE_CONFIG

from registry.check import check_registry
from registry.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_report_shape(make_registry: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    root = make_registry({"credentials/acme/intro-python/badge.yaml":
                          Path(make_registry() / "credentials/acme/intro-python/badge.yaml").read_text()
                          .replace("level: badge", "levle: badge")})
    code, out, _ = run(capsys, "check", "--root", str(root), "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert report == {
        "version": 1, "ok": False, "files": report["files"], "errors": 2, "warnings": 0,
        "problems": [
            {"code": "missing-field", "severity": "error", "file": "credentials/acme/intro-python/badge.yaml",
             "line": 1, "column": 1, "message": "required field 'level' is missing in the file",
             "hint": "add 'level:'; see the README's reference for this file"},
            {"code": "unknown-field", "severity": "error", "file": "credentials/acme/intro-python/badge.yaml",
             "line": 3, "column": 1, "message": "unknown field 'levle' in the file", "hint": "did you mean 'level'?"},
        ]}


def test_text_report_groups_by_file(make_registry: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    root = make_registry({"credentials/acme/intro-python/notes.txt": "x\n"})
    code, out, _ = run(capsys, "check", "--root", str(root))
    assert code == 1
    assert out.splitlines()[:3] == [
        "credentials/acme/intro-python/notes.txt",
        "  -        error   unexpected-file        this file is not part of the registry layout",
        "                                          hint: move or remove it; the data folders hold only "
        "issuers/<issuer>/issuer.yaml and its image; credentials/<issuer>/revocations.yaml, status/<n>.json; "
        "credentials/<issuer>/<badge>/badge.yaml, its image, rubrics/v<N>.yaml, awards/<credential-id>.json"]
    assert out.rstrip().endswith("1 error, 0 warnings in 1 file (14 files checked)")


def test_clean_registry_exits_0(make_registry: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--root", str(make_registry()))
    assert (code, out.strip()) == (0, "ok: 13 files checked, no problems")


def test_not_a_registry_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "--root", str(tmp_path))
    assert code == 2
    assert err == (f"error: {str(tmp_path)!r} is not a registry: it has no issuers/ or credentials/ folder\n"
                   "  hint: run inside a registry checkout or pass --root DIR\n")


def test_scaffolds_check_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "registry"
    root.mkdir()
    assert run(capsys, "new", "issuer", "acme-labs", "--root", str(root), "--name", "Acme \"Labs\"")[0] == 0
    code, out, _ = run(capsys, "new", "badge", "acme-labs/intro-rust", "--root", str(root))
    assert code == 0 and "credentials/acme-labs/intro-rust/rubrics/v1.yaml" in out
    result = check_registry(root)
    assert [(p.code, p.severity.value) for p in result.problems] == [("no-current-key", "warning")]
    assert result.registry is not None and result.registry.issuers["acme-labs"].name == 'Acme "Labs"'
    text = (root / "issuers/acme-labs/issuer.yaml").read_text()
    assert text.count("#") > 10  # commented for a newcomer
    assert run(capsys, "new", "badge", "acme-labs/intro-rust", "--root", str(root))[0] == 2  # never overwrites
    assert run(capsys, "new", "badge", "nobody/x", "--root", str(root))[0] == 2
    assert run(capsys, "new", "issuer", "Bad_Id", "--root", str(root))[0] == 2


def test_build_refuses_a_registry_that_does_not_check_clean(signing_registry: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    (signing_registry / "overrides" / "docs").mkdir(parents=True)
    code, _, err = run(capsys, "build", "--root", str(signing_registry), "--out", str(tmp_path / "site"))
    assert code == 1 and "does not enable the credreg plugin" in err
    with (signing_registry / "mkdocs.yml").open("a") as config:
        config.write(SITE_CONFIG)
    badge = signing_registry / "credentials/acme/intro-python/badge.yaml"
    badge.write_text(badge.read_text().replace("level: badge", "level: wizard"))
    code, _, err = run(capsys, "build", "--root", str(signing_registry), "--out", str(tmp_path / "site"))
    assert code == 1
    assert "the registry does not check clean:" in err
    assert err.rstrip().endswith("error: the site was not built: see the problems above\n"
                                 "  hint: fix them (`credreg check` lists them all) and build again")
    assert "credentials/acme/intro-python/badge.yaml" in err and "bad-value" in err
    assert not (tmp_path / "site" / "index.html").exists()
