"""The files under .github/: issue forms that GitHub accepts and that ask for no personal data, and
workflows that run no code from a pull request (their own shell steps are run here on a real repository)."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import git, init_repo, REPO

GITHUB = REPO / ".github"
FORMS = sorted(p for p in (GITHUB / "ISSUE_TEMPLATE").glob("*.yml") if p.name != "config.yml")
FIELD_TYPES = {"markdown", "textarea", "input", "dropdown", "checkboxes"}
PERSONAL = re.compile(r"e-?mail|recipient|phone|birth|home address", re.IGNORECASE)


def load(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_there_are_issue_forms() -> None:
    assert {p.name for p in FORMS} == {"issuer-admission.yml", "credential-problem.yml", "site-bug.yml"}
    config = load(GITHUB / "ISSUE_TEMPLATE" / "config.yml")
    assert config["blank_issues_enabled"] is False
    assert all({"name", "url", "about"} <= set(link) for link in config["contact_links"])


@pytest.mark.parametrize("path", FORMS, ids=[p.name for p in FORMS])
def test_issue_form_follows_githubs_schema(path: Path) -> None:
    form = load(path)
    assert {"name", "description", "body"} <= set(form), "GitHub requires name, description and body"
    assert isinstance(form["name"], str) and isinstance(form["description"], str) and form["body"]
    ids = [item["id"] for item in form["body"] if "id" in item]
    assert len(ids) == len(set(ids)), "ids must be unique"
    for item in form["body"]:
        assert item["type"] in FIELD_TYPES
        attributes = item["attributes"]
        if item["type"] == "markdown":
            assert isinstance(attributes["value"], str)
            continue
        assert re.fullmatch(r"[A-Za-z0-9_-]+", item["id"]) and isinstance(attributes["label"], str)
        if item["type"] == "dropdown":
            assert attributes["options"] and all(isinstance(o, str) for o in attributes["options"])
        if item["type"] == "checkboxes":
            assert all(isinstance(o["label"], str) for o in attributes["options"])


@pytest.mark.parametrize("path", FORMS, ids=[p.name for p in FORMS])
def test_issue_form_asks_for_no_personal_data_and_says_so(path: Path) -> None:
    form = load(path)
    notice = form["body"][0]
    assert notice["type"] == "markdown" and "**This issue is public.**" in notice["attributes"]["value"]
    assert PERSONAL.search(notice["attributes"]["value"]), "the notice names what not to post"
    for item in form["body"][1:]:
        if item["type"] in ("input", "textarea", "dropdown"):
            assert not PERSONAL.search(item["attributes"]["label"]), f"{item['id']} asks for personal data"


def test_the_pull_request_template_asks_for_no_personal_data() -> None:
    text = (GITHUB / "pull_request_template.md").read_text(encoding="utf-8")
    assert "Never paste personal data here: no email addresses, no recipient" in text
    assert "never both in one pull request" in text


def workflow(name: str) -> dict[Any, Any]:
    data = load(GITHUB / "workflows" / name)
    data["on"] = data.pop(True)  # YAML 1.1 reads the key `on` as true
    return data


WORKFLOWS = sorted(p.name for p in (GITHUB / "workflows").glob("*.yml"))


@pytest.mark.parametrize("name", WORKFLOWS)
def test_no_workflow_uses_a_secret_or_pull_request_target(name: str) -> None:
    text = (GITHUB / "workflows" / name).read_text(encoding="utf-8")
    data = workflow(name)
    assert "pull_request_target" not in data["on"] and not re.search(r"secrets *(\.\w|\[)", text)
    assert data["permissions"] == {"contents": "read"}
    for job in data["jobs"].values():
        for step in job.get("steps", []):
            if "uses" in step:
                assert re.fullmatch(r"actions/[a-z-]+(/restore)?@v\d+", step["uses"]), step["uses"]
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False


def steps(name: str, job: str) -> dict[str, dict[str, Any]]:
    return {step.get("id") or step.get("name") or step["uses"]: step for step in workflow(name)["jobs"][job]["steps"]}


def test_the_pull_request_workflow_runs_only_the_base_revisions_code() -> None:
    data = workflow("pull-request.yml")
    assert data["on"] == {"pull_request": None}
    (name, job), = data["jobs"].items()
    assert "permissions" not in job and job["env"]["PYTHONSAFEPATH"] == "1"
    assert job["env"]["BASE_SHA"] == "${{ github.event.pull_request.base.sha }}"
    assert job["env"]["AUTHOR_ID"] == "${{ github.event.pull_request.user.id }}"
    order = list(steps("pull-request.yml", name))
    found = steps("pull-request.yml", name)
    assert found["actions/checkout@v4"]["with"]["fetch-depth"] == 0
    assert found["install"]["working-directory"] == "${{ runner.temp }}"
    assert 'python -m pip install "$RUNNER_TEMP/base"' in found["install"]["run"]
    review = found["Review the pull request"]["run"]
    assert review == 'credreg review --base "$BASE_SHA" --author "$AUTHOR_ID" --summary "$GITHUB_STEP_SUMMARY"'
    build = next(key for key in order if key.startswith("Build"))
    assert found[build]["run"].startswith("credreg build --strict ")
    assert order.index("install") < order.index("Review the pull request") < order.index("restore") \
        < order.index(build)
    text = (GITHUB / "workflows" / "pull-request.yml").read_text(encoding="utf-8")
    assert "pip install ." not in text and "${{ github.event.pull_request.title" not in text


def test_the_site_workflow_still_deploys_main_and_rebuilds_daily() -> None:
    data = workflow("site.yml")
    assert set(data["on"]) == {"push", "schedule", "workflow_dispatch"} and data["on"]["push"] == {"branches": ["main"]}
    assert data["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    assert data["jobs"]["deploy"]["needs"] == "build"
    runs = [step.get("run", "") for step in data["jobs"]["build"]["steps"]]
    assert "credreg check --strict" in runs and "credreg build --strict --out site" in runs  # as of the day it runs



def test_the_restore_and_install_steps_bring_back_the_base_revision(tmp_path: Path) -> None:
    """The workflow's own shell lines, on a pull request that changes site code and adds files to it."""
    repo = tmp_path / "repo"
    repo.mkdir()
    init_repo(repo)
    base = {"mkdocs.yml": "site_name: x\n", "overrides/theme/main.html": "base\n", "registry/__init__.py": "base\n",
            "pyproject.toml": "[project]\n", "issuers/a/issuer.yaml": "name: A\n"}
    for rel, text in base.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "base")
    base_sha = git(repo, "rev-parse", "HEAD")
    pull = {"mkdocs.yml": "site_name: x\nhooks: [evil.py]\n", "overrides/theme/partials/evil.html": "{{ evil }}\n",
            "registry/__init__.py": "import os\n", "registry/evil.py": "x\n", "pyproject.toml": "[evil]\n",
            "issuers/a/issuer.yaml": "name: A (edited)\n"}
    for rel, text in pull.items():
        (repo / rel).parent.mkdir(parents=True, exist_ok=True)
        (repo / rel).write_text(text)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "pull request")
    found = steps("pull-request.yml", "review-and-build")
    env = {"BASE_SHA": base_sha, "RUNNER_TEMP": str(tmp_path / "runner"), "GITHUB_WORKSPACE": str(repo),
           "PATH": "/usr/bin:/bin"}
    (tmp_path / "runner").mkdir()
    install = "\n".join(line for line in found["install"]["run"].splitlines() if not line.startswith("python "))
    subprocess.run(["bash", "-e", "-c", install], cwd=tmp_path / "runner", env=env, check=True)
    subprocess.run(["bash", "-e", "-c", found["restore"]["run"]], cwd=repo, env=env, check=True)
    files = {p.relative_to(repo).as_posix(): p.read_text() for p in repo.rglob("*") if p.is_file() and ".git" not in p.parts}
    assert files == {**base, "issuers/a/issuer.yaml": "name: A (edited)\n"}
    exported = tmp_path / "runner" / "base"
    assert {p.relative_to(exported).as_posix(): p.read_text() for p in exported.rglob("*")
            if p.is_file() and p.name != ".git"} == base


