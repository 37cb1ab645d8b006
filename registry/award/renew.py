"""`credreg renew`: re-award a badge class to the holder of an earlier award, with a new validity period
and, where the rubric changed since, a re-assessment on the current rubric, linking the earlier award.

The earlier award is neither revoked nor changed: both stay, and the new one says which it renews
(an evidence entry of genre "Renewed credential", ob3/document.py), which `credreg check` verifies.
Awards hold only a salted hash of the recipient's email, so the issuer gives the email again.
A renewal of a stacked badge class is a new award: its requirement is evaluated again at the renewal's
moment (components valid then, found by that email) and the renewal links the components that count now.
"""
from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from ..currency import standing_renewals
from ..dates import iso
from ..errors import CredregError, UsageError
from ..model import Award, Rubric
from ..ob3.document import RENEWAL_GENRE, linked_credential
from ..ob3.recipient import identity_hash
from . import issue


@dataclass(frozen=True)
class RenewRequest:
    """What an issuer asks for when renewing one award."""

    credential_id: str
    email: str
    now: datetime
    results: Mapping[str, str] = field(default_factory=dict)  # criterion id → level id; empty: carry over
    valid_until: datetime | None = None  # default: the badge class's validity from now
    name: str | None = None  # default: the earlier award's display name
    evidence: tuple[str, ...] = ()  # https links to the work re-assessed (the earlier award keeps its own)


def _renewable(ctx: issue.Context, req: RenewRequest) -> Award:
    """The award to renew, refused when it is not the key's issuer's, revoked, renewed, or not the email's."""
    award = ctx.registry.awards.get(req.credential_id)
    if award is None:
        raise UsageError(f"no credential {req.credential_id!r} in this registry",
                         "give the id from the award's file name")
    if award.issuer_id != ctx.issuer.id:
        raise UsageError(f"credential {award.id!r} was issued by {award.issuer_id!r}",
                         "only its issuer can renew it, with its own key")
    revocation = ctx.registry.revocations.get(award.id)
    if revocation is not None:
        raise CredregError(f"credential {award.id!r} was revoked on {revocation.revoked_at.date().isoformat()}: "
                           "a revoked credential is not renewed", f"award {award.badge_key} afresh with credreg award")
    renewed = standing_renewals(ctx.registry, award.id)
    if renewed:
        raise CredregError(f"credential {award.id!r} was already renewed by {renewed[0].id!r} "
                           f"on {renewed[0].awarded.date().isoformat()}", f"renew {renewed[0].id} instead")
    issue.check_email(req.email)
    if identity_hash(req.email, award.recipient.salt) != award.recipient.identity_hash:
        raise CredregError(f"{req.email.strip()} is not the recipient of {award.id}",
                           "give the email the credential was awarded to (it is stored only hashed)")
    if req.now <= award.awarded:
        raise UsageError(f"--now {iso(req.now)} is not after credential {award.id!r} was awarded "
                         f"({iso(award.awarded)})", "a renewal comes after the award it renews")
    newest = max([a.awarded for a in ctx.registry.awards.values() if a.issuer_id == ctx.issuer.id]
                 + [r.revoked_at for r in ctx.registry.revocations.values() if r.issuer_id == ctx.issuer.id])
    if req.now < newest:
        raise UsageError(f"--now {iso(req.now)} is before {ctx.issuer.id}'s newest award or revocation "
                         f"({iso(newest)})", "a renewal is signed as of now, never backdated behind the issuer's "
                         "own history; leave out --now")
    return award


def _results(award: Award, current: Rubric, given: Mapping[str, str]) -> dict[str, str]:
    """The results to sign: the earlier award's when its rubric is still current and none are given;
    on a newer rubric, the holder is re-assessed and every criterion needs a result."""
    if award.rubric.version == current.version:
        return dict(given) if given else {r.criterion.id: r.level.id for r in award.results}
    missing = [c for c in current.criteria if c.id not in given]
    if missing:
        needed = " ".join(f"--result {c.id}=LEVEL" for c in missing)
        levels = "; ".join(f"{c.id}: {', '.join(lv.id for lv in c.levels)}" for c in missing)
        raise UsageError(f"rubric v{current.version} replaced v{award.rubric.version} on "
                         f"{current.published.isoformat()}: re-assess with {needed}", f"levels of {levels}")
    return dict(given)


def _nothing_to_renew(award: Award, current: Rubric) -> bool:
    """An award that never expires, assessed on the rubric still current, has nothing a renewal would change."""
    return award.valid_until is None and award.rubric.version == current.version


def renew(ctx: issue.Context, req: RenewRequest, rng: random.Random | None = None) -> Path:
    """Sign the renewal of `req.credential_id` and write it (with the issuer's status list if it has none)."""
    award = _renewable(ctx, req)
    badge = ctx.registry.badges[award.badge_key]
    current = badge.current_rubric
    assert current is not None  # the check requires rubric versions v1..vN of every badge class
    if _nothing_to_renew(award, current):
        raise CredregError(f"credential {award.id!r} does not expire and rubric v{current.version} of "
                           f"{badge.key} is still current: there is nothing to renew",
                           "a renewal gives a new validity period, or a re-assessment on a newer rubric")
    link = linked_credential(RENEWAL_GENRE, award.url, badge, ctx.issuer, award.awarded)
    return issue.award_one(ctx, badge.key, req.email, req.now, rng, retake=True, name=req.name or award.recipient.name,
                           evidence=req.evidence, results=_results(award, current, req.results),
                           valid_until=req.valid_until, links=(link,))
