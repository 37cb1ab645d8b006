"""Credential currency read from the model: which award renews which, and what expires soon after a date.

`credreg renew` asks who renewed an award already, `credreg check --now` lists what expires in the
next 90 days, and the renewal check finds awards renewed twice. All of it is computed from the
verified model and a moment the caller passes in; nothing here reads a clock.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from .dates import iso
from .model import Award, Registry

EXPIRY_WINDOW_DAYS = 90  # `check --now` lists credentials whose validUntil falls this many days after now, or less


@dataclass(frozen=True)
class Expiring:
    """A valid, unrevoked credential whose validity ends within the window, and the award that renewed it."""

    credential_id: str
    badge: str  # issuer/badge
    valid_until: datetime
    renewed_by: str | None = None  # credential id of the (unrevoked) award renewing it

    def to_dict(self) -> dict[str, object]:
        """The form `check --format json` prints in its `expiring` array."""
        return {"id": self.credential_id, "badge": self.badge, "validUntil": iso(self.valid_until),
                "renewed": self.renewed_by is not None, "renewedBy": self.renewed_by}


def renewals(registry: Registry) -> dict[str, tuple[Award, ...]]:
    """Renewed credential id → every award that says it renews it, oldest first (revoked ones included)."""
    found: dict[str, list[Award]] = {}
    for award in registry.awards.values():
        if award.renews is not None:
            found.setdefault(award.renews, []).append(award)
    return {cid: tuple(sorted(group, key=lambda a: (a.awarded, a.id))) for cid, group in sorted(found.items())}


def standing_renewals(registry: Registry, credential_id: str) -> tuple[Award, ...]:
    """The unrevoked awards renewing `credential_id`: a revoked renewal no longer stands for it, so the
    award may be renewed again (at most one may stand)."""
    return tuple(a for a in renewals(registry).get(credential_id, ()) if a.id not in registry.revocations)


def expiring(registry: Registry, now: datetime, days: int = EXPIRY_WINDOW_DAYS) -> tuple[Expiring, ...]:
    """Credentials valid at `now`, not revoked, whose validUntil is after `now` and at most `days` later,
    soonest first; each says which award renewed it, if one did."""
    end = now + timedelta(days=days)
    standing: dict[str, str] = {}
    for cid, group in renewals(registry).items():
        kept = [a for a in group if a.id not in registry.revocations]
        if kept:
            standing[cid] = kept[0].id
    out = [Expiring(a.id, a.badge_key, a.valid_until, standing.get(a.id))
           for a in registry.awards.values()
           if a.valid_until is not None and a.id not in registry.revocations
           and a.valid_from <= now < a.valid_until <= end]
    return tuple(sorted(out, key=lambda e: (e.valid_until, e.credential_id)))
