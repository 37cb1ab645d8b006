"""`credreg init`: a new registry from nothing that checks and builds clean, an issuer's first hour in it,
every refusal with its exact error, and the warnings about the registry's address (demo's, or changed)."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import pytest
import yaml
from support import REPO, award_for

from registry.check import check_registry
from registry.cli import main
from registry.config import load_site_urls
from registry.errors import CredregError

SITE = "https://badges.acme-labs.test/"
NOW = datetime(2026, 3, 2, tzinfo=timezone.utc)
FILES = [".github/workflows/pull-request.yml", ".github/workflows/site.yml", ".gitignore", "README.md", "mkdocs.yml",
         "overrides/docs/about.md", "overrides/theme/main.html", "registry.yaml", "requirements.txt"]


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def init(capsys: pytest.CaptureFixture[str], root: Path, *extra: str) -> Path:
    code, out, err = run(capsys, "init", str(root), "--site-url", SITE, "--name", "Acme Labs Badges", *extra)
    assert (code, err) == (0, ""), err
    assert ("list the registry maintainers in registry.yaml" in out) == ("--maintainer" not in extra)
    return root


def test_a_new_registry_checks_builds_and_takes_its_first_award(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CREDREG_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("CREDREG_CACHE_DIR", str(tmp_path / "cache"))
    root = init(capsys, tmp_path / "acme-registry", "--maintainer", "ada-l:4242")
    assert sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) == FILES
    assert "demo" not in (root / "mkdocs.yml").read_text() and not (root / "issuers").exists()
    assert load_site_urls(root).site_url == SITE
    assert run(capsys, "check", "--root", str(root), "--strict")[0] == 0
    code, _, err = run(capsys, "build", "--root", str(root), "--strict", "--now", "2026-12-01",
                       "--out", str(tmp_path / "site"))
    assert code == 0, err
    assert (tmp_path / "site/index.html").is_file() and (tmp_path / "site/about/index.html").is_file()
    assert json.loads((tmp_path / "site/api/issuers.json").read_text()) is not None
    # the issuer's first hour in it: scaffold, key, badge, award, and the check holds the award
    assert run(capsys, "new", "issuer", "acme-labs", "--root", str(root))[0] == 0
    assert run(capsys, "keygen", "acme-labs", "--key-id", "key-1", "--root", str(root))[0] == 0
    assert run(capsys, "new", "badge", "acme-labs/intro-rust", "--root", str(root))[0] == 0
    key = tmp_path / "keys/acme-labs/key-1.json"
    code, out, err = run(capsys, "award", "acme-labs/intro-rust", "--recipient", "ada@acme-labs.test",
                         "--result", "quality=proficient", "--result", "communication=proficient",
                         "--key", str(key), "--root", str(root))
    assert code == 0, err
    awarded = json.loads(next(root.glob("credentials/acme-labs/intro-rust/awards/*.json")).read_text())
    assert awarded["id"].startswith(SITE + "credentials/") and awarded["issuer"]["id"] == (
        "did:web:badges.acme-labs.test:issuers:acme-labs")
    result = check_registry(root)
    assert [p.code for p in result.problems if p.severity.value == "error"] == []
    assert {p.code for p in result.problems} == {"placeholder"}  # the scaffolds' texts, until filled in


def test_without_a_maintainer_registry_yaml_holds_a_placeholder(tmp_path: Path,
                                                                capsys: pytest.CaptureFixture[str]) -> None:
    root = init(capsys, tmp_path / "r")
    problems = [(p.file, p.code, p.severity.value) for p in check_registry(root).problems]
    assert problems == [("registry.yaml", "placeholder", "warning")]
    assert run(capsys, "check", "--root", str(root))[0] == 0
    assert run(capsys, "check", "--root", str(root), "--strict")[0] == 1


def test_hostile_names_stay_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A name is written into YAML quoted: it can close no quote and add no setting."""
    name = 'Acme "Labs" #1: a\\b\nplugins: [evil]'
    code, _, err = run(capsys, "init", str(tmp_path / "r"), "--site-url", SITE, "--name", name)
    assert (code, err) == (0, "")
    config = yaml.safe_load((tmp_path / "r/mkdocs.yml").read_text())
    assert config["site_name"] == 'Acme "Labs" #1: a\\b plugins: [evil]'
    assert [p for p in config["plugins"] if p != "search"] == [{"credreg": {"featured": []}}]


