"""The endorsement steps of `credreg verify`: what a standalone EndorsementCredential endorses, and whether each
endorsement an award embeds (`credentialSubject.achievement.endorsement`) holds for that award.

An embedded endorsement is verified in full as its own credential (format, schema, issuer, proofs, status), then
judged at the award's date: it holds when all of that checks out, it is about this achievement (its subject id is
the achievement's id), its issuer is not the award's, its rubric versions (when it lists any) include the
achievement's version, and the award date falls inside its validFrom..validUntil.
It never changes the award's own verdict (the award's proofs decide that): one that does not hold is a WARN step,
and the verdict line says so (`endorsement_note`). verify-endorsement.js applies the same rules in the browser.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from ..ob3.endorsement import RUBRIC_VERSIONS
from ..ob3.fields import aware_time, issuer_id_of, shown
from .steps import Outcome, Step, Verdict

MAX_EMBEDDED = 8  # embedded endorsements verified per award; the rest are reported as not checked
COMMENT_CHARS = 80
SHOWN_VERSIONS = 5
DATE_STEPS = ("valid from", "valid until")
START = ("validFrom", "issuanceDate")
END = ("validUntil", "expirationDate")

Verify = Callable[[dict[str, Any]], Sequence[Step]]  # an embedded endorsement's own steps (no endorsement steps)


def is_endorsement(credential: dict[str, Any]) -> bool:
    types = credential.get("type")
    return "EndorsementCredential" in (types if isinstance(types, list) else [types])


def _text(value: Any) -> str:
    return value if isinstance(value, str) else ""


def _short(text: str, limit: int = COMMENT_CHARS) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1].rstrip() + "…"


def _day(value: str) -> str:
    return value[:10]


def _field(credential: dict[str, Any], names: tuple[str, str]) -> str | None:
    return next((name for name in names if name in credential), None)


def endorsed_step(credential: dict[str, Any]) -> Step:
    """What a standalone EndorsementCredential endorses: its subject id, rubric versions and comment (shortened)."""
    subject = credential.get("credentialSubject")
    subject = subject if isinstance(subject, dict) else {}
    target = _text(subject.get("id"))
    if not target:
        return Step("endorsed", Outcome.FAIL, "the endorsement names nothing it endorses (credentialSubject.id)")
    versions = subject.get(RUBRIC_VERSIONS)
    versions = [v for v in versions if isinstance(v, str)] if isinstance(versions, list) else []
    scope = (f" (rubric version{'s' if len(versions) > 1 else ''} "
             + ", ".join(versions[:SHOWN_VERSIONS]) + (" …" if len(versions) > SHOWN_VERSIONS else "") + ")"
             if versions else " (every rubric version)")
    comment = _text(subject.get("endorsementComment"))
    return Step("endorsed", Outcome.PASS, f"endorses {shown(target)}{scope}"
                + (f": {shown(_short(comment))}" if comment else ""))


def no_recipient_step(credential: dict[str, Any]) -> Step:
    """--recipient on an endorsement: it is issued to no one, so it is not issued to this email either."""
    subject = credential.get("credentialSubject")
    target = _text(subject.get("id")) if isinstance(subject, dict) else ""
    return Step("recipient", Outcome.FAIL, "an EndorsementCredential has no recipient: it endorses "
                f"{shown(target) if target else 'a badge or an issuer'}, it is not issued to a person; "
                "--recipient checks awards", Verdict.WRONG_RECIPIENT)


def award_date(award: dict[str, Any]) -> tuple[str, datetime | None]:
    """The award's date an endorsement must cover: awardedDate, else validFrom (VC 1.1: issuanceDate)."""
    for name in ("awardedDate", *START):
        if name in award:
            return _text(award[name]), aware_time(award[name])
    return "", None


def _first_problem(steps: Sequence[Step]) -> Step | None:
    """The first step that would keep the endorsement from being genuine, current in status and by a known issuer."""
    return next((s for s in steps if s.name not in DATE_STEPS and (
        s.outcome in (Outcome.FAIL, Outcome.UNKNOWN) or (s.outcome is Outcome.WARN and s.verdict is not None))),
        None)


def _dates(endorsement: dict[str, Any], award_text: str, awarded: datetime | None,
           now: datetime) -> tuple[str | None, str]:
    """(why it did not hold at the award date or None, the span it is valid for, e.g. `valid 2025-03-10 → …`)."""
    start_name, end_name = _field(endorsement, START), _field(endorsement, END)
    start = aware_time(endorsement.get(start_name)) if start_name else None
    end = aware_time(endorsement.get(end_name)) if end_name else None
    if start is None or start_name is None:
        return "its validFrom is missing or not a date-time with zone", ""
    if end_name is not None and end is None:
        return f"its {end_name} {shown(endorsement.get(end_name))} is not a date-time with zone", ""
    span = f"valid {_day(endorsement[start_name])} → " + (_day(endorsement[end_name]) if end_name else "no end")
    if end is not None and now > end:
        span += ", expired since"
    if awarded is None:
        return "the award has no awardedDate or validFrom to compare its dates with", span
    if awarded < start:
        return f"it starts {endorsement[start_name]}, after this award ({award_text})", span
    if end is not None and end_name is not None and awarded > end:
        return f"it ended {endorsement[end_name]}, before this award ({award_text})", span
    return None, span


