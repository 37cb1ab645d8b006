"""`credreg review` of pull requests that add, withdraw or remove endorsements, on real git repositories.

The base: the endorsement registry of tests/endorsement_support.py (the accreditor council, acme accepting it
for acme/intro-python and for acme itself, acme/python-developer accepting globex), a registry.yaml naming
registry maintainer 500, and one signed endorsement by the council of acme/intro-python (E1).
"""
from __future__ import annotations

import hashlib
import json
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest
from endorsement_support import COUNCIL, PARTNER, SIGNED, context, endorse_for, endorsement_files
from support import MKDOCS_YML, commit, git, init_repo, write_tree

from registry.award import endorse, issue
from registry.cli import main

REGISTRY_TEAM, STRANGER = 500, 777
ACME, GLOBEX, COUNCIL_ID = (int(hashlib.sha256(name.encode()).hexdigest()[:5], 16) + 1
                            for name in ("Acme Training", "Globex Academy", "Council Accreditation"))
REGISTRY_YAML = (f"maintainers:\n  - login: registry-team\n    id: {REGISTRY_TEAM}\n"
                 "admission:\n  issuers: registry-maintainers\n")
GLOBEX_YAML, COUNCIL_YAML = "issuers/globex/issuer.yaml", "issuers/council/issuer.yaml"
DEV, DATA = "credentials/acme/python-developer/badge.yaml", "credentials/globex/data-basics/badge.yaml"
LATER = datetime(2026, 3, 1, tzinfo=timezone.utc)
E1: dict[str, str] = {}  # "id" → the base endorsement's id, filled by the `template` fixture


def _edit(root: Path, path: str, old: str, new: str) -> None:
    text = (root / path).read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")


def _new(root: Path, subject: str, endorser: str = COUNCIL, seed: int = 11) -> str:
    """An endorsement signed at LATER by `endorser`'s real key, written as `credreg endorse` writes it; its path."""
    path = endorse_for(root, subject, LATER, endorser=endorser, seed=seed)
    return path.relative_to(root).as_posix()


def _signed_only(root: Path, subject: str, endorser: str = COUNCIL) -> None:
    """An endorsement of an issuer that never accepted it, really signed by `endorser` (on a throwaway copy of
    the registry that accepts it): what a hostile endorser could commit without `credreg endorse`."""
    scratch = root.parent / "scratch"
    shutil.copytree(root, scratch, ignore=shutil.ignore_patterns(".git"))
    _edit(scratch, DATA, "buildsOn: []\n", f"buildsOn: []\nacceptsEndorsementFrom: [{endorser}]\n")
    path = endorse.endorse(context(scratch, endorser, LATER),
                           endorse.EndorseRequest(subject, "Reviewed."), LATER, random.Random(5))
    rel = path.relative_to(scratch).as_posix()
    write_tree(root, {rel: path.read_text(encoding="utf-8")})
    shutil.rmtree(scratch)


def _accept(root: Path, path: str, endorser: str) -> None:
    _edit(root, path, "buildsOn: []\n", f"buildsOn: []\nacceptsEndorsementFrom: [{endorser}]\n")


def _accreditor(root: Path) -> None:
    _edit(root, GLOBEX_YAML, "kind: training-provider", "kind: accreditor")


def _withdraw(root: Path) -> None:
    issue.revoke(context(root, COUNCIL, LATER), E1["id"], "Council found shortcuts.", LATER)


def _e1(root: Path) -> Path:
    return root / f"credentials/council/endorsements/{E1['id']}.json"


def _also_council(root: Path) -> None:
    """At base, acme's maintainer is a maintainer of the council too (one person in both organisations)."""
    _edit(root, COUNCIL_YAML, "maintainers:\n", f"maintainers:\n  - login: maintainer-acme\n    id: {ACME}\n")


@dataclass(frozen=True)
class PullRequest:
    """Who opens it, what it changes (and what the base first becomes), and what review refuses:
    (file, code, message), `{E1}` and `{new}` standing for the base endorsement's id and the added file."""

    name: str
    author: int
    change: Callable[[Path], str | None]
    exit: int
    refused: list[tuple[str, str, str]]
    check: list[str] | None = None  # the head check's error codes (None: it passes)
    base: Callable[[Path], None] | None = None


OWNER = ("only the maintainers of 'council' may add this file: GitHub ids {council} in issuers/council/issuer.yaml at "
         "base; author {who} is not one")
E1_FILE = "credentials/council/endorsements/{E1}.json"

