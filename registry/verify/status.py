"""Credential status checks: Bitstring Status List, StatusList2021 and RevocationList2020 (each list's own
proof, issuer, id, type and dates checked before its bit is believed), and the 1EdTech Revocation List."""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from ..errors import CredregError
from ..ob3.fields import as_object, ascii_int, aware_time, issuer_id_of, shown, types_of
from ..ob3.statuslist import LIST_KINDS, MAX_INDEX, MAX_STATUS_SIZE, ListKind, decode, status_value
from .fetch import Fetcher, FetchError
from .proofs import proof_steps
from .steps import Outcome, Step, Verdict

# Verifies a status list credential's proofs and dates; returns failing details (empty when fine).
ListVerifier = Callable[[dict[str, Any], str], list[str]]

MAX_ENTRIES = 16  # status entries checked for one credential (each may cost a fetch)
FLAGGING = {"revocation": Verdict.REVOKED, "suspension": Verdict.SUSPENDED}  # purposes that change the verdict
ONE_EDTECH = "status (1EdTech revocation list)"


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
    if len(entries) > MAX_ENTRIES:
        return [Step("status", Outcome.FAIL, f"the credential has {len(entries)} status entries; at most "
                     f"{MAX_ENTRIES} are checked", Verdict.INVALID)]
    return [_check_entry(credential, entry, fetcher, verify_list) for entry in entries]


def _check_entry(credential: dict[str, Any], entry: dict[str, Any], fetcher: Fetcher,
                 verify_list: ListVerifier) -> Step:
    types = types_of(entry.get("type"))
    if "1EdTechRevocationList" in types:
        return _revocation_list(credential, entry, fetcher)
    kind = next((LIST_KINDS[t] for t in types if t in LIST_KINDS), None)
    if kind is not None:
        return _list_entry(kind, entry, fetcher, verify_list)
    return Step("status", Outcome.UNKNOWN, f"status type {shown(entry.get('type'))} is not supported, so the status "
                "is unknown", Verdict.STATUS_UNKNOWN)


