"""A small stacked registry for the award-time enforcement tests (tests/test_stacking_award.py).

Acme's Python Developer requires all of Intro to Python (assessed on two criteria) and any 1 of
Testing Basics and Globex's Data Basics; Globex accepts that in its own badge.yaml (countsTowards).
Awards are real: signed with the fixture keys by the code `credreg award` runs.
"""
from __future__ import annotations

import json
import random
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from support import MKDOCS_YML, RUBRIC, SVG, badge_yaml, fixture_signing_key, signing_files, write_tree

ADA, BOB = "ada@example.net", "bob@example.net"
INTRO, TESTING, DATA, DEVELOPER = "acme/intro-python", "acme/testing-basics", "globex/data-basics", "acme/python-developer"

# Intro to Python on two criteria: good+good = 10 points, good+fair = 7, fair+fair = 4 (the pass mark).
TWO_CRITERIA = RUBRIC.replace("passThreshold: 3", "passThreshold: 4") + """  - id: tests
    name: Tests
    levels:
      - id: good
        name: Good
        points: 5
      - id: fair
        name: Fair
        points: 2
"""
GROUPS = "requires:\n  - all: [intro-python]\n  - atLeast: 1\n    of: [testing-basics, globex/data-basics]\n"


def day(text: str) -> datetime:
    """10:00 UTC on a day given as 2026-01-31."""
    return datetime.fromisoformat(text).replace(hour=10, tzinfo=timezone.utc)


def stacking_files(groups: str = GROUPS) -> dict[str, str | bytes]:
    """signing_files() with Testing Basics, the two-criteria rubric, the requirement `groups` and Globex's acceptance."""
    files = signing_files()
    files["mkdocs.yml"] = MKDOCS_YML
    files["credentials/acme/intro-python/rubrics/v1.yaml"] = TWO_CRITERIA
    files["credentials/acme/testing-basics/badge.yaml"] = badge_yaml("Testing Basics")
    files["credentials/acme/testing-basics/badge.svg"] = SVG
    files["credentials/acme/testing-basics/rubrics/v1.yaml"] = RUBRIC
    developer = str(files["credentials/acme/python-developer/badge.yaml"])
    files["credentials/acme/python-developer/badge.yaml"] = developer.replace(
        "buildsOn: [intro-python]\n", groups + "validity:\n  months: 12\n")
    files["credentials/globex/data-basics/badge.yaml"] = (str(files["credentials/globex/data-basics/badge.yaml"])
                                                         + "countsTowards: [acme/python-developer]\n")
    return files


def make_registry(root: Path, groups: str = GROUPS) -> Path:
    """Write the stacked registry under `root`."""
    return write_tree(root, stacking_files(groups))


def results_for(badge: str, quality: str = "good", tests: str = "good") -> dict[str, str]:
    """Passing results for `badge` (Intro to Python is assessed on two criteria, the others on one)."""
    return {"quality": quality, "tests": tests} if badge == INTRO else {"quality": "good"}


def award(root: Path, badge: str, when: datetime, email: str = ADA, seed: int = 1, **details: Any) -> str:
    """One real award (as `credreg award --retake` makes it: fixtures build histories); its credential id."""
    from registry.award import issue
    ctx = issue.open_registry(root, fixture_signing_key(badge.split("/")[0]), when)
    details.setdefault("results", results_for(badge))
    details.setdefault("retake", True)
    return issue.award_one(ctx, badge, email, when, random.Random(seed), **details).stem


def revoke(root: Path, credential_id: str, issuer: str, when: datetime, reason: str = "Assessment was copied.") -> None:
    """Revoke through the code `credreg revoke` runs."""
    from registry.award import issue
    issue.revoke(issue.open_registry(root, fixture_signing_key(issuer), when), credential_id, reason, when)


def signed(root: Path, credential_id: str) -> dict[str, Any]:
    """The signed credential file of an award."""
    path = next(root.glob(f"credentials/*/*/awards/{credential_id}.json"))
    return json.loads(path.read_text(encoding="utf-8"))


def url(credential_id: str) -> str:
    """A credential's hosted URL in the test registry."""
    return f"https://registry.test/credentials/{credential_id}.json"


def award_files(root: Path) -> list[str]:
    """Every award file under `root`, sorted."""
    return sorted(p.relative_to(root).as_posix() for p in root.glob("credentials/*/*/awards/*.json"))
