"""`credreg review` on real git repositories: one table of pull requests, each with its author, its change,
and the exact exit code, refused changes and head-check errors it must give.

The base registry: issuers acme and globex (tests/support.py), a registry.yaml naming registry maintainer
500, site files, and two signed awards of acme/intro-python, one of them (bob's) revoked.
"""
from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from support import award_for, commit, fixture_key, fixture_signing_key, git, init_repo, MKDOCS_YML, signing_files, write_tree

from registry.cli import main
from registry.keys import lifecycle, store
from registry.keys.statement import signed_statement, statement_text
from registry.urls import SiteUrls

REGISTRY_TEAM, STRANGER = 500, 777
ACME = int(hashlib.sha256(b"Acme Training").hexdigest()[:5], 16) + 1  # acme's maintainer (support.issuer_yaml)
GLOBEX = int(hashlib.sha256(b"Globex Academy").hexdigest()[:5], 16) + 1
AWARDED, REVOKED, LATER = (datetime(2026, 2, 1, tzinfo=timezone.utc), datetime(2026, 3, 1, tzinfo=timezone.utc),
                           datetime(2026, 4, 1, tzinfo=timezone.utc))
REGISTRY_YAML = f"maintainers:\n  - login: registry-team\n    id: {REGISTRY_TEAM}\nadmission:\n  issuers: registry-maintainers\n"
KEY_1 = '    validFrom: "2025-01-01T00:00:00Z"\n'  # the end of key-1 in each issuer.yaml
INTRO, DEV = "credentials/acme/intro-python", "credentials/acme/python-developer"
ACME_YAML, GLOBEX_YAML = "issuers/acme/issuer.yaml", "issuers/globex/issuer.yaml"




def edit(root: Path, path: str, old: str, new: str) -> None:
    """Replace `old` (which must be there) by `new` in the file at `path`."""
    text = (root / path).read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    (root / path).write_text(text.replace(old, new, 1), encoding="utf-8")


def add(root: Path, path: str, text: str) -> None:
    write_tree(root, {path: text})


def award_file(root: Path, who: str) -> str:
    return next(p.relative_to(root).as_posix() for p in (root / INTRO / "awards").glob("*.json")
                if json.loads(p.read_text())["id"].endswith(f"/{IDS[who]}.json"))


IDS: dict[str, str] = {}  # "ada", "bob" → credential id, filled by the `template` fixture


def new_issuer(root: Path, key: str = fixture_key("initech"), kind: str = "training-provider") -> None:
    from support import SVG, issuer_yaml
    add(root, "issuers/initech/issuer.yaml", issuer_yaml("Initech Learning", key, kind))
    add(root, "issuers/initech/logo.svg", SVG)


def second_key(root: Path, key: str = fixture_key("acme-2")) -> None:
    edit(root, ACME_YAML, KEY_1, KEY_1 + f"  - id: key-2\n    type: Multikey\n    publicKeyMultibase: {key}\n"
                                         '    validFrom: "2026-04-01T00:00:00Z"\n')


def rotate_key(root: Path) -> None:
    """`credreg key rotate` as the owner runs it: a new key, the old one retired, the statement signed by it."""
    lifecycle.rotate(root, fixture_signing_key("acme"), datetime(2026, 4, 1, tzinfo=timezone.utc), key_id="key-2",
                     out=root.parent / "acme-key-2.json")


def vouched_by_retired_key(root: Path) -> None:
    """With key-2 in use since the base, a new key-3 whose statement the retired key-1 signed, backdated."""
    new = store.generate("acme", "key-3")
    when = datetime(2025, 2, 1, tzinfo=timezone.utc)  # while key-1 was still valid: the statement checks clean
    statement = signed_statement(new, when, fixture_signing_key("acme"), SiteUrls.parse("https://registry.test/"), when)
    add(root, "issuers/acme/keys/key-3.json", statement_text(statement))
    text = (root / ACME_YAML).read_text()  # appended last, so the key-1 signer is listed before it, as check asks
    (root / ACME_YAML).write_text(text + f"  - id: key-3\n    type: Multikey\n    publicKeyMultibase: "
                                  f"{new.public_multibase}\n    validFrom: \"2025-02-01T00:00:00Z\"\n")


