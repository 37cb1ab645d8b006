"""The validity period's steps: valid from (validFrom or VC 1.1 issuanceDate) and valid until."""
from __future__ import annotations

from datetime import datetime
from typing import Any

from ..ob3.fields import aware_time
from .steps import Outcome, Step, Verdict


def date_steps(credential: dict[str, Any], now: datetime) -> list[Step]:
    steps = []
    valid_from = aware_time(credential.get("validFrom") or credential.get("issuanceDate"))
    until_raw = credential.get("validUntil") or credential.get("expirationDate")
    valid_until = aware_time(until_raw)
    if valid_from is None:
        steps.append(Step("valid from", Outcome.FAIL, "validFrom is missing or not a date-time with zone"))
    elif now < valid_from:
        steps.append(Step("valid from", Outcome.FAIL, f"not valid until {credential.get('validFrom')}",
                          Verdict.NOT_YET_VALID))
    else:
        steps.append(Step("valid from", Outcome.PASS, f"valid since {credential.get('validFrom') or credential.get('issuanceDate')}"))
    if until_raw is None:
        steps.append(Step("valid until", Outcome.PASS, "does not expire"))
    elif valid_until is None:
        steps.append(Step("valid until", Outcome.FAIL, "validUntil is not a date-time with zone"))
    elif now > valid_until:
        steps.append(Step("valid until", Outcome.FAIL, f"expired at {until_raw}", Verdict.EXPIRED))
    else:
        steps.append(Step("valid until", Outcome.PASS, f"valid until {until_raw}"))
    return steps