REFUSALS = [  # (name, arguments after DIR, the exact error)
    ("the demo's address", ["--site-url", "https://demo.credreg.example/", "--name", "X"],
     "error: --site-url https://demo.credreg.example/ is the demo registry's address\n  hint: give the https "
     "address your registry will be published at: it is part of every credential's URL and issuer DID, forever\n"),
    ("not https", ["--site-url", "http://badges.acme.test/", "--name", "X"],
     "error: --site-url is not an https:// URL\n  hint: give the https:// address the site will be published at, "
     "e.g. https://badges.example.org/\n"),
    ("a newline in the address", ["--site-url", "https://a.test/\nplugins: [evil]", "--name", "X"],
     "error: --site-url contains a space or control character\n  hint: give a plain https:// address\n"),
    ("a query in the address", ["--site-url", "https://a.test/?x=1", "--name", "X"],
     "error: --site-url is not a plain site address\n  hint: give the https:// address the site will be published "
     "at, e.g. https://badges.example.org/\n"),
    ("an empty name", ["--site-url", SITE, "--name", " "],
     "error: --name is empty or has control characters\n  hint: give the registry's name, as its site shows it\n"),
    ("a maintainer without an id", ["--site-url", SITE, "--name", "X", "--maintainer", "ada-l"],
     "error: --maintainer 'ada-l' is not LOGIN:ID\n  hint: e.g. --maintainer octocat:583231 (the id is at "
     "https://api.github.com/users/<login>)\n"),
    ("a maintainer login with a newline", ["--site-url", SITE, "--name", "X", "--maintainer", "a\nb:5"],
     "error: --maintainer 'a\\nb:5' is not LOGIN:ID\n  hint: e.g. --maintainer octocat:583231 (the id is at "
     "https://api.github.com/users/<login>)\n"),
    ("the placeholder maintainer", ["--site-url", SITE, "--name", "X", "--maintainer", "your-github-login:7"],
     "error: --maintainer 'your-github-login:7' is the scaffold's placeholder\n  hint: give a real GitHub account\n"),
    ("no --site-url", ["--name", "X"],
     "error: credreg init: the following arguments are required: --site-url\n  hint: see `credreg init --help`\n"),
]


@pytest.mark.parametrize("name, args, error", REFUSALS, ids=[r[0] for r in REFUSALS])
def test_init_refusals(tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, args: list[str],
                       error: str) -> None:
    assert run(capsys, "init", str(tmp_path / "r"), *args) == (2, "", error)
    assert not (tmp_path / "r").exists()


def test_init_never_writes_into_a_folder_in_use(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "r").mkdir()
    (tmp_path / "r/notes.txt").write_text("mine")
    code, _, err = run(capsys, "init", str(tmp_path / "r"), "--site-url", SITE, "--name", "X")
    assert (code, err) == (2, f"error: {tmp_path / 'r'} exists and is not empty\n  hint: credreg init makes a new "
                              "registry in a new or empty folder (a fresh `git init` is fine)\n")
    assert [p.name for p in (tmp_path / "r").iterdir()] == ["notes.txt"]
    (tmp_path / "g/.git").mkdir(parents=True)  # a fresh `git init` is fine
    assert init(capsys, tmp_path / "g").joinpath("mkdocs.yml").is_file()


