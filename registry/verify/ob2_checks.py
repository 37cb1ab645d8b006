"""Open Badges 2.0 steps that read the Assertion and its issuer: revocation, issuedOn/expires, recipient.

Revocation: `revoked: true` in the Assertion, and the issuer's RevocationList (entries are ids as strings,
or objects with an `id` or a legacy `uid`). A list that cannot be fetched or trusted makes the status
unknown, never fine. Recipient: an IdentityObject of type email, plain or hashed `sha256$`/`md5$` with an
optional salt (none means unsalted, as the 2.0 spec says).
"""
from __future__ import annotations

import hashlib
import hmac
from datetime import datetime
from typing import Any

from ..errors import CredregError, FetchError
from ..ob3.fields import aware_time, shown, types_of
from .fetch import Fetcher
from .ob2_docs import OB2_CONTEXTS, fetch_own, https_url
from .steps import Outcome, Step, Verdict

STATUS = "status (revocation)"
MAX_REVOKED = 100_000  # entries read from one RevocationList (the document itself is size-bounded)
_HEX = frozenset("0123456789abcdef")


def revocation_step(assertion: dict[str, Any], issuer: dict[str, Any], fetcher: Fetcher) -> Step:
    """REVOKED if the Assertion says so or its issuer's RevocationList lists it; UNKNOWN if the list is unusable."""
    if assertion.get("revoked") is True:
        reason = assertion.get("revocationReason")
        return Step(STATUS, Outcome.FAIL, "the hosted Assertion says it is revoked" +
                    (f": {shown(reason)}" if isinstance(reason, str) else ""), Verdict.REVOKED)
    ref = issuer.get("revocationList")
    if ref is None:
        return Step(STATUS, Outcome.WARN, "the issuer publishes no revocationList, so revocation cannot be checked "
                    "beyond what the Assertion itself says")
    url = https_url(ref)
    if url is None:
        return Step(STATUS, Outcome.UNKNOWN, f"the issuer's revocationList {shown(ref)} is not an https URL",
                    Verdict.STATUS_UNKNOWN)
    try:
        revocations = fetch_own(fetcher, url, "RevocationList", ("RevocationList",))
    except FetchError as exc:
        return Step(STATUS, Outcome.UNKNOWN, exc.message, Verdict.STATUS_UNKNOWN)
    except CredregError as exc:
        return Step(STATUS, Outcome.UNKNOWN, f"the revocation list cannot be trusted: {exc.message}",
                    Verdict.STATUS_UNKNOWN)
    if revocations.get("issuer") is not None and revocations.get("issuer") != issuer.get("id"):
        return Step(STATUS, Outcome.UNKNOWN, f"the revocation list {url} belongs to {shown(revocations.get('issuer'))},"
                    f" not to the issuer {issuer.get('id')}", Verdict.STATUS_UNKNOWN)
    entries = revocations.get("revokedAssertions", [])
    entries = entries if isinstance(entries, list) else [entries]
    if len(entries) > MAX_REVOKED:
        return Step(STATUS, Outcome.UNKNOWN, f"the revocation list holds {len(entries):,} entries; at most "
                    f"{MAX_REVOKED:,} are read", Verdict.STATUS_UNKNOWN)
    entry = _listed(assertion, entries)
    if entry is None:
        return Step(STATUS, Outcome.PASS, f"not listed in the issuer's revocation list {url}")
    reason = entry.get("revocationReason") if isinstance(entry, dict) else None
    return Step(STATUS, Outcome.FAIL, f"revoked in {url}" + (f": {shown(reason)}" if isinstance(reason, str) else ""),
                Verdict.REVOKED)


def _listed(assertion: dict[str, Any], entries: list[Any]) -> Any:
    """The revokedAssertions entry naming this Assertion (by id, or by its legacy uid), or None."""
    own_id, uid = assertion.get("id"), assertion.get("uid")
    for entry in entries:
        if isinstance(entry, str) and entry == own_id:
            return entry
        if isinstance(entry, dict) and entry.get("revoked") is not False and (
                entry.get("id") == own_id or (isinstance(uid, str) and uid and entry.get("uid") == uid)):
            return entry
    return None


def date_steps(assertion: dict[str, Any], now: datetime) -> list[Step]:
    """`valid from` from issuedOn (required, a date-time with zone) and `valid until` from expires."""
    issued_raw, expires_raw = assertion.get("issuedOn"), assertion.get("expires")
    issued, expires = aware_time(issued_raw), aware_time(expires_raw)
    if issued is None:
        first = Step("valid from", Outcome.FAIL, f"issuedOn {shown(issued_raw)} is missing or not a date-time with a "
                     "time zone")
    elif now < issued:
        first = Step("valid from", Outcome.FAIL, f"issued on {issued_raw}, which is in the future",
                     Verdict.NOT_YET_VALID)
    else:
        first = Step("valid from", Outcome.PASS, f"issued on {issued_raw}")
    if expires_raw is None:
        second = Step("valid until", Outcome.PASS, "does not expire")
    elif expires is None:
        second = Step("valid until", Outcome.FAIL, f"expires {shown(expires_raw)} is not a date-time with a time zone")
    elif now > expires:
        second = Step("valid until", Outcome.FAIL, f"expired at {expires_raw}", Verdict.EXPIRED)
    else:
        second = Step("valid until", Outcome.PASS, f"valid until {expires_raw}")
    return [first, second]


