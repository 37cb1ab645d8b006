"""Build the unsigned credential of one award request: results, evidence and expiry, refused when wrong."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ..dates import add_months, iso
from ..errors import CredregError, UsageError
from ..model import BadgeClass, Issuer, Rubric
from ..ob3.document import AwardFields, credential_document, results
from ..ob3.recipient import identity_object
from ..urls import SiteUrls
from ..validate.values import HIDDEN_WHY, award_text_findings


@dataclass(frozen=True)
class AwardRequest:
    """What an issuer asks for when awarding one badge to one person."""

    credential_id: str
    email: str
    issued_at: datetime
    status_index: int
    results: Mapping[str, str] = field(default_factory=dict)  # criterion id → level id
    evidence: tuple[str, ...] = ()
    name: str | None = None
    valid_until: datetime | None = None
    rubric_version: int | None = None  # default: the current rubric
    links: tuple[dict[str, Any], ...] = ()  # evidence entries linking components or the renewed award
    endorsements: tuple[dict[str, Any], ...] = ()  # signed endorsements holding for the badge class now


@dataclass(frozen=True)
class Source:
    """Where the issuer gave an award's values, so that a refusal's hint names what to change."""

    recipient: str = "--recipient"
    result: str = "--result {criterion}=LEVEL"
    valid_until: str = "--valid-until"
    name: str = "--name"
    evidence: str = "--evidence"


COMMAND_LINE = Source()
CSV_COLUMNS = Source(recipient="the email column", result="a level in the result:{criterion} column",
                     valid_until="the valid_until column", name="name", evidence="evidence")


def evidence_entries(urls: tuple[str, ...]) -> list[dict[str, Any]]:
    """Evidence links as OB 3.0 Evidence, numbered in the order given."""
    return [{"id": url, "type": ["Evidence"], "name": f"Evidence {i}"} for i, url in enumerate(urls, 1)]



def assessed_rubric(badge: BadgeClass, version: int | None) -> Rubric:
    """The rubric an award is assessed on: `version`, else the current one (UsageError naming the versions)."""
    rubric = badge.current_rubric if version is None else badge.rubric(version)
    if rubric is None:
        known = ", ".join(f"v{r.version}" for r in badge.rubrics) or "none"
        raise UsageError(f"badge class {badge.key} has no rubric version {version or ''}".rstrip(),
                         f"rubric versions: {known}")
    return rubric


def build_credential(req: AwardRequest, badge: BadgeClass, issuer: Issuer, urls: SiteUrls,
                     recipient_secret: bytes, source: Source = COMMAND_LINE) -> dict[str, Any]:
    """The unsigned OpenBadgeCredential for `req`; refused if its results fail or its text breaks the rules."""
    rubric = assessed_rubric(badge, req.rubric_version)
    valid_until = req.valid_until
    if valid_until is None and badge.validity_months:
        valid_until = add_months(req.issued_at, badge.validity_months)
    if valid_until is not None and valid_until <= req.issued_at:
        raise UsageError(f"validUntil {iso(valid_until)} is not after the award date {iso(req.issued_at)}",
                           f"give a later date in {source.valid_until}")
    try:  # the results come from the command line (or a CSV row): ones that do not fit are a usage error
        chosen = tuple(results(badge, rubric, req.results, urls, ask=source.result))
    except CredregError as exc:
        raise UsageError(exc.message, exc.hint) from None
    fields = AwardFields(
        credential_id=req.credential_id, issued_at=req.issued_at, status_index=req.status_index,
        identifier=(identity_object(recipient_secret, req.email),),
        results=chosen,
        name=req.name, evidence=tuple(evidence_entries(req.evidence)) + req.links, valid_until=valid_until,
        endorsements=req.endorsements)
    credential = credential_document(fields, badge, issuer, rubric, urls)
    for code, path, message in award_text_findings(credential):
        option = source.name if path[0] == "credentialSubject" else source.evidence
        raise UsageError(f"{option}: {message}", "shorten it" if code == "too-long" else f"remove it: {HIDDEN_WHY}")
    return credential
