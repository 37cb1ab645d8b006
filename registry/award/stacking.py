"""Award-time enforcement of a stacked badge class's requirement, and the evidence entries it records.

The issuer gives the recipient's email; each award in the registry holds its own salt, so the
recipient's awards are found across every issuer (their hashes differ by design, the email
matches them all). The requirement is evaluated at the award's moment with the one rule the
check uses (verify/requirements.py); when it holds, each counted component becomes an OB 3.0
Evidence entry of genre "Component credential" linking the component's hosted URL.
"""
from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from ..errors import CredregError
from ..model import Award, BadgeClass, Registry
from ..ob3.document import COMPONENT_GENRE, linked_credential
from ..ob3.recipient import identity_hash
from ..verify.requirements import describe, evaluate


def recipient_awards(registry: Registry, email: str, badge_keys: Iterable[str]) -> list[Award]:
    """The awards of `badge_keys` (any issuer) whose hashed recipient is `email`, each tested with its own salt."""
    wanted = set(badge_keys)
    return [a for a in registry.awards.values()
            if a.badge_key in wanted and identity_hash(email, a.recipient.salt) == a.recipient.identity_hash]


def component_links(registry: Registry, badge: BadgeClass, email: str, at: datetime) -> tuple[dict[str, Any], ...]:
    """The evidence entries linking the components that satisfy `badge`'s requirement for `email` at `at`.

    Raises CredregError naming every shortfall when the recipient's awards do not meet it; a badge
    class that requires nothing gets no entries.
    """
    if not badge.stacked:
        return ()
    held = recipient_awards(registry, email, badge.builds_on)
    evaluation = evaluate(badge, held, at, registry.revocations)
    if not evaluation.met:
        missing = "; and ".join(describe(s, registry.badges) for s in evaluation.shortfalls)
        raise CredregError(
            f"{email.strip()} does not meet the requirement of {badge.name} ({badge.key}) on "
            f"{at.date().isoformat()}: {missing}",
            "award the missing badge classes first (valid, not revoked and not expired at this moment), "
            "or give the email they were awarded to")
    return tuple(linked_credential(COMPONENT_GENRE, a.url, registry.badges[a.badge_key],
                                   registry.issuers[a.issuer_id], a.awarded) for a in evaluation.counted)


def refuse_forged_components(links: Iterable[dict[str, Any]]) -> None:
    """Component links come only from component_links: a caller-supplied one could claim anything."""
    for link in links:
        if link.get("genre") == COMPONENT_GENRE:
            raise CredregError(f"a {COMPONENT_GENRE!r} evidence entry ({link.get('id')}) was given by the caller",
                               "credreg records components itself from the recipient's awards; "
                               "pass only renewal links")
