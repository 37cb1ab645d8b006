"""Verified endorsements and the labels they give badge classes: Accredited, Co-branded, In-house.

An endorsement is an OB 3.0 EndorsementCredential that one issuer (an accreditor, or a partner
issuer for co-branding) signed about another issuer's badge class or about the issuer itself.
Labels are computed from the verified endorsements, never declared, and always as of a moment:
a badge page shows them as of the build, an evidence page as of the award date.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum

from .award import ProofRecord, StatusEntry
from .definitions import Issuer, Revocation
from .verification import Step


class Label(str, Enum):
    """How a badge class stands: endorsed by an admitted accreditor, by another issuer, or by no one."""

    ACCREDITED = "accredited"
    CO_BRANDED = "co-branded"
    IN_HOUSE = "in-house"

    @property
    def text(self) -> str:
        """The label as pages show it."""
        return {"accredited": "Accredited", "co-branded": "Co-branded", "in-house": "In-house"}[self.value]


@dataclass(frozen=True)
class Endorsement:
    """A verified EndorsementCredential: who endorses what (a badge class `issuer/badge`, or an issuer id),
    for which rubric versions and dates, and the log of what the check verified."""

    id: str
    endorser_id: str
    subject: str  # "issuer/badge" for a badge class, or an issuer id
    name: str
    comment: str  # Markdown, as signed
    signed_at: datetime
    valid_from: datetime
    valid_until: datetime | None
    rubric_versions: tuple[int, ...]  # the versions of the badge class's rubric it covers (none for an issuer)
    status: StatusEntry
    source: str
    url: str
    proofs: tuple[ProofRecord, ...] = ()
    checks: tuple[Step, ...] = ()
    signed: bytes = field(repr=False, default=b"")

    @property
    def endorsed_issuer(self) -> str:
        """The id of the issuer whose badge class (or self) is endorsed."""
        return self.subject.partition("/")[0]

    @property
    def of_badge(self) -> bool:
        """Whether the subject is a badge class (else an issuer)."""
        return "/" in self.subject

    @property
    def starts(self) -> datetime:
        """When it begins to count: its validFrom, and never before it was signed."""
        return max(self.valid_from, self.signed_at)

    def covers(self, badge_key: str, rubric_version: int | None = None) -> bool:
        """Whether the endorsement is about this badge class (and, when given, this rubric version)."""
        return self.subject == badge_key and (rubric_version is None or rubric_version in self.rubric_versions)

    def holds_at(self, moment: datetime, revocation: Revocation | None) -> bool:
        """Whether it held at `moment`: signed and started by then, not yet ended, not yet withdrawn."""
        if moment < self.starts:
            return False
        if self.valid_until is not None and moment > self.valid_until:
            return False
        return revocation is None or moment < revocation.revoked_at


def label_of(endorsements: Iterable[Endorsement], issuers: Mapping[str, Issuer]) -> Label:
    """The label the given (holding) endorsements give: an accreditor's makes Accredited, another's Co-branded."""
    kinds = {issuers[e.endorser_id].kind for e in endorsements if e.endorser_id in issuers}
    if "accreditor" in kinds:
        return Label.ACCREDITED
    return Label.CO_BRANDED if kinds else Label.IN_HOUSE
