"""Turn schema-valid source documents into model objects, reporting values that don't convert."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..crypto.multikey import decode_public_key
from ..errors import CryptoError, Problem
from ..load.source import SourceDocument
from ..model import (
    LEVEL_ACHIEVEMENT_TYPE,
    BadgeClass,
    Component,
    Issuer,
    IssuerKey,
    Maintainer,
    Requirement,
    Revocation,
    Rubric,
    RubricCriterion,
    RubricLevel,
    Skill,
    StackingDecision,
)
from .values import parse_date, parse_datetime


def issuer_from(doc: SourceDocument, issuer_id: str, problems: list[Problem]) -> Issuer:
    """The Issuer an `issuer.yaml` describes."""
    d = doc.data
    keys = tuple(_key(doc, i, problems) for i in range(len(d["keys"])))
    return Issuer(
        id=issuer_id, name=d["name"], kind=d["kind"], url=d["url"], email=d["email"],
        description=d["description"],
        maintainers=tuple(Maintainer(m["login"], m["id"]) for m in d["maintainers"]),
        keys=tuple(k for k in keys if k is not None), image=d.get("image"), demo=bool(d.get("demo", False)),
        accepts_endorsement_from=tuple(d.get("acceptsEndorsementFrom", [])), source=doc.path, location=d.get("location"),
        linkedin_organization_id=d.get("linkedinOrganizationId"))


def _key(doc: SourceDocument, index: int, problems: list[Problem]) -> IssuerKey | None:
    k = doc.data["keys"][index]
    base = ("keys", index)
    try:
        decode_public_key(k["publicKeyMultibase"])
    except CryptoError as exc:
        problems.append(doc.problem("bad-key", f"keys.{index}.publicKeyMultibase: {exc.message}",
                                    "paste the key exactly as `credreg keygen` printed it",
                                    base + ("publicKeyMultibase",)))
        return None
    valid_from = parse_datetime(doc, base + ("validFrom",), problems)
    until = parse_datetime(doc, base + ("validUntil",), problems)
    revoked = parse_datetime(doc, base + ("revokedAt",), problems)
    since = parse_datetime(doc, base + ("compromisedSince",), problems)
    if valid_from is None:
        return None
    if until is not None and until < valid_from:
        problems.append(doc.problem("bad-key-window", f"keys.{index}: validUntil is before validFrom",
                                    "a key must be valid for some time; fix either date", base + ("validUntil",)))
    if since is not None and k.get("revocationReason") != "compromised":
        problems.append(doc.problem("bad-key-window",
                                    f"keys.{index}: compromisedSince is only meaningful for a compromised key",
                                    "set revocationReason: compromised, or remove compromisedSince",
                                    base + ("compromisedSince",)))
    return IssuerKey(k["id"], k["publicKeyMultibase"], valid_from, until, revoked,
                     k.get("revocationReason"), since, k.get("note"))


def badge_from(doc: SourceDocument, issuer_id: str, badge_id: str, rubrics: tuple[Rubric, ...],
               problems: list[Problem]) -> BadgeClass | None:
    """The BadgeClass a `badge.yaml` describes, with its rubric versions."""
    d = doc.data
    last_reviewed = parse_date(doc, ("review", "lastReviewed"), problems)
    if last_reviewed is None:
        return None
    criteria = d["criteria"]
    if "requires" in d and "buildsOn" in d:
        problems.append(doc.problem("bad-ref", "badge.yaml has both requires and buildsOn",
                                    "buildsOn is the short form of `requires: [{all: [...]}]`; keep one", ("buildsOn",)))
    return BadgeClass(
        issuer_id=issuer_id, id=badge_id, name=d["name"], description=d["description"], level=d["level"],
        achievement_type=d.get("achievementType") or LEVEL_ACHIEVEMENT_TYPE[d["level"]], image=d["image"],
        assessment_methods=tuple(d["assessment"]["methods"]), proctored=d["assessment"]["proctored"],
        id_checked=d["assessment"]["idChecked"], review_cadence_months=d["review"]["cadenceMonths"],
        last_reviewed=last_reviewed, criteria_narrative=criteria.get("narrative"), criteria_url=criteria.get("url"),
        skills=tuple(Skill(s["framework"], s["name"], s.get("code"), s.get("url")) for s in d.get("skills", [])),
        tags=tuple(d.get("tags", [])), validity_months=(d.get("validity") or {}).get("months"),
        requires=requirements(d, issuer_id), counts_towards=tuple(d.get("countsTowards", [])),
        accepts_endorsement_from=tuple(d.get("acceptsEndorsementFrom", [])), rubrics=rubrics,
        source=doc.path)


def requirements(d: Mapping[str, Any], issuer_id: str) -> tuple[Requirement, ...]:
    """A schema-valid badge.yaml's `requires` (or its short form `buildsOn`), references made `issuer/badge`."""
    def component(item: str | Mapping[str, Any]) -> Component:
        if isinstance(item, str):
            return Component(_badge_key(item, issuer_id))
        return Component(_badge_key(item["badge"], issuer_id), item.get("minimumPoints"),
                         tuple((item.get("minimumLevels") or {}).items()))

    groups = d.get("requires") or ([{"all": d["buildsOn"]}] if d.get("buildsOn") else [])
    out = []
    for group in groups:
        components = tuple(component(item) for item in group.get("all", group.get("of", [])))
        out.append(Requirement(components, len(components) if "all" in group else group["atLeast"]))
    return tuple(out)


def _badge_key(ref: str, issuer_id: str) -> str:
    """`issuer/badge` for a reference that may name a badge class of the same issuer by its id alone."""
    return ref if "/" in ref else f"{issuer_id}/{ref}"


def rubric_from(doc: SourceDocument, problems: list[Problem]) -> Rubric | None:
    """The Rubric a `rubrics/v<N>.yaml` describes."""
    d = doc.data
    published = parse_date(doc, ("published",), problems)
    if published is None:
        return None
    criteria = tuple(
        RubricCriterion(c["id"], c["name"],
                        tuple(RubricLevel(lv["id"], lv["name"], lv["points"], lv.get("description"))
                              for lv in c["levels"]),
                        c.get("description"))
        for c in d["criteria"])
    return Rubric(d["version"], published, d["passThreshold"], criteria, d.get("changes"), doc.path)


def revocations_from(doc: SourceDocument, issuer_id: str, problems: list[Problem]) -> list[Revocation]:
    """The revocation records of a `revocations.yaml`."""
    out = []
    for i, r in enumerate(doc.data["revocations"]):
        when = parse_datetime(doc, ("revocations", i, "revokedAt"), problems)
        if when is not None:
            out.append(Revocation(issuer_id, r["credential"], when, r["reason"], doc.path))
    return out


def kept_from(doc: SourceDocument, issuer_id: str, problems: list[Problem]) -> list[StackingDecision]:
    """The decisions of a `revocations.yaml` to keep stacked awards whose component was revoked later."""
    out = []
    for i, k in enumerate(doc.data.get("kept", [])):
        when = parse_datetime(doc, ("kept", i, "keptAt"), problems)
        if when is not None:
            out.append(StackingDecision(issuer_id, k["credential"], when, k["reason"], doc.path))
    return out