def _scope(endorsement: dict[str, Any], achievement: dict[str, Any]) -> str | None:
    """Why the endorsement's rubric versions leave out the achievement's version (the rubric it was assessed on)."""
    subject = endorsement.get("credentialSubject")
    versions = subject.get(RUBRIC_VERSIONS) if isinstance(subject, dict) else None
    if not isinstance(versions, list) or not versions or achievement.get("version") in versions:
        return None
    listed = ", ".join(shown(v) for v in versions[:SHOWN_VERSIONS]) + (" …" if len(versions) > SHOWN_VERSIONS else "")
    return (f"it covers rubric version(s) {listed}, not {shown(achievement.get('version'))} that this award was "
            "assessed on (achievement.version)")


def _judge(number: int, endorsement: Any, award: dict[str, Any], achievement: dict[str, Any], verify: Verify,
           now: datetime) -> Step:
    """PASS when the embedded endorsement holds for this award (of `achievement`), else WARN saying why."""
    name = f"endorsement {number}"
    if not isinstance(endorsement, dict):
        return Step(name, Outcome.WARN, f"not a credential object ({shown(endorsement)}): it does not hold")
    label = shown(_text(endorsement.get("name")) or _text(endorsement.get("id")) or "unnamed")
    problem = _first_problem(verify(endorsement))
    subject = endorsement.get("credentialSubject")
    about = subject.get("id") if isinstance(subject, dict) else None
    target = achievement.get("id")
    award_text, awarded = award_date(award)
    why_dates, span = _dates(endorsement, award_text, awarded, now)
    why: str | None
    if problem is not None and problem.verdict in (Verdict.REVOKED, Verdict.SUSPENDED):
        why = (f"it was {'withdrawn' if problem.verdict is Verdict.REVOKED else 'suspended'} by its endorser "
               f"({problem.name}: {problem.detail}); a status list does not say since when, so it no longer counts")
    elif problem is not None:
        why = f"{problem.name}: {problem.detail}"
    elif not is_endorsement(endorsement):
        why = "it is not an EndorsementCredential"
    elif not isinstance(target, str) or not target:
        why = "the achievement has no id it could be about"
    elif about != target:
        why = f"it is about {shown(about)}, not this achievement ({shown(target)})"
    elif issuer_id_of(endorsement) == issuer_id_of(award):
        why = "its issuer is the award's own issuer: an issuer cannot endorse its own badge"
    else:
        why = _scope(endorsement, achievement) or why_dates
    if why is not None:
        return Step(name, Outcome.WARN, f"{label}: does not hold for this award: {why}")
    return Step(name, Outcome.PASS, f"{label}: verified; held on the award date ({award_text}); {span}")


def embedded_steps(award: dict[str, Any], verify: Verify, now: datetime) -> list[Step]:
    """One step per embedded endorsement (at most MAX_EMBEDDED), each PASS (holds for this award) or WARN."""
    subject = award.get("credentialSubject")
    achievement = subject.get("achievement") if isinstance(subject, dict) else None
    if not isinstance(achievement, dict) or achievement.get("endorsement") is None:
        return []
    embedded = achievement["endorsement"]
    items = embedded if isinstance(embedded, list) else [embedded]
    steps = [_judge(n, item, award, achievement, verify, now) for n, item in enumerate(items[:MAX_EMBEDDED], start=1)]
    if len(items) > MAX_EMBEDDED:
        steps.append(Step("endorsements", Outcome.WARN, f"{len(items) - MAX_EMBEDDED} more embedded endorsement(s) "
                          f"not checked: at most {MAX_EMBEDDED} are verified per credential"))
    return steps


def endorsement_note(steps: Sequence[Step]) -> str:
    """The verdict's addition when an award embeds endorsements: which do not hold ("" when all do, or none)."""
    judged = [s for s in steps if s.name.startswith("endorsement ")]
    failing = [s.name for s in judged if s.outcome is not Outcome.PASS]
    unchecked = next((s for s in steps if s.name == "endorsements"), None)
    if not failing and unchecked is None:
        return ""
    parts = []
    if failing:
        parts.append(f"{', '.join(failing)} {'does' if len(failing) == 1 else 'do'} not hold ({len(failing)} of "
                     f"{len(judged)} embedded; the award's own verdict stands)")
    if unchecked is not None:
        parts.append(unchecked.detail)
    return "; ".join(parts)


def endorsement_summary(steps: Sequence[Step]) -> list[dict[str, Any]]:
    """The endorsement steps for `--format json`: each one's step name and whether it holds for the award."""
    return [{"step": s.name, "holds": s.outcome is Outcome.PASS} for s in steps if s.name.startswith("endorsement ")]