def globex_accreditor(root: Path) -> None:
    edit(root, GLOBEX_YAML, "kind: training-provider", "kind: accreditor")


def resign_status_list(root: Path, revoked: list[int]) -> None:
    from registry.award import issue
    issue.write_status_list(issue.open_registry(root, fixture_signing_key("acme"), LATER), LATER, revoked)


def revoke_ada(root: Path) -> None:
    from registry.award import issue
    issue.revoke(issue.open_registry(root, fixture_signing_key("acme"), LATER), IDS["ada"], "copied work", LATER)


KEPT_REASON = "her other components still support it"


def _signed(root: Path, when: datetime) -> Any:
    from registry.award import issue
    return issue.open_registry(root, fixture_signing_key("acme"), when)


def stacked_base(root: Path) -> None:
    """Python Developer stacked on Intro to Python and Testing Basics (pathways_support's pathway); Ada's and
    Carol's awards of it, each outlived by its revoked Testing Basics; Ada's kept by `credreg keep`, Carol's not."""
    from pathways_support import day, stacked_files

    from registry.award import issue, keep
    write_tree(root, {path: text for path, text in stacked_files().items()
                      if path.startswith(("credentials/acme/", "issuers/council/"))})
    carol = "carol@example.net"
    award_for(root, day("2026-02-05"), email=carol, seed=3, results={"quality": "good"})
    testing = [award_for(root, day("2026-02-05"), badge="acme/testing-basics", email=who, seed=seed,
                         results={"quality": "good"}).stem for who, seed in (("ada@example.net", 4), (carol, 5))]
    IDS.update({f"{who}_dev": award_for(root, day("2026-02-10"), badge="acme/python-developer", email=email,
                                         seed=seed, results={"quality": "good"}).stem
                for who, email, seed in (("ada", "ada@example.net", 6), ("carol", carol, 7))})
    for credential in testing:
        issue.revoke(_signed(root, day("2026-03-10")), credential, "test answers were shared", day("2026-03-10"))
    keep.keep(_signed(root, day("2026-03-15")), IDS["ada_dev"], KEPT_REASON, day("2026-03-15"))


def keep_carol(root: Path) -> None:
    """`credreg keep` of Carol's stacked award: a new decision appended after Ada's."""
    from registry.award import keep
    keep.keep(_signed(root, LATER), IDS["carol_dev"], "her interview still supports it", LATER)


def drop_kept(root: Path) -> None:
    """Ada's decision (and the `kept:` section it was alone in) removed from revocations.yaml."""
    path = root / "credentials/acme/revocations.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.index("# Stacked awards")], encoding="utf-8")


def edit_award(root: Path) -> None:
    path = root / award_file(root, "ada")
    doc = json.loads(path.read_text())
    doc["validFrom"] = "2025-01-01T00:00:00Z"
    path.write_text(json.dumps(doc, indent=2))


def rename_globex(root: Path) -> None:
    git(root, "mv", "issuers/globex", "issuers/globex2")
    git(root, "mv", "credentials/globex", "credentials/globex2")


@dataclass(frozen=True)
class PullRequest:
    """A pull request: who opens it, what it changes (and what the base first becomes), what review says."""

    name: str
    author: int
    change: Callable[[Path], None]
    exit: int
    refused: list[tuple[str, str, str]]  # (file, code, message); {ada} and {bob} stand for credential ids
    check: list[str] | None = None  # the head check's error codes (None: it passes)
    base: Callable[[Path], None] | None = None


OWNER_ONLY = "only the maintainers of 'acme' may modify this file: GitHub ids {acme} in issuers/acme/issuer.yaml at base; author {who} is not one"
SITE = "only a registry maintainer may modify this file: "
MIXED = "this pull request also changes issuer data (1 file under issuers/ or credentials/): code and data are never reviewed together"
GLOBEX_OWNED = "only the maintainers of 'globex' may delete this file: GitHub ids {globex} in issuers/globex/issuer.yaml at base; author 777 is not one"
NEW_INITECH = "new issuer 'initech' (2 files): only a registry maintainer admits a new issuer (registry.yaml at base: admission.issuers is registry-maintainers)"

