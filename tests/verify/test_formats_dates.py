"""The valid from / valid until steps on VC 2.0 (validFrom/validUntil) and VC 1.1 (issuanceDate/expirationDate)
credentials, and on credentials that carry both generations' fields or broken ones: exact outcomes, verdicts
and the field each detail names."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

import pytest
from test_formats import edit, vc1, vc2

from registry.verify.steps import Outcome, Verdict
from registry.verify.validity import date_steps

NOW = datetime(2026, 11, 28, tzinfo=timezone.utc)
PASS, FAIL = Outcome.PASS, Outcome.FAIL
# name, credential, (valid from outcome, verdict, words), (valid until outcome, verdict, words)
Expect = tuple[Outcome, Verdict | None, str]
CASES: list[tuple[str, dict[str, Any], Expect, Expect]] = [
    ("vc2-current", vc2(), (PASS, None, "valid since 2026-01-01T00:00:00Z"), (PASS, None, "does not expire")),
    ("vc1-current", vc1(), (PASS, None, "valid since 2026-01-01T00:00:00Z (issuanceDate)"),
     (PASS, None, "does not expire")),
    ("vc1-expires-later", edit(vc1(), expirationDate="2030-01-01T00:00:00Z"), (PASS, None, "(issuanceDate)"),
     (PASS, None, "valid until 2030-01-01T00:00:00Z (expirationDate)")),
    ("vc1-expired", edit(vc1(), expirationDate="2026-06-01T00:00:00Z"), (PASS, None, "(issuanceDate)"),
     (FAIL, Verdict.EXPIRED, "expired at 2026-06-01T00:00:00Z (expirationDate)")),
    ("vc1-not-yet-valid", edit(vc1(), issuanceDate="2027-01-01T00:00:00+01:00"),
     (FAIL, Verdict.NOT_YET_VALID, "not valid until 2027-01-01T00:00:00+01:00 (issuanceDate)"),
     (PASS, None, "does not expire")),
    ("vc2-expired", edit(vc2(), validUntil="2026-11-27T23:59:59Z"), (PASS, None, "valid since"),
     (FAIL, Verdict.EXPIRED, "expired at 2026-11-27T23:59:59Z")),
    # still valid at the instant of validUntil (the browser, evidence pages and key windows count it so too)
    ("vc2-expires-at-this-instant", edit(vc2(), validUntil="2026-11-28T00:00:00Z"), (PASS, None, "valid since"),
     (PASS, None, "valid until 2026-11-28T00:00:00Z")),
    ("vc2-valid-from-this-instant", edit(vc2(), validFrom="2026-11-28T00:00:00Z"),
     (PASS, None, "valid since 2026-11-28T00:00:00Z"), (PASS, None, "does not expire")),
    # the VC 2.0 field applies when both are there; the VC 1.1 one only where the VC 2.0 one is missing
    ("vc1-validFrom-beats-issuanceDate", edit(vc1(), validFrom="2027-01-01T00:00:00Z"),
     (FAIL, Verdict.NOT_YET_VALID, "not valid until 2027-01-01T00:00:00Z"), (PASS, None, "does not expire")),
    ("vc1-validUntil-beats-expirationDate", edit(vc1(), validUntil="2026-01-02T00:00:00Z",
                                                 expirationDate="2099-01-01T00:00:00Z"),
     (PASS, None, "(issuanceDate)"), (FAIL, Verdict.EXPIRED, "expired at 2026-01-02T00:00:00Z")),
    ("vc2-issuanceDate-only", edit(vc2(), validFrom=None, issuanceDate="2026-01-01T00:00:00Z"),
     (PASS, None, "(issuanceDate)"), (PASS, None, "does not expire")),
    ("vc2-expirationDate-only", edit(vc2(), expirationDate="2026-02-01T00:00:00Z"), (PASS, None, "valid since"),
     (FAIL, Verdict.EXPIRED, "expired at 2026-02-01T00:00:00Z (expirationDate)")),
    # broken dates: never a traceback, never "fine"
    ("no-start-date", edit(vc2(), validFrom=None), (FAIL, None, "validFrom (VC 1.1: issuanceDate) is missing"),
     (PASS, None, "does not expire")),
    ("zoneless-validFrom", edit(vc2(), validFrom="2026-01-01T00:00:00"),
     (FAIL, None, "is missing or not a date-time with zone (validFrom is '2026-01-01T00:00:00')"),
     (PASS, None, "does not expire")),
    ("null-validFrom-does-not-fall-back", edit(vc1(), validFrom=None) | {"validFrom": None},
     (FAIL, None, "(validFrom is null)"), (PASS, None, "does not expire")),
    ("number-issuanceDate", edit(vc1(), issuanceDate=1767225600), (FAIL, None, "(issuanceDate is 1767225600)"),
     (PASS, None, "does not expire")),
    ("garbage-expirationDate", edit(vc1(), expirationDate="soon"), (PASS, None, "(issuanceDate)"),
     (FAIL, None, "expirationDate 'soon' is not a date-time with zone")),
    ("object-validUntil", edit(vc2(), validUntil={"@value": "2030-01-01T00:00:00Z"}), (PASS, None, "valid since"),
     (FAIL, None, "validUntil {\"@value\": \"2030-01-01T00:00:00Z\"} is not a date-time with zone")),
    ("huge-date-text-is-cut", edit(vc2(), validUntil="9" * 100_000), (PASS, None, "valid since"),
     (FAIL, None, "'… is not a date-time with zone")),
]


@pytest.mark.parametrize("credential, start, end", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_date_steps(credential: dict[str, Any], start: Expect, end: Expect) -> None:
    steps = date_steps(credential, NOW)
    assert [s.name for s in steps] == ["valid from", "valid until"]
    for step, (outcome, verdict, words) in zip(steps, (start, end)):
        assert (step.outcome, step.verdict) == (outcome, verdict), step.detail
        assert words in step.detail, step.detail
        assert len(step.detail) < 300
