"""Policy warnings: things that are allowed but that a registry maintainer should hear about."""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from ..dates import add_months
from ..errors import Problem, Severity
from ..load.source import SourceDocument
from ..model import BadgeClass, Issuer


def policy_warnings(issuers: Mapping[str, tuple[SourceDocument, Issuer]],
                    badges: Mapping[str, tuple[SourceDocument, BadgeClass]], today: date | None) -> list[Problem]:
    """Issuers that cannot sign, and (given an explicit date) badge classes overdue for review."""
    out = []
    for doc, issuer in issuers.values():
        if not any(k.revoked_at is None and k.valid_until is None for k in issuer.keys):
            out.append(doc.problem("no-current-key", f"issuer {issuer.id!r} has no current key, so it cannot award",
                                   f"run `credreg keygen {issuer.id}` (or `credreg key rotate`)", ("keys",),
                                   Severity.WARNING))
    if today is not None:
        for doc, badge in badges.values():
            due = add_months(badge.last_reviewed, badge.review_cadence_months)
            if due < today:
                out.append(doc.problem(
                    "review-overdue", f"badge class review was due on {due.isoformat()} (every "
                    f"{badge.review_cadence_months} months since {badge.last_reviewed.isoformat()})",
                    "review the badge class and its rubric, then update review.lastReviewed",
                    ("review", "lastReviewed"), Severity.WARNING))
    return out
