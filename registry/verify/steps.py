"""One credential's verification result: its steps (model.verification) and the verdict they add up to."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model.verification import Outcome, Step, Verdict


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