def test_the_workflows_run_no_pull_request_code(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """credreg comes from the base revision's requirements.txt; no event field is pasted into a script."""
    root = init(capsys, tmp_path / "r")
    pull = yaml.safe_load((root / ".github/workflows/pull-request.yml").read_text())
    assert list(pull[True]) == ["pull_request"] and pull["permissions"] == {"contents": "read"}
    steps = pull["jobs"]["review-and-build"]["steps"]
    scripts = [s["run"] for s in steps if "run" in s]
    assert all("${{" not in script for script in scripts)
    assert 'git -C "$GITHUB_WORKSPACE" show "$BASE_SHA:requirements.txt" > requirements.txt' in scripts[0]
    assert 'git checkout "$BASE_SHA" -- mkdocs.yml overrides' in scripts[2]
    assert re.fullmatch(r"credreg==\d+\.\d+\.\d+", (root / "requirements.txt").read_text().splitlines()[-1])
    (restore,) = [s for s in steps if s.get("uses", "").startswith("actions/cache")]
    assert restore["uses"] == "actions/cache/restore@v4"  # a pull request's run never saves a cache
    site = yaml.safe_load((root / ".github/workflows/site.yml").read_text())
    (saved,) = [s for s in site["jobs"]["build"]["steps"] if s.get("uses", "").startswith("actions/cache")]
    assert saved["uses"] == "actions/cache@v4" and saved["with"]["key"] == restore["with"]["key"]
    assert saved["with"]["path"] == restore["with"]["path"] == "~/.cache/credreg"


def test_a_real_issuer_under_the_demo_address_is_warned_and_cannot_award(signing_registry: Path) -> None:
    config = signing_registry / "mkdocs.yml"
    config.write_text(config.read_text().replace("https://registry.test/", "https://demo.credreg.example/"))
    issuer = signing_registry / "issuers/acme/issuer.yaml"
    issuer.write_text(issuer.read_text().replace("demo: true", "demo: false"))
    problems = [(p.code, p.severity.value, p.message) for p in check_registry(signing_registry).problems]
    assert problems == [("demo-site-url", "warning", "site_url is the demo registry's address "
                         "(https://demo.credreg.example/), but issuer 'acme' is not demo content: its credentials "
                         "would name the demo's URLs and DIDs forever")]
    with pytest.raises(CredregError) as info:
        award_for(signing_registry, NOW, results={"quality": "good"})
    assert info.value.message.startswith("mkdocs.yml's site_url is the demo registry's address "
                                      "(https://demo.credreg.example/): 'acme' would sign credentials")
    assert not list(signing_registry.glob("credentials/*/*/awards/*.json"))


def test_a_site_url_changed_after_signing_is_one_clear_error(signing_registry: Path) -> None:
    award_for(signing_registry, NOW, results={"quality": "good"})
    config = signing_registry / "mkdocs.yml"
    config.write_text(config.read_text().replace("https://registry.test/", "https://badges.moved.test/"))
    problems = [(p.file, p.code, p.message, p.hint) for p in check_registry(signing_registry).problems]
    assert problems == [(
        "mkdocs.yml", "site-url-changed", "site_url is https://badges.moved.test/, but all 2 signed files were "
        "signed under https://registry.test/: site_url changed after credentials were signed",
        "set site_url back to https://registry.test/: every credential's URL and issuer DID contain it, so signed "
        "files cannot move to a new address (a registry at a new address starts with new credentials)")]


def test_the_readme_way_to_start_from_this_repository(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The README's steps for starting from a copy of this repository with the demo content removed."""
    root = tmp_path / "fork"
    root.mkdir()
    for name in ("mkdocs.yml", "registry.yaml"):
        (root / name).write_text((REPO / name).read_text())
    for folder in ("overrides", "issuers", "credentials"):
        shutil.copytree(REPO / folder, root / folder)
    readme = (REPO / "README.md").read_text()
    section = readme[readme.index("### Starting from this repository"):]
    section = section[:section.index("\n## ")]
    script = re.search(r"```sh\n(.*?)```", section, re.S)
    assert script, "the README's section shows its steps as one sh block"
    done = subprocess.run(["sh", "-ec", script.group(1)], cwd=root, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr
    assert not (root / "issuers").exists() and not (root / "credentials").exists()
    assert load_site_urls(root).site_url == "https://badges.example-university.test/"
    assert [(p.file, p.code) for p in check_registry(root).problems] == [("registry.yaml", "placeholder")]
    assert run(capsys, "check", "--root", str(root), "--strict")[0] == 1  # until a real maintainer is listed
    registry = root / "registry.yaml"
    registry.write_text(registry.read_text().replace("your-github-login", "ada-l").replace("id: 1\n", "id: 4242\n"))
    assert run(capsys, "check", "--root", str(root), "--strict")[0] == 0
    code, _, err = run(capsys, "build", "--root", str(root), "--strict", "--now", "2026-12-01",
                       "--out", str(tmp_path / "site"))
    assert code == 0, err


def test_the_new_registrys_theme_override_is_this_repositorys() -> None:
    """`credreg init` ships a copy of overrides/theme/main.html (the package never reads this checkout)."""
    template = REPO / "registry/templates/init/main.html"
    assert template.read_text(encoding="utf-8") == (REPO / "overrides/theme/main.html").read_text(encoding="utf-8")
