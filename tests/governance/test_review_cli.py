"""`credreg review` as a command: its text and JSON reports, a failing head check, and every usage error's
exact message (exit 2), on a small real git repository."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from support import commit, git, init_repo, MKDOCS_YML, signing_files, write_tree

from registry.cli import main

REGISTRY_TEAM = 500
DEV = "credentials/acme/python-developer/badge.yaml"




@pytest.fixture
def repo(tmp_path: Path, check_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The minimal registry with a registry maintainer, committed as `base`."""
    monkeypatch.setenv("CREDREG_CACHE_DIR", str(check_cache))
    files = signing_files()
    files.update({"mkdocs.yml": MKDOCS_YML, "registry.yaml": f"maintainers:\n  - login: team\n    id: {REGISTRY_TEAM}\n"})
    root = write_tree(tmp_path / "repo", files)
    init_repo(root, base_tag="base")
    return root


def edit(root: Path, path: str, old: str, new: str) -> None:
    text = (root / path).read_text()
    assert old in text
    (root / path).write_text(text.replace(old, new, 1))


def review(capsys: pytest.CaptureFixture[str], root: Path, *extra: str) -> tuple[int, str, str]:
    code = main(["review", "--root", str(root), "--base", "base", *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_text_report_lists_each_refusal_under_its_file(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, DEV, "Shows", "Proves")
    edit(repo, "mkdocs.yml", "docs_dir", "hooks:\n  - evil.py\ndocs_dir")
    head = commit(repo, "stranger")
    code, out, err = review(capsys, repo, "--author", "777")
    base = git(repo, "rev-parse", "base")
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        f"review of {base[:12]}..{head[:12]} by GitHub id 777 (not a registry maintainer): 2 changed files",
        "",
        DEV,
        "  refused  review-owner       only the maintainers of 'acme' may modify this file: GitHub ids 202130 in "
        "issuers/acme/issuer.yaml at base; author 777 is not one",
        "                              hint: ask a maintainer of 'acme' to open this pull request; the base revision "
        "decides who they are, so adding yourself in this pull request does not count",
        "",
        "mkdocs.yml",
        "  refused  review-mixed       this pull request also changes issuer data (1 file under issuers/ or "
        "credentials/): code and data are never reviewed together",
        "                              hint: split it: one pull request for the site or registry code, another for "
        "the issuer data",
        "  refused  review-site-code   only a registry maintainer may modify this file: it configures the site build, "
        "whose plugins and hooks run code",
        "                              hint: ask a registry maintainer (registry.yaml at base) to make this change",
        "",
        "head check:",
        "ok: 15 files checked, no problems",
        "",
        "refused: 3 refused changes in 2 files",
    ]


def test_an_allowed_pull_request_exits_0(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "mkdocs.yml", "Test Registry", "The Registry")
    commit(repo, "maintainer")
    code, out, err = review(capsys, repo, "--author", str(REGISTRY_TEAM))
    assert (code, err) == (0, "")
    assert "(a registry maintainer): 1 changed file\n" in out
    assert out.splitlines()[-1] == "allowed: every change is allowed and the head tree passes `credreg check`"


def test_a_failing_head_check_refuses_an_allowed_change(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, DEV, "level:", "levle:")
    head = commit(repo, "owner breaks the badge")
    code, out, err = review(capsys, repo, "--author", "202130", "--format", "json")
    report = json.loads(out)
    assert (code, err, report["ok"], report["refused"], report["check"]["ok"]) == (1, "", False, [], False)
    assert {k: report[k] for k in ("version", "base", "head", "author", "registryMaintainer", "changes")} == {
        "version": 1, "base": git(repo, "rev-parse", "base"), "head": head, "author": 202130,
        "registryMaintainer": False, "changes": [{"path": DEV, "status": "modified"}]}
    assert sorted(p["code"] for p in report["check"]["problems"]) == ["missing-field", "unknown-field"]
    code, out, _ = review(capsys, repo, "--author", "202130")
    assert out.splitlines()[-1] == "refused: the head tree fails `credreg check`"


def test_only_commits_are_judged_never_the_working_tree(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "registry.yaml").write_text("maintainers:\n  - login: mallory\n    id: 777\n")  # uncommitted
    edit(repo, "mkdocs.yml", "Test Registry", "The Registry")
    code, out, _ = review(capsys, repo, "--author", "777", "--head", "base", "--format", "json")
    assert (code, json.loads(out)["changes"], json.loads(out)["registryMaintainer"]) == (0, [], False)


USAGE_ERRORS = [  # (name, arguments after `credreg review --root REPO`, the exact first line of stderr)
    ("a login instead of an id", ["--base", "base", "--author", "octocat"],
     "error: credreg review: argument --author: 'octocat' is not a GitHub account id: give the author's numeric id "
     "(in a workflow: github.event.pull_request.user.id), not a login, since a login can be renamed"),
    ("a negative id", ["--base", "base", "--author=-5"],
     "error: credreg review: argument --author: '-5' is not a GitHub account id: give the author's numeric id "
     "(in a workflow: github.event.pull_request.user.id), not a login, since a login can be renamed"),
    ("id zero", ["--base", "base", "--author", "0"],
     "error: credreg review: argument --author: '0' is not a GitHub account id: give the author's numeric id "
     "(in a workflow: github.event.pull_request.user.id), not a login, since a login can be renamed"),
    ("non-ASCII digits", ["--base", "base", "--author", "１２"],
     "error: credreg review: argument --author: '１２' is not a GitHub account id: give the author's numeric id "
     "(in a workflow: github.event.pull_request.user.id), not a login, since a login can be renamed"),
    ("no author", ["--base", "base"], "error: credreg review: the following arguments are required: --author"),
    ("no base", ["--author", "1"], "error: credreg review: the following arguments are required: --base"),
    ("an unknown base", ["--base", "no-such-branch", "--author", "1"],
     "error: --base: 'no-such-branch' names no commit in {repo}"),
    ("an unknown head", ["--base", "base", "--head", "deadbeef", "--author", "1"],
     "error: --head: 'deadbeef' names no commit in {repo}"),
    ("a revision that reads as an option", ["--base=--output=/tmp/x", "--author", "1"],
     "error: --base: '--output=/tmp/x' is not a revision"),
    ("an unknown format", ["--base", "base", "--author", "1", "--format", "xml"],
     "error: credreg review: argument --format: invalid choice: 'xml' (choose from 'text', 'json')"),
]


@pytest.mark.parametrize("argv, message", [c[1:] for c in USAGE_ERRORS], ids=[c[0] for c in USAGE_ERRORS])
def test_usage_errors_exit_2(repo: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str) -> None:
    code = main(["review", "--root", str(repo), *argv])
    out, err = capsys.readouterr()
    assert (code, out, err.splitlines()[0]) == (2, "", message.format(repo=repo))


def test_a_root_that_is_not_a_folder(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["review", "--root", str(tmp_path / "nowhere"), "--base", "main", "--author", "1"])
    assert (code, capsys.readouterr().err.splitlines()[0]) == \
        (2, f"error: repository root '{tmp_path / 'nowhere'}' is not a folder")


def test_the_summary_is_appended_for_the_job_summary(repo: Path, tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, DEV, "Shows", "Proves")
    commit(repo, "a stranger edits acme's badge class")
    summary = tmp_path / "step-summary.md"
    summary.write_text("earlier step\n")
    code, _, err = review(capsys, repo, "--author", "777", "--summary", str(summary))
    assert (code, err) == (1, "")
    text = summary.read_text()
    assert text.startswith("earlier step\n## Pull request summary\n")  # appended, as $GITHUB_STEP_SUMMARY is
    assert "review-owner" in text and "python-developer" in text


def test_an_unwritable_summary_is_an_error_not_a_traceback(repo: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = review(capsys, repo, "--author", "777", "--summary", str(tmp_path / "no" / "such" / "dir.md"))
    assert code == 1
    assert err.startswith(f"error: cannot write the summary to {tmp_path / 'no' / 'such' / 'dir.md'}: ")
