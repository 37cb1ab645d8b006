"""The validity period's steps: valid from and valid until, from VC 2.0 validFrom/validUntil or, where those are
missing, VC 1.1 issuanceDate/expirationDate.

The browser core (verify-core.js dateSteps) reads the same fields in the same order, so both runtimes give
one answer; the format step warns when a credential carries both generations' fields and they differ.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

from ..ob3.fields import aware_time, shown
from .steps import Outcome, Step, Verdict

# (VC 2.0 field, VC 1.1 field): the first one present applies.
START = ("validFrom", "issuanceDate")
END = ("validUntil", "expirationDate")


def _field(credential: dict[str, Any], names: tuple[str, str]) -> str | None:
    """The first of `names` the credential carries, else None."""
    return next((name for name in names if name in credential), None)


def _valid_from(credential: dict[str, Any], now: datetime) -> Step:
    name = _field(credential, START)
    moment = aware_time(credential.get(name)) if name else None
    if name is None or moment is None:
        found = f" ({name} is {shown(credential.get(name))})" if name else ""
        return Step("valid from", Outcome.FAIL, f"validFrom (VC 1.1: issuanceDate) is missing or not a date-time "
                                                f"with zone{found}")
    text = credential[name]
    named = "" if name == "validFrom" else f" ({name})"
    if now < moment:
        return Step("valid from", Outcome.FAIL, f"not valid until {text}{named}", Verdict.NOT_YET_VALID)
    return Step("valid from", Outcome.PASS, f"valid since {text}{named}")


def _valid_until(credential: dict[str, Any], now: datetime) -> Step:
    name = _field(credential, END)
    if name is None:
        return Step("valid until", Outcome.PASS, "does not expire")
    moment = aware_time(credential[name])
    if moment is None:
        return Step("valid until", Outcome.FAIL, f"{name} {shown(credential[name])} is not a date-time with zone")
    text = credential[name]
    named = "" if name == "validUntil" else f" ({name})"
    if now > moment:  # still valid at the instant of validUntil, as the browser, evidence pages and key windows count it
        return Step("valid until", Outcome.FAIL, f"expired at {text}{named}", Verdict.EXPIRED)
    return Step("valid until", Outcome.PASS, f"valid until {text}{named}")


def date_steps(credential: dict[str, Any], now: datetime) -> list[Step]:
    """The `valid from` and `valid until` steps at `now`."""
    return [_valid_from(credential, now), _valid_until(credential, now)]
