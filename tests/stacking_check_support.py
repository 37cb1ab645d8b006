"""What the stacked-award check and `credreg keep` tests share: the pathway registry of pathways_support
(Intro to Python and 1 of Testing Basics / Git Basics → Python Developer) and stacked awards forged by
signing documents directly with the issuer's real key, as an attacker holding it would: `make_award`'s
award-time checks are bypassed, so only `credreg check` stands between such an award and the site."""
from __future__ import annotations

import random
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from pathways_support import stacked_files
from support import award_for, fixture_signing_key, write_tree

from registry.award import issue
from registry.award.credential import AwardRequest, build_credential
from registry.check import check_registry
from registry.keys.sign import sign
from registry.ob3.document import COMPONENT_GENRE, linked_credential

DEV = "acme/python-developer"
SITE = "https://registry.test/credentials/"


def pathway_registry(root: Path) -> Path:
    """The pathway's files (no award yet) written over the `signing_registry` fixture's folder."""
    return write_tree(root, stacked_files())


def award(root: Path, badge: str, when: datetime, seed: int, email: str = "ada@example.net", **details: Any) -> str:
    """A real award of an unstacked class made by the code `credreg award` runs; its credential id."""
    details.setdefault("results", {"quality": "good"})
    return award_for(root, when, badge=badge, email=email, seed=seed, **details).stem


def component_link(root: Path, credential_id: str) -> dict[str, Any]:
    """The evidence entry `credreg award` writes for a component of this registry."""
    model = check_registry(root).registry
    assert model is not None
    other = model.awards[credential_id]
    return linked_credential(COMPONENT_GENRE, other.url, model.badges[other.badge_key],
                             model.issuers[other.issuer_id], other.awarded)


def link_to(url: str) -> dict[str, Any]:
    """A component evidence entry to any URL, as a hand-made award would carry it."""
    return {"id": url, "type": ["Evidence"], "name": "Testing Basics", "genre": COMPONENT_GENRE,
            "description": "Testing Basics, awarded by Acme Training on 2026-01-20, counts towards this credential."}


def forge(root: Path, when: datetime, links: tuple[dict[str, Any], ...], seed: int = 50,
          email: str = "ada@example.net", badge: str = DEV) -> str:
    """A stacked award built and signed directly with the issuer's key, linking `links`; its credential id."""
    ctx = issue.open_registry(root, fixture_signing_key(badge.split("/")[0]), when)
    alloc = issue.Allocator(ctx, random.Random(seed))
    request = AwardRequest(alloc.credential_id(), email, when, alloc.status_index(), {"quality": "good"},
                           links=links, name="Ada")
    document = sign(build_credential(request, ctx.registry.badges[badge], ctx.issuer, ctx.urls,
                                     ctx.key.recipient_secret), ctx.key, ctx.urls, when)
    path = issue.award_path(ctx, ctx.registry.badges[badge], document)
    issue.write_json(path, document)
    if not issue.status_list_path(ctx).exists():
        issue.write_status_list(ctx, when, issue.revoked_indexes(ctx))
    return path.stem


def revoke(root: Path, credential_id: str, when: datetime, issuer: str = "acme") -> None:
    """Revoke as `credreg revoke` does (the record and the re-signed status list)."""
    issue.revoke(issue.open_registry(root, fixture_signing_key(issuer), when), credential_id,
                 "test answers were shared", when)


def now() -> datetime:
    """The moment `credreg keep` runs in these tests."""
    return datetime(2026, 11, 28, 9, 0, tzinfo=timezone.utc)