CACHE_PATH = "~/.cache/credreg"


def cache_steps(name: str) -> list[dict[str, Any]]:
    return [step for job in workflow(name)["jobs"].values() for step in job.get("steps", [])
            if step.get("uses", "").startswith("actions/cache")]


def test_only_mains_workflow_saves_the_check_cache_and_pull_requests_only_restore_it() -> None:
    """A pull request's run never writes a cache (its scope is its merge ref anyway), so nothing it does can
    reach main's runs or other pull requests; main's build restores and saves, under a key of its content."""
    (restore,) = cache_steps("pull-request.yml")
    (saved,) = cache_steps("site.yml")
    assert restore["uses"] == "actions/cache/restore@v4" and saved["uses"] == "actions/cache@v4"
    for name in WORKFLOWS:
        if name != "site.yml":
            assert all(s["uses"].startswith("actions/cache/restore@") for s in cache_steps(name)), name
    content = "${{ hashFiles('registry/**', 'pyproject.toml') }}-${{ hashFiles('issuers/**', 'credentials/**') }}"
    for step in (restore, saved):
        assert step["with"]["path"] == CACHE_PATH
        assert step["with"]["key"] == f"credreg-check-{content}"  # by content: a rebuild of the same files saves nothing
        assert step["with"]["restore-keys"].splitlines() == [
            "credreg-check-${{ hashFiles('registry/**', 'pyproject.toml') }}-", "credreg-check-"]
    order = list(steps("pull-request.yml", "review-and-build"))
    assert order.index("install") < order.index("Restore the check cache from main") \
        < order.index("Review the pull request")
    site = [s.get("name") or s.get("uses") or s.get("run") for s in workflow("site.yml")["jobs"]["build"]["steps"]]
    assert site.index(saved["name"]) < site.index("Check the registry (every problem, with file and line)")
    text = (GITHUB / "workflows" / "pull-request.yml").read_text(encoding="utf-8")
    assert "restore only, this job never saves one" in text and "a planted entry would need a hash collision" in text


def test_the_workflows_cache_the_folder_credreg_uses_on_a_runner(monkeypatch: pytest.MonkeyPatch) -> None:
    from registry.verify.cache import default_cache_dir
    monkeypatch.setenv("HOME", "/home/runner")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.delenv("CREDREG_CACHE_DIR", raising=False)
    assert default_cache_dir() == Path(CACHE_PATH.replace("~", "/home/runner"))
