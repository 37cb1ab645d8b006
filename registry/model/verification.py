"""The verification log's vocabulary: how a step went, and what a failing step means for a credential.

Both verifiers use it (the registry-wide check and `credreg verify`), and the model keeps the
steps the check ran for every award, so its evidence page shows exactly those.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from functools import lru_cache
from typing import Any


class Outcome(str, Enum):
    """How one step went."""

    PASS = "pass"
    FAIL = "fail"
    WARN = "warning"
    UNKNOWN = "unknown"  # could not be checked (e.g. status list unreachable): never counted as fine


class Verdict(str, Enum):
    """What the steps add up to; only VALID exits 0. The browser verifier uses the same words, upper-cased.

    CANNOT_VERIFY: no signature could be checked (a key that cannot be fetched, only proof types this
    verifier does not know). STATUS_UNKNOWN: genuine, but its status list could not be fetched or trusted.
    WRONG_RECIPIENT: genuine, but not issued to the email given. ISSUER_NOT_VERIFIED: the signature is
    valid, but the issuer is not bound to this registry or a trust list (a did:key, say), so it proves
    integrity, not who issued it.
    """

    VALID = "valid"
    INVALID = "invalid"
    CANNOT_VERIFY = "cannot verify"
    WRONG_RECIPIENT = "not issued to this email"
    REVOKED = "revoked"
    SUSPENDED = "suspended"
    EXPIRED = "expired"
    NOT_YET_VALID = "not yet valid"
    STATUS_UNKNOWN = "status unknown"
    ISSUER_NOT_VERIFIED = "issuer not verified"


# The first of these that any step implies is the verdict: a FAIL or UNKNOWN step implies its own verdict
# (INVALID when it names none), a WARN step only the verdict it names (ISSUER_NOT_VERIFIED, say).
SEVERITY = (Verdict.INVALID, Verdict.CANNOT_VERIFY, Verdict.WRONG_RECIPIENT, Verdict.REVOKED, Verdict.SUSPENDED,
            Verdict.EXPIRED, Verdict.NOT_YET_VALID, Verdict.STATUS_UNKNOWN, Verdict.ISSUER_NOT_VERIFIED)


# What each verdict means, in one line: `credreg verify` prints it after the verdict and the /verify/ page shows
# it in its banner (verify-common.js MEANING holds the same words; a test keeps them equal).
MEANING = {
    Verdict.VALID: "genuine and current: the signature, the issuer, the status and the dates all check out",
    Verdict.INVALID: "not genuine or malformed: do not rely on it",
    Verdict.CANNOT_VERIFY: "no signature could be checked (a key or document could not be fetched, or no proof is of "
                           "a kind this verifier knows): this says nothing either way",
    Verdict.WRONG_RECIPIENT: "genuine, but not issued to this email",
    Verdict.REVOKED: "genuine, but revoked by its issuer",
    Verdict.SUSPENDED: "genuine, but suspended by its issuer",
    Verdict.EXPIRED: "genuine, but expired",
    Verdict.NOT_YET_VALID: "genuine, but not valid yet",
    Verdict.STATUS_UNKNOWN: "the signature is valid, but whether it was revoked could not be found out (its status "
                            "list could not be fetched or trusted)",
    Verdict.ISSUER_NOT_VERIFIED: "the signature is valid, but nothing binds the issuer to this registry or a trust "
                                 "list, so it proves the file is intact, not who issued it",
}

@dataclass(frozen=True, slots=True)
class Step:
    """One line of a verifier's log: which check, how it went, and the detail a person needs."""

    name: str
    outcome: Outcome
    detail: str
    verdict: Verdict | None = None  # what a failure of this step means for the credential

    def to_dict(self) -> dict[str, Any]:
        """Stable JSON form."""
        return {"step": self.name, "outcome": self.outcome.value, "detail": self.detail}


@lru_cache(maxsize=1 << 16)
def shared_step(name: str, outcome: Outcome, detail: str) -> Step:
    """One Step (frozen, so safe to share) for each distinct line: the model holds every award's log for its page,
    and 100,000 awards log mostly the same words."""
    return Step(name, outcome, detail)
