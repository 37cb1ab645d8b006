"""Verified signed files parsed once into the model's typed facts (dates, results, recipient, status, proofs).

Runs only on files whose every check passed, so each field is known to be there and of its form; one
that still lacks what every verified award has is a bug in the checks, reported as such, never dropped.
"""
from __future__ import annotations

from typing import Any

from ..errors import CredregError
from ..load.signed import SignedFile
from ..model import Award, BadgeClass, Evidence, ProofRecord, Recipient, RubricResult, StatusEntry, StatusList, Step
from ..ob3.document import COMPONENT_GENRE, RENEWAL_GENRE, rubric_ids
from ..ob3.fields import MAX_RUBRIC_VERSION, as_object, ascii_int, aware_time
from ..ob3.statuslist import status_entry_index
from ..urls import SiteUrls


def award_facts(award: SignedFile, badge: BadgeClass, urls: SiteUrls, checks: tuple[Step, ...],
                proofs: tuple[ProofRecord, ...]) -> Award:
    """The typed Award of a verified award file."""
    doc = award.data
    subject = as_object(doc.get("credentialSubject"))
    number = ascii_int(as_object(subject.get("achievement")).get("version"), MAX_RUBRIC_VERSION)
    rubric = badge.rubric(number) if number is not None else None
    valid_from = aware_time(doc.get("validFrom"))
    status = as_object(doc.get("credentialStatus"))
    index = status_entry_index(status)
    identity = next(iter(subject.get("identifier") or []), None)
    if rubric is None or valid_from is None or index is None or not isinstance(identity, dict):
        raise CredregError(f"{award.source} passed every check but lacks a rubric version, validFrom, a status "
                           "index or a recipient", "this is a bug in credreg's checks; please report it")
    levels = rubric_ids(badge, rubric, urls).levels
    results = tuple(RubricResult(*levels[r["achievedLevel"]]) for r in subject.get("result", [])
                    if isinstance(r, dict) and r.get("achievedLevel") in levels)
    name = subject.get("name")
    evidence = tuple(_evidence(doc.get("evidence")))
    return Award(
        id=award.place.stem, issuer_id=award.place.issuer_id, badge_id=award.place.badge_id, source=award.source,
        url=urls.credential(award.place.stem), awarded=aware_time(doc.get("awardedDate")) or valid_from, valid_from=valid_from,
        valid_until=aware_time(doc.get("validUntil")), rubric=rubric, results=results,
        recipient=Recipient(str(identity.get("identityHash", "")), str(identity.get("salt", "")),
                            name if isinstance(name, str) else None),
        status=StatusEntry(str(status.get("statusListCredential")), index, str(status.get("statusPurpose"))),
        evidence=evidence, proofs=proofs, checks=checks,
        components=_linked(evidence, COMPONENT_GENRE, urls), renews=next(iter(_linked(evidence, RENEWAL_GENRE, urls)), None),
        endorsements=_embedded(as_object(subject.get("achievement")).get("endorsement"), urls), digest=award.digest)


def _embedded(entries: Any, urls: SiteUrls) -> tuple[str, ...]:
    """Ids of the registry's endorsements an achievement embeds (embedded.py refuses any other)."""
    ids = (urls.endorsement_id_from_url(str(e.get("id"))) for e in (entries if isinstance(entries, list) else [])
           if isinstance(e, dict))
    return tuple(i for i in ids if i is not None)


def _linked(evidence: tuple[Evidence, ...], genre: str, urls: SiteUrls) -> tuple[str, ...]:
    """Credential ids of this registry that evidence entries of `genre` link (others are plain evidence)."""
    ids = (urls.credential_id_from_url(e.url) for e in evidence if e.genre == genre)
    return tuple(i for i in ids if i is not None)


def _evidence(entries: Any) -> list[Evidence]:
    """Evidence links (the check refused any that are not https); entries without a link are not shown."""
    return [Evidence(e["id"], str(e.get("name") or "Evidence"), e["genre"] if isinstance(e.get("genre"), str) else None)
            for e in (entries if isinstance(entries, list) else []) if isinstance(e, dict) and isinstance(e.get("id"), str)]


def status_list_facts(status_list: SignedFile, revoked: frozenset[int], proofs: tuple[ProofRecord, ...],
                      urls: SiteUrls) -> StatusList:
    """The typed StatusList of a verified status list file."""
    place = status_list.place
    return StatusList(place.issuer_id, place.stem, status_list.source, urls.status_list(place.issuer_id, place.stem),
                      revoked, proofs, status_list.raw)
