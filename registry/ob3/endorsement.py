"""Open Badges 3.0 EndorsementCredentials built from the registry model: the one place one is assembled.

`credreg endorse` builds one here from the command's fields; `credreg check` rebuilds every committed
endorsement from its own fields and compares, so what it says about the endorser and the endorsed badge
class is what the registry's files say.

The endorsed subject is the badge class's Achievement id (its page URL, what awards carry) or the endorsed
issuer's DID. The rubric versions an endorsement covers are a term neither the VC 2.0 nor the OB 3.0 context
defines, so its key is the absolute IRI RUBRIC_VERSIONS (in the VC 2.0 issuer-dependent vocabulary), which
JSON-LD expands as itself: safe mode signs it, and @context stays the three published URLs. An inline context
object would not do: eddsa-jcs-2022 verifiers (Digital Bazaar's) compare proof and document @context entries
by identity, so they refuse every JCS proof of a document whose @context holds an object.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..dates import iso
from ..model import BadgeClass, Issuer
from ..urls import SiteUrls
from .document import CONTEXT, issuer_profile, status_entry

ENDORSEMENT_SCHEMA_URL = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_endorsementcredential_schema.json"
RUBRIC_VERSIONS = "https://www.w3.org/ns/credentials/issuer-dependent#rubricVersions"
MAX_COMMENT = 10_000  # characters of Markdown: a narrative, not a document


@dataclass(frozen=True)
class EndorsementFields:
    """The parts of one endorsement that are its own; everything else comes from the registry's files."""

    endorsement_id: str
    signed_at: datetime
    valid_from: datetime
    status_index: int
    comment: str
    rubric_versions: tuple[int, ...] = ()  # empty for an endorsement of an issuer
    valid_until: datetime | None = None


def subject_id(urls: SiteUrls, badge: BadgeClass | None, endorsed: Issuer) -> str:
    """What an endorsement is about: the badge class's Achievement id, or the issuer's DID."""
    return urls.badge_page(badge.issuer_id, badge.id) if badge is not None else urls.issuer_did(endorsed.id)


def endorsement_name(endorser: Issuer, badge: BadgeClass | None, endorsed: Issuer) -> str:
    """The endorsement's `name`: who endorses (an accreditor accredits) what."""
    verb = "accredits" if endorser.kind == "accreditor" else "endorses"
    return f"{endorser.name} {verb} {badge.name if badge is not None else endorsed.name}"


def endorsement_document(fields: EndorsementFields, endorser: Issuer, badge: BadgeClass | None, endorsed: Issuer,
                         urls: SiteUrls) -> dict[str, Any]:
    """The unsigned EndorsementCredential made of an endorsement's own `fields` and the registry's files."""
    subject: dict[str, Any] = {"id": subject_id(urls, badge, endorsed), "type": ["EndorsementSubject"],
                               "endorsementComment": fields.comment}
    if badge is not None:
        subject[RUBRIC_VERSIONS] = [str(v) for v in fields.rubric_versions]
    document: dict[str, Any] = {
        "@context": list(CONTEXT),
        "id": urls.endorsement(fields.endorsement_id),
        "type": ["VerifiableCredential", "EndorsementCredential"],
        "name": endorsement_name(endorser, badge, endorsed),
        "issuer": issuer_profile(endorser, urls),
        "validFrom": iso(fields.valid_from),
        "awardedDate": iso(fields.signed_at),
        "credentialSubject": subject,
        "credentialSchema": [{"id": ENDORSEMENT_SCHEMA_URL, "type": "1EdTechJsonSchemaValidator2019"}],
        "credentialStatus": status_entry(endorser.id, fields.status_index, urls),
    }
    if fields.valid_until is not None:
        document["validUntil"] = iso(fields.valid_until)
    return document
