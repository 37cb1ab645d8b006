"""Open Badges 2.0 hosted documents derived from the verified 3.0 data, for consumers that still read 2.0.

Hosted verification: each document's `id` is the URL it is served at on this registry's origin.
The recipient hash is shared with 3.0: `sha256$hex(sha256(email + salt))`.
"""
from __future__ import annotations

from typing import Any

from ..dates import iso
from collections.abc import Iterable

from ..model import Award, BadgeClass, Endorsement, Issuer, Registry
from ..urls import SiteUrls
from .render import plain_text

OB2_CONTEXT = "https://w3id.org/openbadges/v2"


def profile(issuer: Issuer, urls: SiteUrls) -> dict[str, Any]:
    """The OB 2.0 Issuer Profile."""
    doc: dict[str, Any] = {"@context": OB2_CONTEXT, "type": "Issuer", "id": urls.ob2_issuer(issuer.id), "name": issuer.name,
                           "url": issuer.url, "email": issuer.email, "description": plain_text(issuer.description),
                           "revocationList": urls.ob2_revocations(issuer.id)}
    if issuer.image:
        doc["image"] = urls.issuer_image(issuer.id, issuer.image)
    return doc


def badge_class(badge: BadgeClass, urls: SiteUrls, endorsements: Iterable[Endorsement] = ()) -> dict[str, Any]:
    """The OB 2.0 BadgeClass; `endorsements` (those holding as of the build) are listed by their OB 2.0 IRIs."""
    page = urls.badge_page(badge.issuer_id, badge.id)
    criteria: dict[str, Any] = {"id": badge.criteria_url or f"{page}#how-to-earn"}
    if badge.criteria_narrative:
        criteria["narrative"] = badge.criteria_narrative
    doc: dict[str, Any] = {"@context": OB2_CONTEXT, "type": "BadgeClass", "id": urls.ob2_badge(badge.issuer_id, badge.id),
                           "name": badge.name, "description": plain_text(badge.description),
                           "image": urls.badge_image(badge.issuer_id, badge.id, badge.image), "criteria": criteria,
                           "issuer": urls.ob2_issuer(badge.issuer_id)}
    if badge.skills:
        doc["alignment"] = [{"targetName": s.name, "targetUrl": s.url or f"{page}#skills", "targetFramework": s.framework,
                             **({"targetCode": s.code} if s.code else {})} for s in badge.skills]
    if badge.tags:
        doc["tags"] = list(badge.tags)
    endorsed = [urls.ob2_endorsement(e.id) for e in endorsements]
    if endorsed:
        doc["endorsement"] = endorsed
    return doc


def endorsement(item: Endorsement, urls: SiteUrls) -> dict[str, Any]:
    """The OB 2.0 Endorsement of a badge class, derived from its verified EndorsementCredential (hosted: its id is
    where it is served). The signed OB 3.0 credential stays the authority; this is its 2.0 reading."""
    issuer_id, _, badge_id = item.subject.partition("/")
    doc: dict[str, Any] = {"@context": OB2_CONTEXT, "type": "Endorsement", "id": urls.ob2_endorsement(item.id),
                           "claim": {"id": urls.ob2_badge(issuer_id, badge_id), "endorsementComment": item.comment},
                           "issuer": urls.ob2_issuer(item.endorser_id), "issuedOn": iso(item.signed_at),
                           "verification": {"type": "hosted"}}
    if item.valid_until is not None:
        doc["expires"] = iso(item.valid_until)
    return doc


def assertion(award: Award, registry: Registry, urls: SiteUrls) -> dict[str, Any]:
    """The OB 2.0 hosted Assertion of one award (revoked ones say so, as 2.0 allows)."""
    doc: dict[str, Any] = {
        "@context": OB2_CONTEXT, "type": "Assertion", "id": urls.ob2_assertion(award.id),
        "recipient": {"type": "email", "hashed": True, "salt": award.recipient.salt,
                      "identity": award.recipient.identity_hash},
        "badge": urls.ob2_badge(award.issuer_id, award.badge_id),
        "issuedOn": iso(award.awarded),
        "verification": {"type": "hosted"},
    }
    if award.valid_until:
        doc["expires"] = iso(award.valid_until)
    if award.evidence:
        doc["evidence"] = [e.url for e in award.evidence]
    revocation = registry.revocations.get(award.id)
    if revocation is not None:
        doc["revoked"] = True
        doc["revocationReason"] = revocation.reason
    return doc


def revocation_list(issuer: Issuer, registry: Registry, urls: SiteUrls) -> dict[str, Any]:
    """The OB 2.0 RevocationList of an issuer's assertions (a withdrawn endorsement is no assertion: its 2.0
    document is not published, and no BadgeClass lists it)."""
    revoked = [{"id": urls.ob2_assertion(r.credential_id), "revocationReason": r.reason}
               for r in registry.revocations.values() if r.issuer_id == issuer.id and r.credential_id in registry.awards]
    return {"@context": OB2_CONTEXT, "type": "RevocationList", "id": urls.ob2_revocations(issuer.id),
            "issuer": urls.ob2_issuer(issuer.id), "revokedAssertions": revoked}
