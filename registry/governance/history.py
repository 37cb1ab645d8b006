"""History is append-only: the review rules that keep what was signed, revoked or published from being taken back.

Awards and endorsements are never deleted or edited (they are revoked or withdrawn instead); revocation records
and kept decisions are only appended;
a rubric version an award used is never edited; keys are never removed and a retired or revoked key
never returns; status lists only gain set bits. These hold for every author, registry maintainers too.
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from ..errors import CredregError, Problem
from ..layout import FileKind, SourceFile, badge_file, classify, issuer_file
from ..load.json_source import load_json
from ..load.source import SourceError
from ..load.yaml_source import load_yaml
from ..model import Issuer, IssuerKey
from ..ob3.fields import as_object
from ..ob3.statuslist import decode, set_indexes
from .git import FileChange
from .rules import Pull, endorsed_subject, refusal


def _existing(pr: Pull, kind: FileKind) -> Iterator[tuple[FileChange, SourceFile]]:
    """The pull request's changes to files of `kind` that existed at base (edited or deleted), with their place."""
    for change in pr.changes.changes:
        place = classify(change.path)
        if place is not None and place.kind is kind and change.status != "added":
            yield change, place

def _data(change: FileChange, side: str) -> Any:
    """The parsed content of one side of a change, None when absent or unreadable (the check reports that)."""
    raw = change.before if side == "before" else change.after
    if raw is None:
        return None
    try:
        return (load_json if change.path.endswith(".json") else load_yaml)(raw, change.path).data
    except SourceError:
        return None


def award_rule(pr: Pull) -> list[Problem]:
    """An award is never deleted or edited: its issuer revokes it instead."""
    out = []
    for change, place in _existing(pr, FileKind.AWARD):
        done = "deleted" if change.status == "deleted" else "edited"
        out.append(refusal(change.path, "review-history",
                           f"award {place.stem} is {done}: an award is never deleted or edited",
                           f"restore it; to withdraw it, revoke it (`credreg revoke {place.stem} --reason ...`)"))
    return out


def _goes_with_its_subject(pr: Pull, change: FileChange) -> bool:
    """Whether a deleted endorsement's badge class (or issuer) is deleted in the same pull request: a badge class
    that can be removed has no awards (those are never deleted), so no award carries the endorsement."""
    subject = endorsed_subject(change.before, change.path) if change.status == "deleted" and change.before else None
    if subject is None:
        return False
    issuer_id, _, badge_id = subject.partition("/")
    removed = pr.changed(badge_file(issuer_id, badge_id) if badge_id else issuer_file(issuer_id))
    return removed is not None and removed.status == "deleted"


def endorsement_rule(pr: Pull) -> list[Problem]:
    """An endorsement is never deleted or edited: awards embed it as signed, so its endorser withdraws it instead.
    It goes only with its subject, when the badge class (or issuer) it endorses is deleted too."""
    out = []
    for change, place in _existing(pr, FileKind.ENDORSEMENT):
        if _goes_with_its_subject(pr, change):
            continue
        done = "deleted" if change.status == "deleted" else "edited"
        out.append(refusal(change.path, "review-history",
                           f"endorsement {place.stem} is {done}: an endorsement is never deleted or edited (awards "
                           "carry it as signed)",
                           f"restore it; to withdraw it, its endorser revokes it (`credreg revoke {place.stem} "
                           "--reason ...`)"))
    return out


# What revocations.yaml keeps as history: the list, what its entries are called, the command that appends one.
_RECORDS = (("revocations", "revocation records", "credreg revoke"), ("kept", "kept decisions", "credreg keep"))


def revocation_rule(pr: Pull) -> list[Problem]:
    """Revocation records and kept decisions are only appended: none is removed, reordered or changed.

    A kept decision silences the check's `component-revoked` warning and is shown on the evidence page, so
    rewriting its reason or moment (or deleting it) would change what the issuer said, unnoticed."""
    out = []
    for change, place in _existing(pr, FileKind.REVOCATIONS):
        if change.status == "deleted":
            out.append(refusal(change.path, "review-history", "revocations.yaml is deleted: revocations are never "
                               "removed", "restore the file as it was at base and append new records at its end "
                               "(`credreg revoke`)"))
            continue
        before, after = as_object(_data(change, "before")), as_object(_data(change, "after"))
        for section, records, command in _RECORDS:
            old, new = before.get(section) or [], after.get(section) or []
            if not isinstance(old, list) or not isinstance(new, list):
                continue  # a malformed side: `credreg check` reports it
            for index, entry in enumerate(old):
                if index >= len(new) or new[index] != entry:
                    credential = as_object(entry).get("credential")
                    out.append(refusal(change.path, "review-history",
                                       f"{section}.{index} (credential {credential}) is removed or changed: "
                                       f"{records} are only appended",
                                       f"restore the {section}: list as it was at base and append new entries at "
                                       f"its end (`{command}`)"))
                    break
    return out


