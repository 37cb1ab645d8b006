"""Verify one credential step by step: shape, schema, every proof, key, issuer, status, dates, recipient."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from .fetch import Fetcher
from .identity import NO_KNOWN_ISSUERS, KnownIssuers, issuer_step
from .proofs import KeyPolicy, proof_steps
from .recipient import recipient_step
from .shape import format_step, schema_steps
from .status import check_status, list_problems
from .steps import Outcome, Step, VerificationResult
from .validity import date_steps

__all__ = ["KeyPolicy", "verify_credential"]


def verify_credential(credential: Any, *, fetcher: Fetcher, now: datetime, source: str = "",
                      recipient: str | None = None, key_policy: KeyPolicy | None = None,
                      known: KnownIssuers = NO_KNOWN_ISSUERS) -> VerificationResult:
    """Every step for one credential; never raises for a bad credential. Its fetches share one time budget.

    `known` holds the issuers a trusted registry binds (identity.py): any other issuer is not verified.
    """
    with fetcher.credential_budget():
        return _verify_credential(credential, fetcher, now, source, recipient, key_policy, known)


def _verify_credential(credential: Any, fetcher: Fetcher, now: datetime, source: str, recipient: str | None,
                       key_policy: KeyPolicy | None, known: KnownIssuers) -> VerificationResult:
    if not isinstance(credential, dict):
        return VerificationResult(source, None, (Step("format", Outcome.FAIL, "not a JSON object"),))
    steps: list[Step] = [format_step(credential)]
    steps += schema_steps(credential)
    steps.append(issuer_step(credential, known))
    steps += proof_steps(credential, fetcher, key_policy)
    steps += check_status(credential, fetcher, lambda doc, url: list_problems(doc, url, credential, fetcher, now))
    steps += date_steps(credential, now)
    if recipient is not None:
        steps.append(recipient_step(credential, recipient))
    return VerificationResult(source, credential.get("id") if isinstance(credential.get("id"), str) else None,
                              tuple(steps))