def recipient_step(assertion: dict[str, Any], email: str) -> Step:
    """Whether `email` is the Assertion's recipient; a mismatch is WRONG_RECIPIENT, not forgery."""
    identity = assertion.get("recipient")
    if not isinstance(identity, dict) or not isinstance(identity.get("identity"), str):
        return Step("recipient", Outcome.FAIL, "the Assertion names no recipient identity to compare with",
                    Verdict.WRONG_RECIPIENT)
    kind = identity.get("type")
    if kind not in ("email", "http://schema.org/email", "schema:email"):
        return Step("recipient", Outcome.FAIL, f"the recipient is identified by {shown(kind)}, not by an email",
                    Verdict.WRONG_RECIPIENT)
    value: str = identity["identity"]
    candidates = list(dict.fromkeys([email.strip(), email.strip().lower()]))
    if identity.get("hashed") is True:
        salt = identity.get("salt")
        if salt is not None and not isinstance(salt, str):
            return Step("recipient", Outcome.FAIL, f"the recipient salt {shown(salt)} is not text")
        algorithm, _, digest = value.partition("$")
        if algorithm not in ("sha256", "md5") or not digest or not set(digest.lower()) <= _HEX:
            return Step("recipient", Outcome.FAIL, f"the recipient identity {shown(value)} is not a sha256$ or md5$ "
                        "hash in hex")
        hits = [c for c in candidates if hmac.compare_digest(
            hashlib.new(algorithm, (c + (salt or "")).encode("utf-8")).hexdigest(), digest.lower())]
        how = f"{algorithm} hash" + ("" if salt else ", unsalted") + (" (md5 is weak)" if algorithm == "md5" else "")
    else:
        hits = [c for c in candidates if c.lower() == value.strip().lower()]
        how = "plain text"
    if hits:
        return Step("recipient", Outcome.PASS, f"the email matches the recipient ({how})")
    return Step("recipient", Outcome.FAIL, f"the email does not match the recipient ({how}): the badge may be "
                "genuine, but it was not issued to this email", Verdict.WRONG_RECIPIENT)


REQUIRED = {"Assertion": ("id", "type", "recipient", "badge", "verification", "issuedOn"),
            "BadgeClass": ("id", "type", "name", "description", "image", "criteria", "issuer"),
            "issuer Profile": ("id", "type", "name", "url", "email")}


def schema_step(assertion: dict[str, Any], badge: dict[str, Any], issuer: dict[str, Any]) -> Step:
    """`schema`: the properties Open Badges 2.0 requires of an Assertion, its BadgeClass and an issuer Profile."""
    problems = []
    for kind, document in (("Assertion", assertion), ("BadgeClass", badge), ("issuer Profile", issuer)):
        absent = [p for p in REQUIRED[kind] if document.get(p) in (None, "", [], {})]
        if absent:
            problems.append(f"the {kind} lacks {', '.join(absent)}")
    identity = assertion.get("recipient")
    if identity is not None and not (isinstance(identity, dict) and isinstance(identity.get("identity"), str)
                                     and isinstance(identity.get("type"), str)
                                     and isinstance(identity.get("hashed", False), bool)):
        problems.append("the recipient is not an IdentityObject (identity and type as text, hashed as a boolean)")
    if not isinstance(assertion.get("revoked", False), bool):
        problems.append(f"the Assertion's revoked {shown(assertion.get('revoked'))} is not a boolean")
    for kind, document in (("BadgeClass", badge), ("issuer Profile", issuer)):
        texts = [p for p in ("name", "description") if p in document and not isinstance(document[p], str)]
        if texts:
            problems.append(f"the {kind}'s {', '.join(texts)} is not text")
    if problems:
        return Step("schema", Outcome.FAIL, "; ".join(problems))
    return Step("schema", Outcome.PASS, "the Assertion, BadgeClass and issuer Profile have every property Open Badges "
                "2.0 requires")


def is_assertion(document: Any) -> bool:
    """Whether `document` is an Open Badges 2.0 Assertion (by type or by the 2.0 context)."""
    if not isinstance(document, dict):
        return False
    context = document.get("@context")
    contexts = context if isinstance(context, list) else [context]
    return "Assertion" in types_of(document.get("type")) or any(
        isinstance(c, str) and c in OB2_CONTEXTS for c in contexts)
