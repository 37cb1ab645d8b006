"""`credreg keep`: record an issuer's decision that a stacked award stands although a component was revoked
after it was made (revocations.yaml `kept:`), so the check stops warning and the evidence page shows why.

The policy: a later revocation never revokes the stacked award by itself; the issuer either revokes it too
(`credreg revoke`) or records here that its other evidence still supports it. Nothing is signed: the
decision is issuer data, reviewed in the pull request like a revocation, and written with the same atomic batch.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..dates import iso
from ..errors import CredregError, UsageError
from ..layout import at, revocations_file
from ..verify.stacking import undecided
from . import records
from .issue import Context, write_batch


def keep(ctx: Context, credential_id: str, reason: str, now: datetime) -> Path:
    """Record in the issuer's revocations.yaml that stacked award `credential_id` stands, as of `now`."""
    registry = ctx.registry
    award = registry.awards.get(credential_id)
    if award is None:
        raise UsageError(f"no credential {credential_id!r} in this registry", "give the id from the award's file name")
    if award.issuer_id != ctx.issuer.id:
        raise UsageError(f"credential {credential_id!r} was issued by {award.issuer_id!r}",
                         "only its issuer decides whether it stands, with its own key")
    reason = " ".join(reason.split())
    if not reason:
        raise UsageError("the reason is empty", "say why the award stands, e.g. --reason 'her other components and "
                         "the interview still support it'")
    badge = registry.badges[award.badge_key]
    if not badge.stacked:
        raise CredregError(f"credential {credential_id} is an award of {badge.key}, which is not stacked",
                           "only a stacked award, whose component was revoked after it, needs a decision")
    revoked = registry.revocations.get(credential_id)
    if revoked is not None:
        raise CredregError(f"credential {credential_id} was revoked on {iso(revoked.revoked_at)}",
                           "a revoked award does not stand; there is nothing to keep")
    decided = registry.kept.get(credential_id)
    later = [r for r in undecided(registry, award, decided.decided_at if decided else None) if r.revoked_at <= now]
    if decided is not None and not later:
        raise CredregError(f"credential {credential_id} is already kept (decided {iso(decided.decided_at)}) and no "
                           "component was revoked since", "a decision is recorded once for the revocations before it")
    if not later:
        raise CredregError(f"no component of credential {credential_id} was revoked after it was made",
                           "a decision is needed only once a component is revoked (`credreg check` warns "
                           "`component-revoked`)")
    path = at(ctx.root, revocations_file(ctx.issuer.id))
    text = records.with_kept(path.read_text(encoding="utf-8") if path.exists() else None,
                             revocations_file(ctx.issuer.id), credential_id, now, reason)
    with write_batch(ctx) as batch:
        batch.stage_text(path, text)
    return path