PULL_REQUESTS = [
    # --- an issuer's folders: its maintainers at base only -------------------------------------------------------
    PullRequest("the owner edits its badge class", ACME, lambda r: edit(r, f"{DEV}/badge.yaml", "Shows", "Proves"), 0, []),
    PullRequest("a stranger edits acme's badge class", STRANGER, lambda r: edit(r, f"{DEV}/badge.yaml", "Shows", "Proves"),
                1, [(f"{DEV}/badge.yaml", "review-owner", OWNER_ONLY.format(acme=ACME, who=STRANGER))]),
    PullRequest("another issuer's maintainer edits acme's badge class", GLOBEX,
                lambda r: edit(r, f"{DEV}/badge.yaml", "Shows", "Proves"),
                1, [(f"{DEV}/badge.yaml", "review-owner", OWNER_ONLY.format(acme=ACME, who=GLOBEX))]),
    PullRequest("a stranger adds themselves to acme's maintainers in the pull request", STRANGER,
                lambda r: (edit(r, ACME_YAML, "maintainers:\n", f"maintainers:\n  - login: mallory\n    id: {STRANGER}\n"),
                           edit(r, f"{DEV}/badge.yaml", "Shows", "Proves")),
                1, [(f"{DEV}/badge.yaml", "review-owner", OWNER_ONLY.format(acme=ACME, who=STRANGER)),
                    (ACME_YAML, "review-owner", OWNER_ONLY.format(acme=ACME, who=STRANGER))]),
    PullRequest("a stranger adds a file under issuers/acme/", STRANGER,
                lambda r: add(r, "issuers/acme/banner.svg", "<svg/>"),
                1, [("issuers/acme/banner.svg", "review-owner",
                     OWNER_ONLY.format(acme=ACME, who=STRANGER).replace("modify", "add"))], ["unsafe-svg"]),
    PullRequest("a registry maintainer edits acme's badge class", REGISTRY_TEAM,
                lambda r: edit(r, f"{DEV}/badge.yaml", "Shows", "Proves"), 0, []),
    PullRequest("a stranger renames globex's folders", STRANGER, rename_globex, 1, [
        ("credentials/globex/data-basics/badge.svg", "review-owner", GLOBEX_OWNED),
        ("credentials/globex/data-basics/badge.yaml", "review-owner", GLOBEX_OWNED),
        ("credentials/globex/data-basics/rubrics/v1.yaml", "review-owner", GLOBEX_OWNED),
        (GLOBEX_YAML, "review-history", "key 'key-1' is removed: keys are never removed (retire or revoke it instead)"),
        (GLOBEX_YAML, "review-owner", GLOBEX_OWNED),
        ("issuers/globex/logo.svg", "review-owner", GLOBEX_OWNED),
        ("issuers/globex2/issuer.yaml", "review-admission", "new issuer 'globex2' (5 files): only a registry maintainer "
         "admits a new issuer (registry.yaml at base: admission.issuers is registry-maintainers)"),
        ("issuers/globex2/issuer.yaml", "review-key", "key 'key-1' is the public key of issuer 'globex' (at base): a "
         "public key belongs to one issuer only")]),
    # --- new issuers and accreditors ----------------------------------------------------------------------------
    PullRequest("a stranger proposes a new issuer", STRANGER, new_issuer, 1,
                [("issuers/initech/issuer.yaml", "review-admission", NEW_INITECH)]),
    PullRequest("a stranger's new issuer, opening admission in the pull request's registry.yaml", STRANGER,
                lambda r: (new_issuer(r), edit(r, "registry.yaml", "issuers: registry-maintainers", "issuers: anyone")), 1,
                [("issuers/initech/issuer.yaml", "review-admission", NEW_INITECH),
                 ("registry.yaml", "review-mixed", MIXED.replace("(1 file", "(2 files")),
                 ("registry.yaml", "review-site-code", SITE + "it names the registry maintainers and the admission policy")]),
    PullRequest("a registry maintainer admits a new issuer", REGISTRY_TEAM, new_issuer, 0, []),
    PullRequest("anyone proposes an issuer where base admission is anyone", STRANGER, new_issuer, 0, [],
                base=lambda r: edit(r, "registry.yaml", "issuers: registry-maintainers", "issuers: anyone")),
    PullRequest("a stranger proposes a new accreditor", STRANGER, lambda r: new_issuer(r, kind="accreditor"), 1,
                [("issuers/initech/issuer.yaml", "review-accreditor",
                  "'initech' becomes an accreditor: only a registry maintainer admits an accreditor"),
                 ("issuers/initech/issuer.yaml", "review-admission", NEW_INITECH)]),
    PullRequest("an issuer's maintainer makes it an accreditor", GLOBEX, globex_accreditor, 1,
                [(GLOBEX_YAML, "review-accreditor", "'globex' becomes an accreditor: only a registry maintainer "
                  "admits an accreditor")]),
    # --- site and registry code: registry maintainers only, never beside issuer data ------------------------------
    PullRequest("a registry maintainer edits mkdocs.yml", REGISTRY_TEAM,
                lambda r: edit(r, "mkdocs.yml", "Test Registry", "The Registry"), 0, []),
    PullRequest("a stranger adds hooks to mkdocs.yml", STRANGER,
                lambda r: edit(r, "mkdocs.yml", "docs_dir", "hooks:\n  - evil.py\ndocs_dir"), 1,
                [("mkdocs.yml", "review-site-code", SITE + "it configures the site build, whose plugins and hooks run code")]),
    PullRequest("a stranger puts a script in overrides/", STRANGER,
                lambda r: edit(r, "overrides/main.html", "{% block content %}", "<script>steal()</script>{% block content %}"),
                1, [("overrides/main.html", "review-site-code", SITE + "it holds the site's templates and pages, which "
                     "run in every visitor's browser")]),
    PullRequest("a stranger edits a CI workflow", STRANGER, lambda r: edit(r, ".github/workflows/review.yml", "on:", "on: #"),
                1, [(".github/workflows/review.yml", "review-site-code", SITE + "it holds the CI workflows and code "
                     "owners, which decide what runs and who approves")]),
    PullRequest("a stranger adds themselves to registry.yaml", STRANGER,
                lambda r: edit(r, "registry.yaml", "admission:", f"  - login: mallory\n    id: {STRANGER}\nadmission:"), 1,
                [("registry.yaml", "review-site-code", SITE + "it names the registry maintainers and the admission policy")]),
    PullRequest("a stranger adds a file at the top of issuers/", STRANGER, lambda r: add(r, "issuers/README.md", "hi\n"),
                1, [("issuers/README.md", "review-site-code", "only a registry maintainer may add this file: it is outside "
                     "the issuer data folders (issuers/<id>/, credentials/<id>/)")], ["unexpected-file"]),
    PullRequest("a registry maintainer changes site code beside issuer data", REGISTRY_TEAM,
                lambda r: (edit(r, "mkdocs.yml", "Test Registry", "The Registry"), edit(r, f"{DEV}/badge.yaml", "Shows", "Proves")),
                1, [("mkdocs.yml", "review-mixed", MIXED)]),
    PullRequest("an issuer's maintainer changes pyproject.toml beside its data", ACME,
                lambda r: (add(r, "pyproject.toml", "[project]\n"), edit(r, f"{DEV}/badge.yaml", "Shows", "Proves")),
                1, [("pyproject.toml", "review-mixed", MIXED),
                    ("pyproject.toml", "review-site-code", "only a registry maintainer may add this file: it decides "
                     "what is installed and how the package runs")]),
    # --- history is append-only, for the owner too -----------------------------------------------------------------
    PullRequest("the owner deletes an award", ACME, lambda r: (r / award_file(r, "ada")).unlink(), 1,
                [("{ada_file}", "review-history", "award {ada} is deleted: an award is never deleted or edited")]),
    PullRequest("the owner edits an award", ACME, edit_award, 1,
                [("{ada_file}", "review-history", "award {ada} is edited: an award is never deleted or edited")],
                ["award-signature"]),
    PullRequest("the owner revokes an award", ACME, revoke_ada, 0, []),
    PullRequest("the owner removes a revocation", ACME,
                lambda r: (r / "credentials/acme/revocations.yaml").write_text("revocations: []\n"), 1,
                [("credentials/acme/revocations.yaml", "review-history", "revocations.0 (credential {bob}) is removed "
                  "or changed: revocation records are only appended")], ["status-list-mismatch"]),
    PullRequest("the owner rewrites the reason of a kept decision", ACME,
                lambda r: edit(r, "credentials/acme/revocations.yaml", KEPT_REASON, "the council says it stands"), 1,
                [("credentials/acme/revocations.yaml", "review-history", "kept.0 (credential {ada_dev}) is removed or "
                  "changed: kept decisions are only appended")], base=stacked_base),
    PullRequest("the owner moves a kept decision's moment", ACME,
                lambda r: edit(r, "credentials/acme/revocations.yaml", "keptAt: \"2026-03-15T10:00:00Z\"",
                               "keptAt: \"2026-03-16T10:00:00Z\""), 1,
                [("credentials/acme/revocations.yaml", "review-history", "kept.0 (credential {ada_dev}) is removed or "
                  "changed: kept decisions are only appended")], base=stacked_base),
    PullRequest("the owner deletes a kept decision", ACME, drop_kept, 1,
                [("credentials/acme/revocations.yaml", "review-history", "kept.0 (credential {ada_dev}) is removed or "
                  "changed: kept decisions are only appended")], base=stacked_base),
    PullRequest("the owner keeps another stacked award after its kept decision", ACME, keep_carol, 0, [],
                base=stacked_base),
    PullRequest("the owner re-signs its status list without a revocation", ACME, lambda r: resign_status_list(r, []), 1,
                [("credentials/acme/status/1.json", "review-history", "the status list clears 1 revoked entry ({bob_index}): "
                  "revocations are never undone")], ["status-list-mismatch"]),
    PullRequest("the owner lowers the pass mark of a rubric awards used", ACME,
                lambda r: edit(r, f"{INTRO}/rubrics/v1.yaml", "passThreshold: 3", "passThreshold: 1"), 1,
                [(f"{INTRO}/rubrics/v1.yaml", "review-history", "rubric v1 of acme/intro-python is edited, but 2 awards "
                  "at base use it: a used rubric version never changes, so past awards stay auditable")], ["award-rubric"]),
    PullRequest("the owner deletes a rubric awards used", ACME, lambda r: (r / f"{INTRO}/rubrics/v1.yaml").unlink(), 1,
                [(f"{INTRO}/rubrics/v1.yaml", "review-history", "rubric v1 of acme/intro-python is deleted, but 2 awards "
                  "at base use it: a used rubric version never changes, so past awards stay auditable")], ["missing-rubric"]),
    PullRequest("the owner backdates its key", ACME, lambda r: edit(r, ACME_YAML, KEY_1, KEY_1.replace("2025", "2020")), 1,
                [(ACME_YAML, "review-history", "key 'key-1' has its validFrom moved earlier: a key never signs before it "
                  "was introduced")]),
    PullRequest("the owner edits a rubric no award used", ACME,
                lambda r: edit(r, f"{DEV}/rubrics/v1.yaml", "passThreshold: 3", "passThreshold: 4"), 0, []),
    PullRequest("the owner removes its key", ACME,
                lambda r: edit(r, ACME_YAML, "  - id: key-1\n", "  - id: key-0\n"), 1,
                [(ACME_YAML, "review-history", "key 'key-1' is removed: keys are never removed (retire or revoke it instead)"),
                 (ACME_YAML, "review-key", "key 'key-0' is added without its key-change statement issuers/acme/keys/key-0.json")],
                ["award-key"]),
    PullRequest("the owner takes back a key's revocation", ACME,
                lambda r: edit(r, ACME_YAML, '    revokedAt: "2026-05-01T00:00:00Z"\n    revocationReason: superseded\n', ""),
                1, [(ACME_YAML, "review-history", "key 'key-1' has its revokedAt removed or changed: a revoked key never returns")],
                base=lambda r: edit(r, ACME_YAML, KEY_1, KEY_1 + '    revokedAt: "2026-05-01T00:00:00Z"\n'
                                                                 "    revocationReason: superseded\n")),
    PullRequest("the owner extends a retired key", ACME,
                lambda r: edit(r, ACME_YAML, "2026-05-01T00:00:00Z", "2027-05-01T00:00:00Z"),
                1, [(ACME_YAML, "review-history", "key 'key-1' has its validUntil removed or moved later: a retired key "
                     "never returns")],
                base=lambda r: edit(r, ACME_YAML, KEY_1, KEY_1 + '    validUntil: "2026-05-01T00:00:00Z"\n')),
    # --- keys: a statement for each new key, one issuer per public key ---------------------------------------------
    PullRequest("the owner adds a key without its statement", ACME, second_key, 1,
                [(ACME_YAML, "review-key", "key 'key-2' is added without its key-change statement issuers/acme/keys/key-2.json")]),
    PullRequest("a registry maintainer adds a key without a statement (recovery)", REGISTRY_TEAM, second_key, 0, []),
    PullRequest("a second issuer reuses acme's public key", REGISTRY_TEAM,
                lambda r: new_issuer(r, fixture_signing_key("acme").public_multibase), 1,
                [("issuers/initech/issuer.yaml", "review-key", "key 'key-1' is the public key of issuer 'acme' (at base): "
                  "a public key belongs to one issuer only")], ["duplicate-key"]),
    PullRequest("the owner rotates its key, with the statement credreg key rotate writes", ACME, rotate_key, 0, []),
    PullRequest("a retired key vouches for a backdated new key", ACME, vouched_by_retired_key, 1,
                [(ACME_YAML, "review-key", "key 'key-3' is valid from 2025-02-01T00:00:00Z, before the issuer's "
                  "newest key at base (2026-04-01T00:00:00Z)"),
                 (ACME_YAML, "review-key", "key 'key-3' is vouched for by key-1, not by a key in use at base (key-2)")],
                base=rotate_key),
    PullRequest("the owner adds globex's public key as its own", ACME,
                lambda r: second_key(r, fixture_signing_key("globex").public_multibase), 1,
                [(ACME_YAML, "review-key", "key 'key-2' is added without its key-change statement issuers/acme/keys/key-2.json"),
                 (ACME_YAML, "review-key", "key 'key-2' is the public key of issuer 'globex' (at base): a public key "
                  "belongs to one issuer only")], ["duplicate-key"]),
]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The base registry as a git repository, tagged `base`; each test works on a copy."""
    root = tmp_path_factory.mktemp("review") / "repo"
    files = signing_files()
    files.update({"mkdocs.yml": MKDOCS_YML, "registry.yaml": REGISTRY_YAML,
                  "overrides/main.html": "{% extends 'base.html' %}\n{% block content %}{{ super() }}{% endblock %}\n",
                  ".github/workflows/review.yml": "on: pull_request\n"})
    write_tree(root, files)
    with pytest.MonkeyPatch.context() as env:
        env.setenv("CREDREG_CACHE_DIR", str(root.parent / "cache"))
        ada = award_for(root, AWARDED, results={"quality": "good"})
        bob = award_for(root, AWARDED, email="bob@example.net", seed=2, results={"quality": "good"})
        IDS.update(ada=ada.stem, bob=bob.stem)
        from registry.award import issue
        issue.revoke(issue.open_registry(root, fixture_signing_key("acme"), REVOKED), bob.stem, "copied work", REVOKED)
        IDS["bob_index"] = str(json.loads(bob.read_text())["credentialStatus"]["statusListIndex"])
    init_repo(root, base_tag="base")
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def repo(template: Path, tmp_path: Path, check_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the base repository, with the check's cache shared by the session."""
    monkeypatch.setenv("CREDREG_CACHE_DIR", str(check_cache))
    return Path(shutil.copytree(template, tmp_path / "repo", symlinks=True))


@pytest.mark.parametrize("pr", PULL_REQUESTS, ids=[p.name for p in PULL_REQUESTS])
def test_pull_request(pr: PullRequest, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    if pr.base:
        pr.base(repo)
        commit(repo, "base, for this case")
        git(repo, "tag", "-f", "base")
    git(repo, "checkout", "-q", "-b", "pull-request")
    pr.change(repo)
    commit(repo, pr.name)
    code, out, err = run(capsys, "review", "--root", str(repo), "--base", "base", "--author", str(pr.author),
                         "--format", "json")
    report = json.loads(out)
    names = dict(IDS, acme=ACME, globex=GLOBEX)
    names["ada_file"] = f"{INTRO}/awards/{IDS['ada']}.json"
    expected = [(f.format(**names), c, m.format(**names)) for f, c, m in pr.refused]
    assert [(p["file"], p["code"], p["message"]) for p in report["refused"]] == expected
    assert sorted({p["code"] for p in report["check"]["problems"] if p["severity"] == "error"}) == (pr.check or [])
    assert (code, report["ok"], err) == (pr.exit, pr.exit == 0, "")
