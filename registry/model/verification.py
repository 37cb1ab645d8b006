"""The verification log's vocabulary: how a step went, and what a failing step means for a credential.

Both verifiers use it (the registry-wide check and `credreg verify`), and the model keeps the
steps the check ran for every award, so its evidence page shows exactly those.
"""
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
    """One line of a verifier's log: which check, how it went, and the detail a person needs."""

    name: str
    outcome: Outcome
    detail: str
    verdict: Verdict | None = None  # what a failure of this step means for the credential

    def to_dict(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {"step": self.name, "outcome": self.outcome.value, "detail": self.detail}
