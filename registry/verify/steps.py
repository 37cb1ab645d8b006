"""One credential's verification result: its steps (model.verification) and the verdict they add up to."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..model.verification import MEANING, SEVERITY, Outcome, Step, Verdict

__all__ = ["MEANING", "SEVERITY", "Outcome", "Step", "Verdict", "VerificationResult"]


@dataclass(frozen=True)
class VerificationResult:
    """All steps for one credential and the resulting verdict."""

    source: str
    credential_id: str | None
    steps: tuple[Step, ...]

    @property
    def verdict(self) -> Verdict:
        """The most severe verdict any step implies (model.verification.SEVERITY), else VALID."""
        implied = {s.verdict or Verdict.INVALID for s in self.steps if s.outcome in (Outcome.FAIL, Outcome.UNKNOWN)}
        implied |= {s.verdict for s in self.steps if s.outcome is Outcome.WARN and s.verdict is not None}
        return next((v for v in SEVERITY if v in implied), Verdict.VALID)

    @property
    def ok(self) -> bool:
        """Whether the credential is genuine and current."""
        return self.verdict is Verdict.VALID

    def to_dict(self) -> dict[str, Any]:
        """Stable JSON form for `credreg verify --format json`."""
        return {"source": self.source, "id": self.credential_id, "verdict": self.verdict.value,
                "valid": self.ok, "steps": [s.to_dict() for s in self.steps]}
