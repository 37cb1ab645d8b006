"""Key histories: when each key of a did:web issuer was allowed to sign, applied to each proof's `created`.

did:web keeps no history, and retired keys stay in DID documents so old credentials keep verifying; an
issuer that links a history from its DID document (a `CredregKeyHistory` service, see registry/did.py)
says when each key was valid. A proof made outside that window fails; one that cannot be placed in it
(no `created`) fails; a linked history that cannot be fetched or read leaves the proof unchecked
(CANNOT_VERIFY), never passed.

Windows: a key signs from `validFrom` up to and including `validUntil` (the last second of its life,
as issuer.yaml writes it), and not from `revokedAt` on; a key revoked as compromised signs nothing from
`compromisedSince` (or from the start, when that is not known).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urldefrag, urlsplit

from ..did import KEY_HISTORY_SERVICE, KEY_HISTORY_VERSION
from ..errors import CredregError
from ..ob3.fields import aware_time, shown
from .fetch import Fetcher
from .resolve import did_web_url
from .steps import Outcome, Verdict

MAX_HISTORY_KEYS = 1000  # entries of one history; a real issuer rotates yearly
MAX_SERVICES = 100


@dataclass(frozen=True)
class Objection:
    """Why a proof's key may not be trusted at the proof's time: the proof step's outcome and detail."""

    outcome: Outcome
    detail: str
    verdict: Verdict | None = None


@dataclass(frozen=True)
class KeyWindow:
    """One key's entry in a history."""

    key: str  # the key's fragment, for messages
    valid_from: datetime
    valid_until: datetime | None = None
    revoked_at: datetime | None = None
    reason: str | None = None
    compromised_since: datetime | None = None


class HistoryError(CredregError):
    """A linked key history that cannot be used."""


def key_history_objection(vm: str, created: Any, fetcher: Fetcher) -> Objection | None:
    """Why the key history linked from `vm`'s DID document forbids a proof created at `created`, else None.

    Called once per proof after its signature verified (the DID document is then in the fetcher's cache).
    """
    if not vm.startswith("did:web:"):
        return None
    did = urldefrag(vm)[0]
    try:
        document_url = did_web_url(did)
        link = history_link(fetcher.get(document_url), document_url)
        if link is None:
            return None
        window = window_of(fetcher.get(link), did, vm)
    except CredregError as exc:
        return Objection(Outcome.UNKNOWN, f"the key history of {did} cannot be used, so the proof cannot be placed "
                         f"in it: {exc.message}", Verdict.CANNOT_VERIFY)
    return judge(window, created) if window else None


def history_link(document: Any, document_url: str) -> str | None:
    """The URL of the key history a DID document links, if it links one; it must be https on the same host."""
    services = document.get("service") if isinstance(document, dict) else None
    if services is None:
        return None
    services = services if isinstance(services, list) else [services]
    links = [s.get("serviceEndpoint") for s in services[:MAX_SERVICES]
             if isinstance(s, dict) and s.get("type") == KEY_HISTORY_SERVICE]
    if not links:
        return None
    if len(links) > 1 or not isinstance(links[0], str):
        raise HistoryError("the DID document links more than one key history, or not by one URL", "")
    link, home = urlsplit(links[0]), urlsplit(document_url)
    if (link.scheme, link.netloc) != (home.scheme, home.netloc):
        raise HistoryError(f"it is linked at {shown(links[0])}, which is not on the DID document's host "
                           f"{home.netloc}", "a key history is served beside its DID document")
    return links[0]


def window_of(history: Any, did: str, vm: str) -> KeyWindow | None:
    """The entry of `vm` in a history document for `did`, if it has one; HistoryError if the history is unusable."""
    if not isinstance(history, dict) or history.get("version") != KEY_HISTORY_VERSION:
        raise HistoryError(f"it is not a version {KEY_HISTORY_VERSION} key history", "")
    if history.get("issuer") != did:
        raise HistoryError(f"it is the history of {shown(history.get('issuer'))}, not of {did}", "")
    keys = history.get("keys")
    if not isinstance(keys, list) or len(keys) > MAX_HISTORY_KEYS:
        raise HistoryError(f"its keys are not a list of at most {MAX_HISTORY_KEYS} entries", "")
    entries = [k for k in keys if isinstance(k, dict) and vm in (k.get("id"), did + str(k.get("id")))]
    if not entries:
        return None
    if len(entries) > 1:
        raise HistoryError(f"it has {len(entries)} entries for {vm}", "")
    return _window(entries[0], vm.partition("#")[2])


def _window(entry: dict[str, Any], key: str) -> KeyWindow:
    moments: dict[str, datetime | None] = {}
    for field in ("validFrom", "validUntil", "revokedAt", "compromisedSince"):
        value = entry.get(field)
        moments[field] = aware_time(value)
        if (value is not None or field == "validFrom") and moments[field] is None:
            raise HistoryError(f"the {field} of {key}, {shown(value)}, is not a date-time with a zone", "")
    start = moments["validFrom"]
    assert start is not None
    for field in ("validUntil", "revokedAt"):
        end = moments[field]
        if end is not None and end < start:
            raise HistoryError(f"the {field} of {key} ({entry[field]}) is before its validFrom ({entry['validFrom']})", "")
    reason = entry.get("reason")
    if reason is not None and not isinstance(reason, str):
        raise HistoryError(f"the reason of {key} is not text", "")
    return KeyWindow(key, start, moments["validUntil"], moments["revokedAt"], reason, moments["compromisedSince"])


def judge(window: KeyWindow, created: Any) -> Objection | None:
    """A FAIL objection when a proof created at `created` (its raw value) falls outside the key's window."""
    moment = aware_time(created)
    if moment is None:
        return Objection(Outcome.FAIL, f"the proof has no valid 'created' time, so it cannot be placed in the history "
                         f"of key {window.key}", Verdict.INVALID)
    signed = f"signed {str(created)[:10]} by {window.key}"  # the date as the proof writes it
    if moment < window.valid_from:
        return Objection(Outcome.FAIL, f"{signed}, which was not valid until {_day(window.valid_from)}", Verdict.INVALID)
    if window.valid_until is not None and moment > window.valid_until:
        return Objection(Outcome.FAIL, f"{signed}, which was retired on {_day(window.valid_until)}", Verdict.INVALID)
    if window.reason == "compromised":
        since = window.compromised_since
        if since is None or moment >= since:
            return Objection(Outcome.FAIL, f"{signed}, which was compromised" + (
                f" from {_day(since)}" if since else "; everything it signed is void"), Verdict.INVALID)
    if window.revoked_at is not None and moment >= window.revoked_at:
        return Objection(Outcome.FAIL, f"{signed}, which was revoked ({window.reason or 'no reason given'}) on "
                         f"{_day(window.revoked_at)}", Verdict.INVALID)
    return None


def _day(moment: datetime) -> str:
    return moment.astimezone(UTC).date().isoformat()