def rubric_rule(pr: Pull) -> list[Problem]:
    """A rubric version that an award used at base is never edited or deleted."""
    out = []
    for change in pr.changes.changes:
        used = pr.base.used_rubrics.get(change.path, 0)
        if change.status == "added" or not used:
            continue
        place = classify(change.path)
        badge = f"{place.issuer_id}/{place.badge_id}" if place else change.path
        done = "deleted" if change.status == "deleted" else "edited"
        out.append(refusal(change.path, "review-history",
                           f"rubric {place.stem if place else ''} of {badge} is {done}, but {used} award"
                           f"{'s' * (used != 1)} at base {'use' if used != 1 else 'uses'} it: a used rubric version "
                           "never changes, so past awards stay auditable",
                           "restore it and publish the change as the next version (rubrics/v<N+1>.yaml)"))
    return out


def _revoked_indexes(data: Any) -> frozenset[int] | None:
    encoded = as_object(as_object(data).get("credentialSubject")).get("encodedList")
    if not isinstance(encoded, str):
        return None
    try:
        return frozenset(set_indexes(decode(encoded)))
    except CredregError:
        return None


def status_list_rule(pr: Pull) -> list[Problem]:
    """A status list only gains set bits: a revoked credential stays revoked."""
    out = []
    for change, place in _existing(pr, FileKind.STATUS_LIST):
        hint = "revocation is final: restore the bits (`credreg revoke` rebuilds the list from revocations.yaml)"
        if change.status == "deleted":
            out.append(refusal(change.path, "review-history",
                               "a status list is deleted: revocations are never removed", hint))
            continue
        before, after = _revoked_indexes(_data(change, "before")), _revoked_indexes(_data(change, "after"))
        if before is None or after is None:
            continue  # a malformed side: `credreg check` reports it
        cleared = sorted(before - after)
        if cleared:
            shown = ", ".join(map(str, cleared[:5])) + (" …" if len(cleared) > 5 else "")
            out.append(refusal(change.path, "review-history", f"the status list clears {len(cleared)} revoked "
                               f"entr{'ies' if len(cleared) != 1 else 'y'} ({shown}): revocations are never undone",
                               hint))
    return out


def _later(before: datetime | None, after: datetime | None) -> bool:
    """Whether a limit set at base is gone, or moved later, at head."""
    return before is not None and (after is None or after > before)


def _key_changes(before: IssuerKey, after: IssuerKey | None) -> list[str]:
    """What a change to one key takes back, in words (empty: nothing)."""
    if after is None:
        return ["is removed: keys are never removed (retire or revoke it instead)"]
    found = []
    if after.public_key_multibase != before.public_key_multibase:
        found.append("has another publicKeyMultibase: a key id names one key forever")
    if before.revoked_at is not None and after.revoked_at != before.revoked_at:
        found.append("has its revokedAt removed or changed: a revoked key never returns")
    if _later(before.valid_until, after.valid_until):
        found.append("has its validUntil removed or moved later: a retired key never returns")
    if after.valid_from < before.valid_from:
        found.append("has its validFrom moved earlier: a key never signs before it was introduced")
    if before.compromised and not after.compromised:
        found.append("is no longer marked compromised: a compromise is never taken back")
    if before.compromised and _later(before.compromised_since, after.compromised_since):
        found.append("has its compromisedSince removed or moved later: it would trust what the thief signed")
    return found


def key_history_rule(pr: Pull) -> list[Problem]:
    """Keys are never removed from issuer.yaml, and a key's end (validUntil, revokedAt) is never taken back."""
    out = []
    for issuer_id, before in sorted(pr.base.registry.issuers.items()):
        change = pr.changed(issuer_file(issuer_id))
        if change is None:
            continue
        after: Issuer | None = pr.head.registry.issuers.get(issuer_id)
        if after is None and change.status != "deleted":
            continue  # the head profile does not load: `credreg check` reports why
        for key in before.keys:
            for what in _key_changes(key, after.key(key.id) if after else None):
                out.append(refusal(change.path, "review-history", f"key {key.id!r} {what}",
                                   f"restore key {key.id!r} as it was at base; change keys only with "
                                   "`credreg key rotate`, `key retire` and `key revoke`"))
    return out


RULES = (award_rule, endorsement_rule, revocation_rule, rubric_rule, status_list_rule, key_history_rule)
