"""A stacked test registry with real signed awards, for the pathway, overview and evidence page tests.

Acme's pathway: Intro to Python (all of) and any 1 of Testing Basics / Git Basics → Python Developer
(micro-credential, accredited by the Skills Council from 2026-03-01 until 2027-12-31: a signed endorsement) → Python Engineer (full credential).
Awards go to Ada and Bob, components first; make_award finds and links each stacked award's components;
a component of each stacked award is revoked later (Ada's with the issuer's decision to keep hers), and
one badge is renewed. `co_branded` adds Globex's Data Basics as a co-branded step (countsTowards).
"""
from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from support import MKDOCS_YML, RUBRIC, SITE_CONFIG, SVG, badge_yaml, fixture_signing_key, issuer_yaml, \
    signing_files, write_tree

ADA, BOB = "ada@example.net", "bob@example.net"
NOW = datetime(2026, 11, 28, tzinfo=timezone.utc)
KEPT_REASON = "Her other components and the sprint interview still support it."
REVOKED_REASON = "Test answers were shared before the exam."


def day(text: str) -> datetime:
    return datetime.fromisoformat(text + "T10:00:00+00:00")


def requires_yaml(groups: str) -> str:
    """A badge.yaml fragment replacing the short form with `requires` groups."""
    return f"requires:\n{groups}"


SAME_ISSUER_GROUPS = "  - all: [intro-python]\n  - atLeast: 1\n    of: [testing-basics, git-basics]\n"
CO_BRANDED_GROUPS = "  - all: [intro-python]\n  - atLeast: 1\n    of: [testing-basics, git-basics, globex/data-basics]\n"
COUNCIL = issuer_yaml("Skills Council", fixture_signing_key("council").public_multibase, kind="accreditor")
ACCREDITATION = "Assessments re-marked blind on a sample of awards."


def stacked_files(groups: str = SAME_ISSUER_GROUPS) -> dict[str, str | bytes]:
    """The registry's files before any award: signing_files() plus the pathway and the accreditor."""
    files = signing_files()
    for bid, name in (("testing-basics", "Testing Basics"), ("git-basics", "Git Basics")):
        files[f"credentials/acme/{bid}/badge.yaml"] = badge_yaml(name)
        files[f"credentials/acme/{bid}/badge.svg"] = SVG
        files[f"credentials/acme/{bid}/rubrics/v1.yaml"] = RUBRIC
    developer = badge_yaml("Python Developer", "micro-credential").replace("buildsOn: []\n", requires_yaml(groups))
    files["credentials/acme/python-developer/badge.yaml"] = developer.replace(
        "  idChecked: false", "  idChecked: true").replace("methods: [project]", "methods: [project, interview]") \
        + "acceptsEndorsementFrom: [council]\n"
    files["credentials/acme/python-engineer/badge.yaml"] = badge_yaml("Python Engineer", "full-credential",
                                                                     "[python-developer]")
    files["credentials/acme/python-engineer/badge.svg"] = SVG
    files["credentials/acme/python-engineer/rubrics/v1.yaml"] = RUBRIC
    files["issuers/council/issuer.yaml"] = COUNCIL
    files["issuers/council/logo.svg"] = SVG
    files["mkdocs.yml"] = MKDOCS_YML + SITE_CONFIG
    files["overrides/docs/about.md"] = "# About\n\nA test registry.\n"
    return files


@dataclass(frozen=True)
class Stacked:
    """The registry folder and the ids of its awards, by role."""

    root: Path
    ids: dict[str, str]
    accreditation: str = ""  # the id of the Skills Council's signed endorsement of Python Developer


def _award(root: Path, badge: str, email: str, when: datetime, seed: int, links: tuple[str, ...] = (),
           renews: str | None = None) -> str:
    """One real award made by the code `credreg award` runs: a stacked class's components are found and linked
    by make_award itself (`links` names the ones expected, checked here), `renews` is linked as renewed."""
    from registry.award import issue
    from registry.ob3.document import COMPONENT_GENRE, RENEWAL_GENRE, linked_credential
    ctx = issue.open_registry(root, fixture_signing_key(badge.split("/")[0]), when)
    registry = ctx.registry

    def link(genre: str, cid: str) -> dict[str, Any]:
        other = registry.awards[cid]
        return linked_credential(genre, other.url, registry.badges[other.badge_key],
                                 registry.issuers[other.issuer_id], other.awarded)

    entries = (link(RENEWAL_GENRE, renews),) if renews else ()
    path = issue.award_one(ctx, badge, email, when, random.Random(seed), retake=True, results={"quality": "good"}, links=entries,
                           name=email.split("@")[0].title())
    signed = json.loads(path.read_text(encoding="utf-8"))
    recorded = [e["id"] for e in signed.get("evidence", []) if e.get("genre") == COMPONENT_GENRE]
    assert sorted(recorded) == sorted(registry.awards[c].url for c in links), (recorded, links)
    return path.stem


