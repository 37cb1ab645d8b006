"""Verified signed files parsed once into the model's typed facts (dates, results, recipient, status, proofs).

Runs only on files whose every check passed, so each field is known to be there and of its form;
a file that still does not parse is left out (its problems are already reported).
"""
from __future__ import annotations

from typing import Any

from ..load.signed import SignedFile
from ..model import Award, BadgeClass, Evidence, ProofRecord, Recipient, RubricResult, StatusEntry, StatusList, Step
from ..ob3.fields import MAX_RUBRIC_VERSION, ascii_int, aware_time
from ..ob3.statuslist import status_entry_index
from ..urls import SiteUrls
from .signed_checks import as_object


def award_facts(award: SignedFile, badge: BadgeClass, urls: SiteUrls, checks: tuple[Step, ...],
                proofs: tuple[ProofRecord, ...]) -> Award | None:
    """The typed Award of a verified award file, or None if it lacks what every verified award has."""
    doc = award.data
    subject = as_object(doc.get("credentialSubject"))
    number = ascii_int(as_object(subject.get("achievement")).get("version"), MAX_RUBRIC_VERSION)
    rubric = badge.rubric(number) if number is not None else None
    valid_from = aware_time(doc.get("validFrom"))
    status = as_object(doc.get("credentialStatus"))
    index = status_entry_index(status)
    identity = next(iter(subject.get("identifier") or []), None)
    if rubric is None or valid_from is None or index is None or not isinstance(identity, dict):
        return None
    levels = {urls.rubric_part(badge.issuer_id, badge.id, rubric.version, f"{c.id}-{lv.id}"): RubricResult(c, lv)
              for c in rubric.criteria for lv in c.levels}
    results = tuple(levels[r["achievedLevel"]] for r in subject.get("result", [])
                    if isinstance(r, dict) and r.get("achievedLevel") in levels)
    name = subject.get("name")
    return Award(
        id=award.place.stem, issuer_id=award.place.issuer_id, badge_id=award.place.badge_id, source=award.source,
        url=str(doc["id"]), awarded=aware_time(doc.get("awardedDate")) or valid_from, valid_from=valid_from,
        valid_until=aware_time(doc.get("validUntil")), rubric=rubric, results=results,
        recipient=Recipient(str(identity.get("identityHash", "")), str(identity.get("salt", "")),
                            name if isinstance(name, str) else None),
        status=StatusEntry(str(status.get("statusListCredential")), index, str(status.get("statusPurpose"))),
        evidence=tuple(_evidence(doc.get("evidence"))), proofs=proofs, checks=checks, signed=award.raw)


def _evidence(entries: Any) -> list[Evidence]:
    return [Evidence(e["id"], str(e.get("name") or "Evidence")) for e in (entries if isinstance(entries, list) else [])
            if isinstance(e, dict) and isinstance(e.get("id"), str) and e["id"].startswith("https://")]


def status_list_facts(status_list: SignedFile, revoked: frozenset[int], proofs: tuple[ProofRecord, ...]) -> StatusList:
    """The typed StatusList of a verified status list file."""
    return StatusList(status_list.place.issuer_id, status_list.place.stem, status_list.source,
                      str(status_list.data.get("id")), revoked, proofs, status_list.raw)
