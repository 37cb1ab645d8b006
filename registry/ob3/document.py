"""Open Badges 3.0 documents built from the registry model: the one place a credential is assembled.

Everything signed is rebuilt here from validated model data, never copied from text a
user handed in. `credreg award` calls `credential_document` with a request's fields, and
`credreg check` with a committed award's own fields, to see that everything else in the
award is what the registry's files say.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

from ..dates import iso
from ..errors import CredregError, DocPath
from ..layout import STATUS_LIST_NUMBER
from ..model import BadgeClass, Issuer, Rubric, RubricCriterion, RubricLevel
from ..urls import SiteUrls

VC_V2 = "https://www.w3.org/ns/credentials/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
# The extensions context defines the credentialSchema type 1EdTechJsonSchemaValidator2019; without it that
# type is a relative IRI, which JSON-LD safe mode (Digital Bazaar's verifiers) rejects.
OB_EXTENSIONS = "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"
CONTEXT = [VC_V2, OB_V3, OB_EXTENSIONS]
OB_SCHEMA_URL = "https://purl.imsglobal.org/spec/ob/v3p0/schema/json/ob_v3p0_achievementcredential_schema.json"
STATUS_PURPOSE = "revocation"
# Evidence genres (OB 3.0 Evidence.genre) that link other credentials of this registry by their hosted URL:
# a stacked award's components, and the award a renewal replaces. Any verifier can follow the links.
COMPONENT_GENRE = "Component credential"
RENEWAL_GENRE = "Renewed credential"
LINK_GENRES = (COMPONENT_GENRE, RENEWAL_GENRE)

@dataclass(frozen=True)
class AwardFields:
    """The parts of one credential that are the award's own; everything else comes from the registry's files.

    Values are as the credential spells them (identity objects, results, evidence entries), so the
    check can take them from a committed award and rebuild the rest.
    """

    credential_id: str
    issued_at: datetime
    status_index: int
    identifier: tuple[Any, ...]
    results: tuple[Any, ...]
    name: Any = None
    evidence: tuple[Any, ...] = ()
    valid_until: datetime | None = None
    endorsements: tuple[Any, ...] = ()  # signed EndorsementCredentials of the badge class, embedded as signed


def linked_credential(genre: str, url: str, badge: BadgeClass, issuer: Issuer, awarded: datetime) -> dict[str, Any]:
    """An OB 3.0 Evidence entry linking another credential of this registry (a component, or a renewed award)."""
    role = "counts towards this credential" if genre == COMPONENT_GENRE else "is renewed by this credential"
    return {"id": url, "type": ["Evidence"], "name": badge.name, "genre": genre,
            "description": f"{badge.name}, awarded by {issuer.name} on {awarded.date().isoformat()}, {role}."}


def issuer_profile(issuer: Issuer, urls: SiteUrls) -> dict[str, Any]:
    """The issuer as an OB 3.0 Profile identified by its did:web."""
    profile: dict[str, Any] = {"id": urls.issuer_did(issuer.id), "type": ["Profile"], "name": issuer.name,
                               "url": issuer.url, "email": issuer.email}
    if issuer.image:
        profile["image"] = {"id": urls.issuer_image(issuer.id, issuer.image), "type": "Image"}
    return profile


@dataclass(frozen=True)
class RubricIds:
    """The ids the parts of one rubric version have inside credentials, each mapped to what it names."""

    criteria: Mapping[str, RubricCriterion]  # a ResultDescription id → its criterion
    levels: Mapping[str, tuple[RubricCriterion, RubricLevel]]  # an achievedLevel id → criterion and level
    total: str  # the ResultDescription id of the total and pass mark


def rubric_ids(badge: BadgeClass, rubric: Rubric, urls: SiteUrls) -> RubricIds:
    """Where each part of `rubric` points in a credential, so results are read by id and never parsed apart."""
    part = partial(urls.rubric_part, badge.issuer_id, badge.id, rubric.version)
    return RubricIds({part(c.id): c for c in rubric.criteria},
                     {part(f"{c.id}-{lv.id}"): (c, lv) for c in rubric.criteria for lv in c.levels}, part("total"))


def rubric_descriptions(badge: BadgeClass, rubric: Rubric, urls: SiteUrls) -> list[dict[str, Any]]:
    """The rubric version as OB 3.0 ResultDescriptions: one per criterion, plus the total and pass mark."""
    part = partial(urls.rubric_part, badge.issuer_id, badge.id, rubric.version)
    out: list[dict[str, Any]] = []
    for criterion in rubric.criteria:
        out.append({
            "id": part(criterion.id), "type": ["ResultDescription"], "name": criterion.name,
            "resultType": "RubricCriterionLevel",
            "rubricCriterionLevel": [
                {"id": part(f"{criterion.id}-{level.id}"), "type": ["RubricCriterionLevel"], "name": level.name,
                 "points": str(level.points), **({"description": level.description} if level.description else {})}
                for level in criterion.levels],
        })
    out.append({"id": part("total"), "type": ["ResultDescription"], "name": "Total points",
                "resultType": "RubricScore", "valueMin": "0", "valueMax": str(rubric.max_points),
                "requiredValue": str(rubric.pass_threshold)})
    return out


def achievement(badge: BadgeClass, issuer: Issuer, rubric: Rubric, urls: SiteUrls) -> dict[str, Any]:
    """The badge class as an OB 3.0 Achievement, with the rubric version the award was assessed on."""
    page = urls.badge_page(badge.issuer_id, badge.id)
    criteria: dict[str, Any] = {}
    if badge.criteria_url:
        criteria["id"] = badge.criteria_url
    if badge.criteria_narrative:
        criteria["narrative"] = badge.criteria_narrative
    data: dict[str, Any] = {
        "id": page, "type": ["Achievement"], "achievementType": badge.achievement_type, "name": badge.name,
        "description": badge.description, "criteria": criteria,
        "image": {"id": urls.badge_image(badge.issuer_id, badge.id, badge.image), "type": "Image"},
        "creator": issuer_profile(issuer, urls), "version": str(rubric.version),
    }
    if badge.skills:
        data["alignment"] = [{
            "type": ["Alignment"], "targetName": s.name, "targetFramework": s.framework,
            "targetUrl": s.url or f"{page}#skills", **({"targetCode": s.code} if s.code else {}),
            "targetType": "ceasn:Competency"} for s in badge.skills]
    if badge.tags:
        data["tag"] = list(badge.tags)
    data["resultDescription"] = rubric_descriptions(badge, rubric, urls)
    return data


def results(badge: BadgeClass, rubric: Rubric, chosen: Mapping[str, str], urls: SiteUrls,
            ask: str = "--result {criterion}=LEVEL") -> list[dict[str, Any]]:
    """Results for every criterion of the rubric plus the total; refuse incomplete or failing results.

    `ask` is how the issuer gives a result (a flag, or a CSV column), for the hint of a missing one."""
    known = {c.id: c for c in rubric.criteria}
    unknown = sorted(set(chosen) - set(known))
    if unknown:
        raise CredregError(f"rubric v{rubric.version} of {badge.key} has no criterion {unknown[0]!r}",
                           f"criteria: {', '.join(known)}")
    missing = [c for c in known if c not in chosen]
    if missing:
        levels = ", ".join(level.id for level in known[missing[0]].levels)
        raise CredregError(f"no result for criterion {missing[0]!r} of rubric v{rubric.version}",
                           f"add {ask.format(criterion=missing[0])} (levels: {levels})")
    part = partial(urls.rubric_part, badge.issuer_id, badge.id, rubric.version)
    out, total = [], 0
    for criterion in rubric.criteria:
        level = next((lv for lv in criterion.levels if lv.id == chosen[criterion.id]), None)
        if level is None:
            raise CredregError(f"criterion {criterion.id!r} has no level {chosen[criterion.id]!r}",
                               f"levels: {', '.join(lv.id for lv in criterion.levels)}")
        total += level.points
        out.append({"type": ["Result"], "resultDescription": part(criterion.id),
                    "achievedLevel": part(f"{criterion.id}-{level.id}")})
    if total < rubric.pass_threshold:
        raise CredregError(f"these results total {total} points; rubric v{rubric.version} needs "
                           f"{rubric.pass_threshold} to pass", "only award the badge to candidates who passed")
    out.append({"type": ["Result"], "resultDescription": part("total"), "value": str(total), "status": "Completed"})
    return out


def own_text(credential: Mapping[str, Any]) -> Iterator[tuple[DocPath, Any]]:
    """The free text an award carries of its own (not from the registry's files): the recipient's
    name and the evidence entries, with their paths in the credential."""
    subject = credential.get("credentialSubject")
    if isinstance(subject, dict) and "name" in subject:
        yield ("credentialSubject", "name"), subject["name"]
    if "evidence" in credential:
        yield ("evidence",), credential["evidence"]


def status_entry(issuer_id: str, index: int, urls: SiteUrls) -> dict[str, Any]:
    """The BitstringStatusListEntry of one of an issuer's credentials (an award or an endorsement)."""
    status_url = urls.status_list(issuer_id, STATUS_LIST_NUMBER)
    return {"id": f"{status_url}#{index}", "type": "BitstringStatusListEntry", "statusPurpose": STATUS_PURPOSE,
            "statusListIndex": str(index), "statusListCredential": status_url}


def credential_document(fields: AwardFields, badge: BadgeClass, issuer: Issuer, rubric: Rubric,
                        urls: SiteUrls) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential made of an award's own `fields` and the registry's files."""
    subject: dict[str, Any] = {
        "type": ["AchievementSubject"],
        "identifier": list(fields.identifier),
        "achievement": achievement(badge, issuer, rubric, urls),
        "result": list(fields.results),
    }
    if fields.endorsements:  # OB 3.0 Achievement.endorsement: what any verifier sees of the badge class's standing
        subject["achievement"]["endorsement"] = list(fields.endorsements)
    if fields.name:
        subject["name"] = fields.name
    credential: dict[str, Any] = {
        "@context": list(CONTEXT),
        "id": urls.credential(fields.credential_id),
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "name": badge.name,
        "issuer": issuer_profile(issuer, urls),
        "validFrom": iso(fields.issued_at),
        "awardedDate": iso(fields.issued_at),
        "credentialSubject": subject,
        "credentialSchema": [{"id": OB_SCHEMA_URL, "type": "1EdTechJsonSchemaValidator2019"}],
        "credentialStatus": status_entry(issuer.id, fields.status_index, urls),
    }
    if fields.valid_until is not None:
        credential["validUntil"] = iso(fields.valid_until)
    if fields.evidence:
        credential["evidence"] = list(fields.evidence)
    return credential