def _revoke(root: Path, cid: str, when: datetime) -> None:
    from registry.award import issue
    issue.revoke(issue.open_registry(root, fixture_signing_key("acme"), when), cid, REVOKED_REASON, when)


def _accredit(root: Path) -> str:
    """The Skills Council's signed endorsement of Python Developer, 2026-03-01 to 2027-12-31 (credreg endorse's code)."""
    from registry.award import endorse, issue
    when = day("2026-03-01")
    ctx = issue.open_registry(root, fixture_signing_key("council"), when)
    request = endorse.EndorseRequest("acme/python-developer", ACCREDITATION, valid_from=when,
                                     valid_until=datetime(2027, 12, 31, 23, 59, 59, tzinfo=timezone.utc))
    return endorse.endorse(ctx, request, when, random.Random(99)).stem


def build_stacked(root: Path, co_branded: bool = False) -> Stacked:
    """Write the stacked registry under `root` and award into it (see the module's docstring)."""
    write_tree(root, stacked_files())
    if co_branded:
        path = root / "credentials/globex/data-basics/badge.yaml"
        path.write_text(path.read_text() + "countsTowards: [acme/python-developer]\n")
    ids: dict[str, str] = {}
    ids["ada-intro"] = _award(root, "acme/intro-python", ADA, day("2026-01-15"), 1)
    ids["ada-testing"] = _award(root, "acme/testing-basics", ADA, day("2026-01-20"), 2)
    ids["ada-developer"] = _award(root, "acme/python-developer", ADA, day("2026-02-10"),
                                  3, (ids["ada-intro"], ids["ada-testing"]))
    accreditation = _accredit(root)
    ids["bob-intro"] = _award(root, "acme/intro-python", BOB, day("2026-03-05"), 4)
    ids["bob-git"] = _award(root, "acme/git-basics", BOB, day("2026-03-06"), 5)
    ids["bob-developer"] = _award(root, "acme/python-developer", BOB, day("2026-04-01"),
                                  6, (ids["bob-intro"], ids["bob-git"]))
    ids["ada-engineer"] = _award(root, "acme/python-engineer", ADA, day("2026-04-10"), 7, (ids["ada-developer"],))
    _revoke(root, ids["ada-testing"], day("2026-05-01"))
    _revoke(root, ids["bob-git"], day("2026-06-01"))
    from registry.award import issue, keep
    decided = datetime(2026, 5, 3, 9, 0, tzinfo=timezone.utc)
    keep.keep(issue.open_registry(root, fixture_signing_key("acme"), decided), ids["ada-developer"], KEPT_REASON,
              decided)
    ids["ada-intro-renewed"] = _award(root, "acme/intro-python", ADA, day("2026-07-01"), 8, renews=ids["ada-intro"])
    if co_branded:
        ids["ada-data"] = _award(root, "globex/data-basics", ADA, day("2026-01-25"), 9)
        path = root / "credentials/acme/python-developer/badge.yaml"  # the requirement names Globex's class last
        path.write_text(path.read_text().replace(SAME_ISSUER_GROUPS, CO_BRANDED_GROUPS))
        ids["ada-developer-2"] = _award(root, "acme/python-developer", ADA, day("2026-02-20"), 10,
                                        (ids["ada-intro"], ids["ada-testing"], ids["ada-data"]))  # found by email
    return Stacked(root, ids, accreditation)


def verified_model(root: Path) -> Any:
    """The registry's model with every award verified, by the plain check: no error, and no warning but
    `component-revoked` on the stacked awards whose component was revoked later with no decision recorded
    (Bob's Python Developer; in the co-branded registry also Ada's second), which the pages must show."""
    from registry.check import check_registry
    result = check_registry(root)
    assert result.registry is not None and {p.code for p in result.problems} <= {"component-revoked"}, result.problems
    return result.registry


def stacked_site(work: Path) -> tuple[Stacked, Path]:
    """build_stacked under `work`/registry and its site built as of NOW into `work`/site, with a cache of its own."""
    import pytest

    from registry.publish.build import build_site
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CREDREG_CACHE_DIR", str(work / "cache"))
        made = build_stacked(work / "registry")
        return made, build_site(made.root, work / "site", now=NOW)