def _list_entry(kind: ListKind, entry: dict[str, Any], fetcher: Fetcher, verify_list: ListVerifier) -> Step:
    """One entry of a bitstring status list: fetch the list, trust it, read the entry's bits."""
    purpose = kind.fixed_purpose or (entry.get("statusPurpose") if isinstance(entry.get("statusPurpose"), str) else "")
    name = f"status ({purpose or 'unknown purpose'})"
    size = ascii_int(entry.get("statusSize", 1), MAX_STATUS_SIZE) or 0
    if size < 1 or (purpose in FLAGGING and size != 1):
        return Step(name, Outcome.FAIL, f"statusSize {shown(entry.get('statusSize'))} is not a whole number from 1 to "
                    f"{MAX_STATUS_SIZE} (and 1 for {purpose or 'this purpose'})", Verdict.INVALID)
    index = ascii_int(entry.get(kind.index_field), MAX_INDEX // size)
    if index is None:
        return Step(name, Outcome.FAIL, f"{kind.index_field} {shown(entry.get(kind.index_field))} is not a number "
                    "in ASCII digits within a status list's range", Verdict.INVALID)
    url = entry.get(kind.list_field)
    if not isinstance(url, str) or not url:
        return Step(name, Outcome.FAIL, f"the entry names no {kind.list_field}", Verdict.INVALID)
    if purpose not in FLAGGING and purpose not in ("message", "refresh"):
        return Step(name, Outcome.WARN, f"status purpose {shown(purpose)} is not one this verifier knows, so that "
                    "entry was not checked")
    try:
        status_list = fetcher.get(url)
    except FetchError as exc:
        return Step(name, Outcome.UNKNOWN, f"status list unavailable: {exc.message}", Verdict.STATUS_UNKNOWN)
    if not isinstance(status_list, dict):
        return Step(name, Outcome.UNKNOWN, f"{shown(url)} is not a status list credential", Verdict.STATUS_UNKNOWN)
    subject = as_object(status_list.get("credentialSubject"))
    problems = _shape_problems(kind, status_list, subject) + verify_list(status_list, url)
    if problems:
        return Step(name, Outcome.UNKNOWN, f"status list {shown(url)} cannot be trusted: {'; '.join(problems)}",
                    Verdict.STATUS_UNKNOWN)
    listed = subject.get("statusPurpose", kind.fixed_purpose)
    if listed != purpose:
        return Step(name, Outcome.UNKNOWN, f"the list's purpose {shown(listed)} is not {shown(purpose)}",
                    Verdict.STATUS_UNKNOWN)
    try:
        value = status_value(decode(str(subject.get("encodedList", "")), kind.multibase), index, size)
    except CredregError as exc:
        return Step(name, Outcome.UNKNOWN, exc.message, Verdict.STATUS_UNKNOWN)
    return _outcome(name, purpose, value, index, url, entry)


def _outcome(name: str, purpose: str, value: int, index: int, url: str, entry: dict[str, Any]) -> Step:
    """What the entry's value means for its purpose (message and refresh never change the verdict)."""
    where = f"entry {index} of {url}"
    if purpose in FLAGGING:
        if not value:
            return Step(name, Outcome.PASS, f"{where} is not set (signed list verified)")
        verdict = FLAGGING[purpose]
        return Step(name, Outcome.FAIL, f"{where} is set: the credential is {verdict.value}", verdict)
    if purpose == "refresh":
        if not value:
            return Step(name, Outcome.PASS, f"{where} is not set: no newer version is announced")
        return Step(name, Outcome.WARN, f"{where} is set: the issuer offers a newer version of this credential")
    status = f"0x{value:x}"
    messages = [m for m in entry.get("statusMessage") or [] if isinstance(m, dict) and m.get("status") == status]
    said = f" ({shown(messages[0].get('message'))})" if messages else ""
    return Step(name, Outcome.PASS if not value else Outcome.WARN, f"{where} holds status {status}{said}")


def _shape_problems(kind: ListKind, status_list: dict[str, Any], subject: dict[str, Any]) -> list[str]:
    """Whether the document is the kind of list the entry points at."""
    problems = []
    if kind.credential_type not in types_of(status_list.get("type")):
        problems.append(f"it is not a {kind.credential_type}")
    if kind.subject_type not in types_of(subject.get("type")):
        problems.append(f"its credentialSubject is not a {kind.subject_type}")
    return problems


def _revocation_list(credential: dict[str, Any], entry: dict[str, Any], fetcher: Fetcher) -> Step:
    url = str(entry.get("id", ""))
    try:
        document = fetcher.get(url)
    except FetchError as exc:
        return Step(ONE_EDTECH, Outcome.UNKNOWN, f"revocation list unavailable: {exc.message}", Verdict.STATUS_UNKNOWN)
    revoked = document.get("revokedCredential", []) if isinstance(document, dict) else None
    if not isinstance(revoked, list):
        return Step(ONE_EDTECH, Outcome.UNKNOWN, f"{shown(url)} is not a revocation list", Verdict.STATUS_UNKNOWN)
    own = credential.get("id")
    for item in revoked:
        if isinstance(item, dict) and item.get("id") == own:
            reason = item.get("revocationReason") or "no reason given"
            return Step(ONE_EDTECH, Outcome.FAIL, f"revoked: {shown(reason)}", Verdict.REVOKED)
    return Step(ONE_EDTECH, Outcome.PASS, f"not listed in {url}")


def list_problems(status_list: dict[str, Any], url: str, credential: dict[str, Any], fetcher: Fetcher,
                  now: datetime) -> list[str]:
    """Why a status list cannot be trusted: wrong issuer or id, no verified proof, outside its dates."""
    problems = []
    if issuer_id_of(status_list) != issuer_id_of(credential):
        problems.append(f"issued by {shown(issuer_id_of(status_list))}, not the credential's issuer")
    if status_list.get("id") not in (None, url):
        problems.append(f"its id {shown(status_list.get('id'))} is not its URL")
    steps = proof_steps(status_list, fetcher)
    problems += [f"{s.name}: {s.detail}" for s in steps if s.outcome in (Outcome.FAIL, Outcome.UNKNOWN)]
    if not any(s.outcome is Outcome.PASS for s in steps):
        problems.append("none of its proofs could be verified")
    # Only the end of a list's life counts: a list fetched now that starts after `now` means `now` is in the past
    # (`--now`), where the current list is still the best evidence; a date that is not a date is a problem.
    for field, late in (("validFrom", False), ("issuanceDate", False), ("validUntil", True), ("expirationDate", True)):
        if field not in status_list:
            continue
        moment = aware_time(status_list[field])
        if moment is None:
            problems.append(f"its {field} {shown(status_list[field])} is not a date-time with a zone")
        elif late and now > moment:  # valid through validUntil, as credentials are
            problems.append(f"the list expired at {status_list[field]}")
    return problems
