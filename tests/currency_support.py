"""What test_renew.py and test_expiring.py share: a badge class that expires, a rubric with several passing
levels, real signed awards and revocations in the `signing_registry` fixture's temp registry."""
from __future__ import annotations

import random
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from support import SVG, award_for, badge_yaml, fixture_signing_key, write_tree

from registry.award import issue
from registry.check import check_registry
from registry.model import Award, Registry
from registry.ob3.document import RENEWAL_GENRE, linked_credential

T0 = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)  # when the first awards are made
SQL = "acme/sql-basics"  # an Acme badge class that builds on nothing, expires after 12 months

SQL_RUBRIC_V1 = """version: 1
published: "2026-01-10"
passThreshold: 4
criteria:
  - id: queries
    name: Queries
    levels:
      - id: exemplary
        name: Exemplary
        points: 5
      - id: proficient
        name: Proficient
        points: 4
      - id: novice
        name: Novice
        points: 1
"""

SQL_RUBRIC_V2 = """version: 2
published: "2026-06-15"
changes: Schema design is now assessed as well.
passThreshold: 5
criteria:
  - id: queries
    name: Queries
    levels:
      - id: proficient
        name: Proficient
        points: 4
      - id: novice
        name: Novice
        points: 1
  - id: design
    name: Schema design
    levels:
      - id: sound
        name: Sound
        points: 4
      - id: weak
        name: Weak
        points: 1
"""


def add_sql_badge(root: Path, months: int | None = 12) -> Path:
    """Add acme/sql-basics (expiring after `months`, or never) to the registry at `root`."""
    validity = f"validity:\n  months: {months}\n" if months else ""
    return write_tree(root, {
        "credentials/acme/sql-basics/badge.yaml": badge_yaml("SQL Basics") + validity,
        "credentials/acme/sql-basics/badge.svg": SVG,
        "credentials/acme/sql-basics/rubrics/v1.yaml": SQL_RUBRIC_V1,
    })


def publish_rubric_v2(root: Path) -> None:
    """Publish rubric v2 of acme/sql-basics (its criteria differ: holders must be re-assessed)."""
    write_tree(root, {"credentials/acme/sql-basics/rubrics/v2.yaml": SQL_RUBRIC_V2})


def award(root: Path, when: datetime = T0, *, badge: str = SQL, email: str = "ada@example.net", seed: int = 1,
          **details: Any) -> str:
    """A real signed award (results `queries=proficient` unless given); its credential id."""
    details.setdefault("results", {"queries": "proficient"} if badge == SQL else {"quality": "good"})
    return award_for(root, when, badge=badge, email=email, seed=seed, **details).stem


def ctx_for(root: Path, when: datetime, issuer: str = "acme") -> issue.Context:
    """The checked registry and the issuer's fixture key, as `credreg renew` opens them."""
    return issue.open_registry(root, fixture_signing_key(issuer), when)


def revoke(root: Path, credential_id: str, when: datetime, issuer: str = "acme") -> None:
    """Revoke a credential as `credreg revoke` does (record and re-signed status list)."""
    issue.revoke(ctx_for(root, when, issuer), credential_id, "assessment found to be copied", when)


def registry(root: Path) -> Registry:
    """The checked model of the registry at `root` (the check must be clean)."""
    result = check_registry(root)
    assert result.registry is not None, [p.message for p in result.problems]
    return result.registry


def renewal_link(root: Path, credential_id: str) -> dict[str, Any]:
    """The evidence entry `credreg renew` writes for renewing `credential_id`."""
    model = registry(root)
    old: Award = model.awards[credential_id]
    return linked_credential(RENEWAL_GENRE, old.url, model.badges[old.badge_key], model.issuers[old.issuer_id],
                             old.awarded)


def link_to(url: str, when: datetime = T0) -> dict[str, Any]:
    """A renewal evidence entry to any URL, as a hand-made (attacker's) award would carry it."""
    return {"id": url, "type": ["Evidence"], "name": "SQL Basics", "genre": RENEWAL_GENRE,
            "description": f"SQL Basics, awarded by Acme Training on {when.date().isoformat()}, is renewed by this "
                           "credential."}


def next_id(seed: int) -> str:
    """The credential id `award(..., seed=seed)` gives its award (the allocator's first draw)."""
    return "%016x" % random.Random(seed).getrandbits(64)
