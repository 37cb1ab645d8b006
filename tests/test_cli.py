"""The command line: report formats, exit codes, and scaffolds that check clean."""
from __future__ import annotations

import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import SITE_CONFIG

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
        "issuers/<issuer>/issuer.yaml, its image, keys/<key-id>.json; credentials/<issuer>/revocations.yaml, status/<n>.json; "
        "credentials/<issuer>/<badge>/badge.yaml, its image, rubrics/v<N>.yaml, awards/<credential-id>.json"]
    assert out.rstrip().endswith("1 error, 0 warnings in 1 file (15 files checked)")


def test_clean_registry_exits_0(make_registry: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--root", str(make_registry()))
    assert (code, out.strip()) == (0, "ok: 14 files checked, no problems")


def test_not_a_registry_is_a_usage_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "check", "--root", str(tmp_path))
    assert code == 2
    assert err == (f"error: {str(tmp_path)!r} is not a registry: it has no issuers/ or credentials/ folder and no "
                   "registry.yaml\n  hint: run inside a registry checkout or pass --root DIR (`credreg init DIR` "
                   "makes a new one)\n")


def test_scaffolds_check_clean(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = tmp_path / "registry"
    root.mkdir()
    assert run(capsys, "new", "issuer", "acme-labs", "--root", str(root), "--name", "Acme \"Labs\"")[0] == 0
    code, out, _ = run(capsys, "new", "badge", "acme-labs/intro-rust", "--root", str(root))
    assert code == 0 and "credentials/acme-labs/intro-rust/rubrics/v1.yaml" in out
    result = check_registry(root)  # a folder without mkdocs.yml fails the check, not the build later
    assert [(p.code, p.file, p.message) for p in result.problems if p.code == "site-url"] == [
        ("site-url", "mkdocs.yml", f"{root / 'mkdocs.yml'} is missing: the site cannot be built without it")]
    (root / "mkdocs.yml").write_text("site_name: Labs\nsite_url: https://badges.acme-labs.test/\n")
    result = check_registry(root)  # what is left to fill in is a warning each (tests/validate/test_placeholders.py)
    assert [(p.code, p.severity.value) for p in result.problems if p.code != "placeholder"] == [
        ("no-current-key", "warning")]
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


@dataclass(frozen=True)
class ExitCase:
    """One command line, the exit code it must give and the error line it must print (ROOT: the registry)."""

    name: str
    argv: tuple[str, ...]
    code: int
    error: str


AWARD = ("award", "acme/intro-python", "--root", "ROOT", "--key-env", "ACME_KEY")
ADA = ("--recipient", "ada@example.net")

# Exit 2: what was typed is wrong (malformed, contradictory, or naming nothing). Exit 1: the registry,
# a file the command reads (key file, CSV, credential) or the system stops it.
EXIT_CASES = [
    ExitCase("check --now not a date", ("check", "--root", "ROOT", "--now", "2026-13-01"), 2,
             "error: credreg check: argument --now: '2026-13-01' is not a date (2026-01-31) or date-time "
             "(2026-01-31T09:00:00Z)"),
    ExitCase("check --now a date-time", ("check", "--root", "ROOT", "--now", "2026-06-01T09:00:00Z"), 0, ""),
    ExitCase("check --format unknown", ("check", "--root", "ROOT", "--format", "yaml"), 2,
             "error: credreg check: argument --format: invalid choice: 'yaml' (choose from 'text', 'json')"),
    ExitCase("build --now not a date", ("build", "--root", "ROOT", "--now", "tomorrow"), 2,
             "error: credreg build: argument --now: 'tomorrow' is not a date (2026-01-31) or date-time "
             "(2026-01-31T09:00:00Z)"),
    ExitCase("verify --now no such day", ("verify", "--now", "2026-02-30", "x.json"), 2,
             "error: credreg verify: argument --now: '2026-02-30' is not a date (2026-01-31) or date-time "
             "(2026-01-31T09:00:00Z)"),
    ExitCase("verify --map malformed", ("verify", "--offline", "--no-registry", "--map", "nope", "x.json"), 2,
             "error: --map 'nope' is not URL_PREFIX=DIR"),
    ExitCase("verify a file that is not JSON", ("verify", "--offline", "--no-registry", "--format", "json",
                                                "ROOT/issuers/acme/logo.svg"), 1, ""),
    ExitCase("new issuer bad id", ("new", "issuer", "Bad_Id", "--root", "ROOT"), 2,
             "error: issuer id 'Bad_Id' is not a valid id"),
    ExitCase("new badge without a slash", ("new", "badge", "no-slash", "--root", "ROOT"), 2,
             "error: 'no-slash' is not <issuer-id>/<badge-id>"),
    ExitCase("keygen bad issuer id", ("keygen", "Bad_Id", "--root", "ROOT"), 2,
             "error: issuer id 'Bad_Id' is not valid"),
    ExitCase("keygen for no such issuer", ("keygen", "nobody", "--root", "ROOT"), 2,
             "error: no issuer 'nobody' in ROOT"),
    ExitCase("key retire no such key", ("key", "retire", "acme", "key-9", "--root", "ROOT"), 2,
             "error: issuer 'acme' has no key 'key-9'"),
    ExitCase("keygen for an issuer with keys", ("keygen", "acme", "--root", "ROOT"), 1,
             "error: issuer 'acme' already has keys (key-1)"),
    ExitCase("key revoke --compromised-since without compromise",
             ("key", "revoke", "acme", "key-1", "--reason", "lost", "--compromised-since", "2026-01-01",
              "--root", "ROOT"), 2, "error: --compromised-since only applies with --reason compromised"),
    ExitCase("key revoke unknown reason", ("key", "revoke", "acme", "key-1", "--reason", "bored", "--root", "ROOT"), 2,
             "error: credreg key revoke: argument --reason: invalid choice: 'bored' "
             "(choose from 'compromised', 'superseded', 'retired', 'lost')"),
    ExitCase("key rotate without a key", ("key", "rotate", "--root", "ROOT"), 2,
             "error: credreg key rotate: one of the arguments --key --key-env is required"),
    ExitCase("key rotate --key-env unset", ("key", "rotate", "--root", "ROOT", "--key-env", "NO_SUCH_VAR"), 2,
             "error: environment variable NO_SUCH_VAR is not set"),
    ExitCase("key rotate damaged key file", ("key", "rotate", "--root", "ROOT", "--key-env", "BAD_KEY"), 1,
             "error: $BAD_KEY is not a credreg key file: it has no issuer, id, secretKeyMultibase, recipientSecret"),
    ExitCase("award --result malformed", (*AWARD, *ADA, "--result", "bogus"), 2,
             "error: --result 'bogus' is not CRITERION=LEVEL"),
    ExitCase("award --recipient not an email", (*AWARD, "--recipient", "not-an-email", "--result", "quality=good"), 2,
             "error: 'not-an-email' is not an email address"),
    ExitCase("award --evidence not https", (*AWARD, *ADA, "--result", "quality=good", "--evidence", "http://x.example/"),
             2, "error: evidence 'http://x.example/' is not an https:// URL"),
    ExitCase("award unknown criterion", (*AWARD, *ADA, "--result", "speed=good"), 2,
             "error: rubric v1 of acme/intro-python has no criterion 'speed'"),
    ExitCase("award missing result", (*AWARD, *ADA), 2, "error: no result for criterion 'quality' of rubric v1"),
    ExitCase("award unknown level", (*AWARD, *ADA, "--result", "quality=great"), 2,
             "error: criterion 'quality' has no level 'great'"),
    ExitCase("award below the pass mark", (*AWARD, *ADA, "--result", "quality=fair"), 2,
             "error: these results total 2 points; rubric v1 needs 3 to pass"),
    ExitCase("award no such rubric version", (*AWARD, *ADA, "--result", "quality=good", "--rubric-version", "7"), 2,
             "error: badge class acme/intro-python has no rubric version 7"),
    ExitCase("award --rubric-version not a number", (*AWARD, *ADA, "--rubric-version", "two"), 2,
             "error: credreg award: argument --rubric-version: invalid int value: 'two'"),
    ExitCase("award --name with a hidden character", (*AWARD, *ADA, "--result", "quality=good", "--name", "Ada\u202e"),
             2, "error: --name: credentialSubject.name contains the hidden character U+202E RIGHT-TO-LEFT OVERRIDE "
                "at position 4"),
    ExitCase("award --recipient and --csv", (*AWARD, *ADA, "--csv", "x.csv"), 2,
             "error: credreg award: argument --csv: not allowed with argument --recipient"),
    ExitCase("award no recipient", AWARD, 2,
             "error: credreg award: one of the arguments --recipient --csv is required"),
    ExitCase("award --csv with --result", (*AWARD, "--csv", "x.csv", "--result", "quality=good"), 2,
             "error: --result does not go with --csv: each row gives its own"),
    ExitCase("award --csv with --valid-until", (*AWARD, "--csv", "x.csv", "--valid-until", "2027-01-01"), 2,
             "error: --valid-until does not go with --csv: each row gives its own"),
    ExitCase("award no such badge class", ("award", "acme/nope", *AWARD[2:], *ADA, "--result", "quality=good"), 2,
             "error: no badge class 'acme/nope'"),
    ExitCase("award another issuer's badge", ("award", "globex/data-basics", *AWARD[2:], *ADA, "--result",
                                              "quality=good"), 2,
             "error: 'globex/data-basics' is not a badge class of 'acme' (the key's issuer)"),
    ExitCase("award a CSV row with a bad result", (*AWARD, "--csv", "ROOT/../cohort.csv"), 1,
             "error: ROOT/../cohort.csv:2: criterion 'quality' has no level 'bogus'"),
    ExitCase("award into a registry with problems", (*AWARD, *ADA, "--result", "quality=good", "--root", "BROKEN"), 1,
             "error: the registry has problems; first: credentials/acme/intro-python/notes.txt: "
             "this file is not part of the registry layout"),
    ExitCase("revoke no such credential", ("revoke", "0000000000000000", "--reason", "x", *AWARD[2:]), 2,
             "error: no credential or endorsement '0000000000000000' in this registry"),
    ExitCase("revoke without --reason", ("revoke", "0000000000000000", *AWARD[2:]), 2,
             "error: credreg revoke: the following arguments are required: --reason"),
]


@pytest.mark.parametrize("case", EXIT_CASES, ids=[c.name for c in EXIT_CASES])
def test_exit_codes(case: ExitCase, signing_registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                    capsys: pytest.CaptureFixture[str]) -> None:
    from support import fixture_signing_key

    from registry.keys.store import to_json
    monkeypatch.setenv("ACME_KEY", to_json(fixture_signing_key("acme")))
    monkeypatch.setenv("BAD_KEY", "{}")
    (tmp_path / "cohort.csv").write_text("email,result:quality\nada@example.net,bogus\n")
    broken = tmp_path / "broken"
    shutil.copytree(signing_registry, broken)
    (broken / "credentials/acme/intro-python/notes.txt").write_text("x\n")
    argv = [arg.replace("ROOT", str(signing_registry)).replace("BROKEN", str(broken)) for arg in case.argv]
    code, _, err = run(capsys, *argv)
    first = err.splitlines()[0] if err else ""
    assert (code, first) == (case.code, case.error.replace("ROOT", str(signing_registry)))
