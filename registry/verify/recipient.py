"""The recipient step: does an email match the credential's (hashed) recipient identity."""
from __future__ import annotations

from typing import Any

from ..ob3.recipient import matches
from .steps import Outcome, Step, Verdict


def recipient_step(credential: dict[str, Any], email: str) -> Step:
    subject = credential.get("credentialSubject")
    identifiers = subject.get("identifier", []) if isinstance(subject, dict) else []
    identifiers = identifiers if isinstance(identifiers, list) else [identifiers]
    if not identifiers:
        return Step("recipient", Outcome.FAIL, "the credential names no recipient identity to compare with",
                    Verdict.WRONG_RECIPIENT)
    if any(isinstance(i, dict) and matches(i, email) for i in identifiers):
        return Step("recipient", Outcome.PASS, "the email matches the credential's recipient")
    return Step("recipient", Outcome.FAIL, "the email does not match the credential's recipient: it is genuine, "
                "but not issued to this email", Verdict.WRONG_RECIPIENT)