PULL_REQUESTS = [
    PullRequest("the council's maintainer endorses an accepting issuer", COUNCIL_ID, lambda r: _new(r, "acme"), 0, []),
    PullRequest("a partner's maintainer co-brands an accepting badge class", GLOBEX,
                lambda r: _new(r, "acme/python-developer", PARTNER), 0, []),
    PullRequest("a partner makes itself an accreditor, with an endorsement", GLOBEX,
                lambda r: (_accreditor(r), _new(r, "acme/python-developer", PARTNER))[1], 1,
                [(GLOBEX_YAML, "review-accreditor",
                  "'globex' becomes an accreditor: only a registry maintainer admits an accreditor")]),
    PullRequest("a registry maintainer admits the partner as an accreditor", REGISTRY_TEAM,
                lambda r: (_accreditor(r), _new(r, "acme/python-developer", PARTNER))[1], 0, []),
    PullRequest("acceptance added in the same pull request by a maintainer of both", ACME,
                lambda r: (_edit(r, DEV, f"[{PARTNER}]", f"[{PARTNER}, {COUNCIL}]"), _new(r, "acme/python-developer"))[1],
                1, [("{new}", "review-acceptance", "'council' endorses acme/python-developer, but "
                     f"{DEV} at base does not accept endorsements from 'council'")],
                base=_also_council),
    PullRequest("acceptance added in the same pull request by a registry maintainer", REGISTRY_TEAM,
                lambda r: (_accept(r, DATA, COUNCIL), _new(r, "globex/data-basics"))[1],
                1, [("{new}", "review-acceptance", "'council' endorses globex/data-basics, but "
                     f"{DATA} at base does not accept endorsements from 'council'")]),
    PullRequest("an endorsement never accepted", COUNCIL_ID, lambda r: (_signed_only(r, "globex/data-basics"), None)[1],
                1, [("credentials/council/endorsements/{any}.json", "review-acceptance",
                     "'council' endorses globex/data-basics, but "
                     f"{DATA} at base does not accept endorsements from 'council'")], ["endorsement-not-accepted"]),
    PullRequest("a stranger adds the council's endorsement", STRANGER, lambda r: _new(r, "acme"), 1,
                [("{new}", "review-owner", OWNER)]),
    PullRequest("a partner files an endorsement under the council", GLOBEX, lambda r: _new(r, "acme"), 1,
                [("{new}", "review-owner", OWNER)]),
    PullRequest("the council withdraws its endorsement", COUNCIL_ID, lambda r: (_withdraw(r), None)[1], 0, []),
    PullRequest("the council deletes its endorsement", COUNCIL_ID, lambda r: (_e1(r).unlink(), None)[1], 1,
                [(E1_FILE, "review-history", "endorsement {E1} is deleted: an endorsement is never deleted or edited "
                  "(awards carry it as signed)")]),
    PullRequest("a registry maintainer deletes an endorsement", REGISTRY_TEAM, lambda r: (_e1(r).unlink(), None)[1], 1,
                [(E1_FILE, "review-history", "endorsement {E1} is deleted: an endorsement is never deleted or edited "
                  "(awards carry it as signed)")]),
    PullRequest("the council rewrites its endorsement's subject", COUNCIL_ID,
                lambda r: (_e1(r).write_text(_e1(r).read_text().replace("/badges/acme/intro-python/",
                                                                        "/badges/acme/python-developer/")), None)[1],
                1, [(E1_FILE, "review-history", "endorsement {E1} is edited: an endorsement is never deleted or "
                     "edited (awards carry it as signed)")],
                ["award-signature", "endorsement-content", "endorsement-not-accepted", "endorsement-scope"]),
]


def _remove_badge_with_its_endorsement(root: Path) -> None:
    """The python-developer badge class (no awards) goes, and globex's endorsement of it with it."""
    shutil.rmtree(root / "credentials/acme/python-developer")
    for path in (root / f"credentials/{PARTNER}/endorsements").glob("*.json"):
        path.unlink()


def _partner_endorses(root: Path) -> None:
    _new(root, "acme/python-developer", PARTNER)


REMOVALS = [
    PullRequest("a registry maintainer removes a badge class with its endorsement", REGISTRY_TEAM,
                lambda r: (_remove_badge_with_its_endorsement(r), None)[1], 0, [], base=_partner_endorses),
    PullRequest("the partner deletes its endorsement of a badge class that stays", GLOBEX,
                lambda r: ([p.unlink() for p in (r / f"credentials/{PARTNER}/endorsements").glob("*.json")], None)[1],
                1, [("{any_deleted}", "review-history", "endorsement {deleted} is deleted: an endorsement is never "
                     "deleted or edited (awards carry it as signed)")], base=_partner_endorses),
]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("review-endorsements") / "repo"
    files = endorsement_files()
    files.update({"mkdocs.yml": MKDOCS_YML, "registry.yaml": REGISTRY_YAML})
    write_tree(root, files)
    E1["id"] = endorse_for(root, "acme/intro-python", SIGNED).stem
    init_repo(root, base_tag="base")
    return root


@pytest.fixture
def repo(template: Path, tmp_path: Path, check_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("CREDREG_CACHE_DIR", str(check_cache))
    return Path(shutil.copytree(template, tmp_path / "repo", symlinks=True))


@pytest.mark.parametrize("pr", PULL_REQUESTS + REMOVALS, ids=[p.name for p in PULL_REQUESTS + REMOVALS])
def test_pull_request(pr: PullRequest, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if pr.base:
        pr.base(repo)
        commit(repo, "base, for this case")
        git(repo, "tag", "-f", "base")
    git(repo, "checkout", "-q", "-b", "pull-request")
    added = pr.change(repo)
    commit(repo, pr.name)
    code = main(["review", "--root", str(repo), "--base", "base", "--author", str(pr.author), "--format", "json"])
    out, err = capsys.readouterr()
    report = json.loads(out)
    new = set(git(repo, "diff", "--name-only", "--diff-filter=A", "base", "HEAD").splitlines())
    endorsements = [p for p in new if "/endorsements/" in p]
    gone = [p for p in git(repo, "diff", "--name-only", "--diff-filter=D", "base", "HEAD").splitlines()
            if "/endorsements/" in p]
    names = dict(E1=E1["id"], new=added or "", council=COUNCIL_ID, who=pr.author,
                 any=Path(endorsements[0]).stem if endorsements else "", any_deleted=gone[0] if gone else "",
                 deleted=Path(gone[0]).stem if gone else "")
    expected = [(f.format(**names), c, m.format(**names)) for f, c, m in pr.refused]
    assert [(p["file"], p["code"], p["message"]) for p in report["refused"]] == expected
    assert sorted({p["code"] for p in report["check"]["problems"] if p["severity"] == "error"}) == (pr.check or [])
    assert (code, report["ok"], err) == (pr.exit, pr.exit == 0, "")
