"""Verified signed files as typed facts: awards and status lists, parsed once after verification.

Pages, hosted documents and awarding read these fields, never the credential JSON again;
an award keeps the SHA-256 of its file (`load.signed.signed_bytes` reads the bytes back to serve them unchanged),
a status list its bytes.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from .definitions import Rubric, RubricCriterion, RubricLevel
from .verification import Step


@dataclass(frozen=True, slots=True)
class Recipient:
    """Who an award is for: a salted hash of their email (never the email) and an optional display name."""

    identity_hash: str  # "sha256$" + hex
    salt: str
    name: str | None = None


@dataclass(frozen=True, slots=True)
class StatusEntry:
    """An award's entry in its issuer's revocation list."""

    list_url: str
    index: int
    purpose: str = "revocation"


@dataclass(frozen=True, slots=True)
class RubricResult:
    """The level a recipient reached on one criterion of the award's rubric version."""

    criterion: RubricCriterion
    level: RubricLevel


@dataclass(frozen=True, slots=True)
class Evidence:
    """A public https link to the work an award rests on (`genre` tells component and renewal links apart)."""

    url: str
    name: str
    genre: str | None = None


@dataclass(frozen=True, slots=True)
class ProofRecord:
    """One proof of a signed file and the steps that verified it (key window, signature)."""

    cryptosuite: str
    verification_method: str
    key_id: str
    created: datetime
    steps: tuple[Step, ...]


@dataclass(frozen=True, slots=True)
class Award:
    """A verified award: what it says, as the check read it, and the log of what the check verified."""

    id: str
    issuer_id: str
    badge_id: str
    source: str
    url: str
    awarded: datetime
    valid_from: datetime
    valid_until: datetime | None
    rubric: Rubric
    results: tuple[RubricResult, ...]
    recipient: Recipient
    status: StatusEntry
    evidence: tuple[Evidence, ...]
    proofs: tuple[ProofRecord, ...]
    checks: tuple[Step, ...]  # the steps the check ran on the award itself, in order (proofs apart)
    components: tuple[str, ...] = ()  # credential ids of the component awards a stacked award records
    renews: str | None = None  # credential id of the award this one renews
    endorsements: tuple[str, ...] = ()  # ids of the registry's endorsements embedded in its achievement
    digest: bytes = field(repr=False, default=b"")  # SHA-256 of the file's bytes: load.signed.signed_bytes reads them

    @property
    def badge_key(self) -> str:
        """`issuer/badge` of the badge class this award is filed under."""
        return f"{self.issuer_id}/{self.badge_id}"

    @property
    def total(self) -> int:
        """The points the results add up to."""
        return sum(result.level.points for result in self.results)


@dataclass(frozen=True, slots=True)
class StatusList:
    """A verified BitstringStatusListCredential of an issuer: which entries it revokes."""

    issuer_id: str
    number: str
    source: str
    url: str
    revoked: frozenset[int]
    proofs: tuple[ProofRecord, ...]
    signed: bytes = field(repr=False, default=b"")
