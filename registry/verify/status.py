"""Credential status checks: Bitstring Status List (with the list's own proof) and 1EdTech Revocation List."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from ..errors import CredregError
from ..ob3.fields import aware_time, issuer_id_of, shown
from ..ob3.statuslist import decode, is_set, status_entry_index
from .fetch import Fetcher, FetchError
from .proofs import proof_steps
from .steps import Outcome, Step, Verdict

# Verifies a status list credential's proofs and dates; returns failing details (empty when fine).
ListVerifier = Callable[[dict[str, Any], str], list[str]]


def status_entries(credential: dict[str, Any]) -> list[dict[str, Any]]:
    """credentialStatus as a list (it may be one object or several)."""
    status = credential.get("credentialStatus")
    if status is None:
        return []
    entries = status if isinstance(status, list) else [status]
    return [e for e in entries if isinstance(e, dict)]


def check_status(credential: dict[str, Any], fetcher: Fetcher, verify_list: ListVerifier) -> list[Step]:
    """One step per status entry; an entry that cannot be checked is UNKNOWN, never a pass."""
    entries = status_entries(credential)
    if not entries:
        return [Step("status", Outcome.WARN, "the credential has no credentialStatus: it cannot be revoked")]
    return [_check_entry(credential, entry, fetcher, verify_list) for entry in entries]


def _check_entry(credential: dict[str, Any], entry: dict[str, Any], fetcher: Fetcher,
                 verify_list: ListVerifier) -> Step:
    kind = entry.get("type")
    if kind == "BitstringStatusListEntry":
        return _bitstring(credential, entry, fetcher, verify_list)
    if kind == "1EdTechRevocationList":
        return _revocation_list(credential, entry, fetcher)
    return Step("status", Outcome.UNKNOWN, f"status type {kind!r} is not supported, so the status is unknown",
                Verdict.STATUS_UNKNOWN)


def _bitstring(credential: dict[str, Any], entry: dict[str, Any], fetcher: Fetcher,
               verify_list: ListVerifier) -> Step:
    url = str(entry.get("statusListCredential", ""))
    purpose = str(entry.get("statusPurpose", ""))
    name = f"status ({purpose or 'unknown purpose'})"
    index = status_entry_index(entry)
    if index is None:
        return Step(name, Outcome.FAIL, f"statusListIndex {shown(entry.get('statusListIndex'))} is not a number "
                    "in ASCII digits within a status list's range", Verdict.INVALID)
    try:
        status_list = fetcher.get(url)
    except FetchError as exc:
        return Step(name, Outcome.UNKNOWN, f"status list unavailable: {exc.message}", Verdict.STATUS_UNKNOWN)
    if not isinstance(status_list, dict):
        return Step(name, Outcome.UNKNOWN, f"{url} is not a status list credential", Verdict.STATUS_UNKNOWN)
    problems = verify_list(status_list, url)
    if problems:
        return Step(name, Outcome.UNKNOWN, f"status list {url} cannot be trusted: {'; '.join(problems)}",
                    Verdict.STATUS_UNKNOWN)
    subject = status_list.get("credentialSubject") or {}
    if subject.get("statusPurpose") != purpose:
        return Step(name, Outcome.UNKNOWN, f"the list's purpose {subject.get('statusPurpose')!r} is not {purpose!r}",
                    Verdict.STATUS_UNKNOWN)
    try:
        flagged = is_set(decode(str(subject.get("encodedList", ""))), index)
    except CredregError as exc:
        return Step(name, Outcome.UNKNOWN, exc.message, Verdict.STATUS_UNKNOWN)
    if not flagged:
        return Step(name, Outcome.PASS, f"entry {index} of {url} is not set (signed list verified)")
    verdict = Verdict.REVOKED if purpose == "revocation" else Verdict.SUSPENDED
    return Step(name, Outcome.FAIL, f"entry {index} of {url} is set: the credential is {verdict.value}", verdict)


def _revocation_list(credential: dict[str, Any], entry: dict[str, Any], fetcher: Fetcher) -> Step:
    url = str(entry.get("id", ""))
    try:
        document = fetcher.get(url)
    except FetchError as exc:
        return Step("status (1EdTech revocation list)", Outcome.UNKNOWN, f"revocation list unavailable: {exc.message}",
                    Verdict.STATUS_UNKNOWN)
    revoked = document.get("revokedCredential", []) if isinstance(document, dict) else None
    if not isinstance(revoked, list):
        return Step("status (1EdTech revocation list)", Outcome.UNKNOWN, f"{url} is not a revocation list",
                    Verdict.STATUS_UNKNOWN)
    own = credential.get("id")
    for item in revoked:
        if isinstance(item, dict) and item.get("id") == own:
            reason = item.get("revocationReason") or "no reason given"
            return Step("status (1EdTech revocation list)", Outcome.FAIL, f"revoked: {reason}", Verdict.REVOKED)
    return Step("status (1EdTech revocation list)", Outcome.PASS, f"not listed in {url}")


def list_problems(status_list: dict[str, Any], url: str, credential: dict[str, Any], fetcher: Fetcher,
                   now: datetime) -> list[str]:
    """Why a status list cannot be trusted: wrong issuer, bad or missing proof, outside its dates."""
    problems = []
    if issuer_id_of(status_list) != issuer_id_of(credential):
        problems.append(f"issued by {issuer_id_of(status_list)!r}, not the credential's issuer")
    if status_list.get("id") not in (None, url):
        problems.append(f"its id {status_list.get('id')!r} is not its URL")
    problems += [s.detail for s in proof_steps(status_list, fetcher, None) if s.outcome is Outcome.FAIL]
    until = aware_time(status_list.get("validUntil"))
    if until is not None and now > until:
        problems.append(f"the list expired at {status_list['validUntil']}")
    return problems
