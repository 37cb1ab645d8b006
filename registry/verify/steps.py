"""The verification log: steps with outcomes, and the verdict they add up to."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any


class Outcome(str, Enum):
    """How one step went."""

    PASS = "pass"
    FAIL = "fail"
    WARN = "warning"
    UNKNOWN = "unknown"  # could not be checked (e.g. status list unreachable): never counted as fine


class Verdict(str, Enum):
    """What the steps add up to; only VALID exits 0."""

    VALID = "valid"
    INVALID = "invalid"
    REVOKED = "revoked"
    SUSPENDED = "suspended"
    EXPIRED = "expired"
    NOT_YET_VALID = "not yet valid"
    STATUS_UNKNOWN = "status unknown"


@dataclass(frozen=True)
class Step:
    """One line of the verifier's log: which check, how it went, and the detail a person needs."""

    name: str
    outcome: Outcome
    detail: str
    verdict: Verdict | None = None  # what a failure of this step means for the credential

    def to_dict(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {"step": self.name, "outcome": self.outcome.value, "detail": self.detail}


@dataclass(frozen=True)
class VerificationResult:
    """All steps for one credential and the resulting verdict."""

    source: str
    credential_id: str | None
    steps: tuple[Step, ...]

    @property
    def verdict(self) -> Verdict:
        """The first failing step's verdict, in order of severity: invalid beats revoked beats expired."""
        failed = [s.verdict or Verdict.INVALID for s in self.steps if s.outcome in (Outcome.FAIL, Outcome.UNKNOWN)]
        for verdict in (Verdict.INVALID, Verdict.REVOKED, Verdict.SUSPENDED, Verdict.EXPIRED,
                        Verdict.NOT_YET_VALID, Verdict.STATUS_UNKNOWN):
            if verdict in failed:
                return verdict
        return Verdict.VALID

    @property
    def ok(self) -> bool:
        """Whether the credential is genuine and current."""
        return self.verdict is Verdict.VALID

    def to_dict(self) -> dict[str, Any]:
        """Stable JSON form for `credreg verify --format json`."""
        return {"source": self.source, "id": self.credential_id, "verdict": self.verdict.value,
                "valid": self.ok, "steps": [s.to_dict() for s in self.steps]}
