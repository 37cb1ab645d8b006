"""What a pull request adds, changes and revokes, per issuer and badge class, for the people who review it.

`summarize` reads the pull request's ChangeSet beside the base and head trees as `load_registry` loaded
them, plus the problems found, and keeps only facts; summary_render turns them into Markdown (a GitHub job
summary) or plain text (a terminal). Every file here may be hostile: the signed files' proofs are read
tolerantly from their bytes, and nothing is rendered without escaping.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from ..check import CheckResult
from ..errors import CredregError, Problem, Severity
from ..layout import DATA_FOLDERS, REGISTRY_FILE, FileKind, classify, issuer_file, revocations_file
from ..load.json_source import load_json
from ..load.yaml_source import load_yaml
from ..model import Issuer, IssuerKey, Registry
from ..urls import SiteUrls
from .git import ChangeSet, FileChange
from .trees import pull_trees

MAX_PROOFS = 8  # proofs read from one signed file; a real one has two


@dataclass(frozen=True)
class Change:
    """One file of the pull request and how it changed (added, modified or deleted)."""

    path: str
    status: str


@dataclass(frozen=True)
class KeyChange:
    """What happened to one of an issuer's keys: added, retired, revoked, removed or changed (its public key)."""

    key_id: str
    change: str
    detail: str


@dataclass(frozen=True)
class RevocationChange:
    """A revocation record the pull request adds, removes or changes, with its reason."""

    credential_id: str
    change: str
    reason: str


@dataclass(frozen=True)
class BadgeSummary:
    """A badge class's changes: the class itself, its rubric versions, its awards and its other files."""

    key: str  # issuer/badge
    name: str | None
    status: str  # of badge.yaml: added, modified, deleted, or "" when unchanged
    rubrics: tuple[Change, ...] = ()
    awards: tuple[Change, ...] = ()
    files: tuple[Change, ...] = ()

    def awards_with(self, status: str) -> tuple[str, ...]:
        """The credential ids of the awards with this change."""
        return tuple(c.path.rsplit("/", 1)[-1].removesuffix(".json") for c in self.awards if c.status == status)


@dataclass(frozen=True)
class IssuerSummary:
    """An issuer's changes: its profile and keys, its badge classes, its revocations and its other files."""

    id: str
    name: str | None
    status: str  # of issuer.yaml, as BadgeSummary.status
    keys: tuple[KeyChange, ...] = ()
    badges: tuple[BadgeSummary, ...] = ()
    revocations: tuple[RevocationChange, ...] = ()
    files: tuple[Change, ...] = ()
    with_errors: tuple[str, ...] = ()  # changed files with errors in the head (the problems say which)


@dataclass(frozen=True)
class Proof:
    """One proof of a signed file as it claims to be: its cryptosuite, its verificationMethod, whose key that is."""

    cryptosuite: str
    verification_method: str
    key: str  # "issuer/key-id" when the method is one of this registry's keys, else ""


@dataclass(frozen=True)
class SignedChange:
    """An award or status list the pull request adds or modifies, and the proofs it carries (unchecked)."""

    path: str
    status: str
    kind: str  # "award" or "status list"
    proofs: tuple[Proof, ...]
    unreadable: str = ""  # why no proof could be read, if none could


@dataclass(frozen=True)
class Summary:
    """Everything a reviewer should see about one pull request, as facts; summary_render renders it (as_markdown, as_text)."""

    base: str
    head: str
    changed: int
    issuers: tuple[IssuerSummary, ...]
    registry_files: tuple[Change, ...]  # registry.yaml: the registry maintainers' decisions
    site_files: tuple[Change, ...]  # everything outside the data folders: site configuration, pages, code, CI
    stray_files: tuple[Change, ...]  # inside the data folders, outside the layout
    signed: tuple[SignedChange, ...]
    problems: tuple[Problem, ...]

    def signers(self) -> tuple[tuple[str, tuple[SignedChange, ...]], ...]:
        """Each verificationMethod with the files that carry a proof naming it, in order."""
        by_method: dict[str, list[SignedChange]] = {}
        for signed in self.signed:
            for method in dict.fromkeys(p.verification_method for p in signed.proofs):
                by_method.setdefault(method, []).append(signed)
        return tuple((m, tuple(files)) for m, files in sorted(by_method.items()))

    def counts(self) -> dict[str, int]:
        """How many of each thing the pull request adds or revokes, for the headline."""
        badges = [b for i in self.issuers for b in i.badges]
        return {
            "new issuer": sum(i.status == "added" for i in self.issuers),
            "new badge class": sum(b.status == "added" for b in badges),
            "new rubric version": sum(c.status == "added" for b in badges for c in b.rubrics),
            "new award": sum(len(b.awards_with("added")) for b in badges),
            "new revocation": sum(r.change == "added" for i in self.issuers for r in i.revocations),
            "new key": sum(k.change == "added" for i in self.issuers for k in i.keys),
        }

    @property
    def errors(self) -> int:
        """How many problems are errors."""
        return sum(p.severity is Severity.ERROR for p in self.problems)


def summarize(changes: ChangeSet, base: CheckResult, head: CheckResult, problems: Sequence[Problem],
              urls: SiteUrls | None = None) -> Summary:
    """The summary of `changes` between the `base` and `head` trees (as load_registry loaded them), with
    `problems` (those of the check or review of the head). `urls` (the head's) name whose key each proof uses."""
    old, new = _model(base), _model(head)
    with_errors = {p.file for p in head.problems if p.severity is Severity.ERROR}
    issuers: dict[str, list[FileChange]] = {}
    registry_files, site, stray = [], [], []
    for change in changes.changes:
        place = classify(change.path)
        if place is not None:
            issuers.setdefault(place.issuer_id, []).append(change)
        elif change.path == REGISTRY_FILE:
            registry_files.append(Change(change.path, change.status))
        elif change.path.split("/", 1)[0] in DATA_FOLDERS:
            stray.append(Change(change.path, change.status))
        else:
            site.append(Change(change.path, change.status))
    return Summary(
        changes.base, changes.head, len(changes.changes),
        tuple(_issuer(iid, files, old, new, with_errors) for iid, files in sorted(issuers.items())),
        tuple(registry_files), tuple(site), tuple(stray),
        tuple(_signed(c, urls) for c in changes.changes if c.after is not None and _is_signed(c.path)),
        tuple(sorted(set(problems))))


def _model(result: CheckResult) -> Registry:
    return result.registry or Registry({}, {}, {}, {})


def _is_signed(path: str) -> bool:
    place = classify(path)
    return place is not None and place.kind in (FileKind.AWARD, FileKind.STATUS_LIST)


def _issuer(issuer_id: str, files: list[FileChange], old: Registry, new: Registry,
            with_errors: set[str]) -> IssuerSummary:
    """One issuer's part of the pull request, with its badge classes' parts."""
    profile = issuer_file(issuer_id)
    status = next((c.status for c in files if c.path == profile), "")
    before, after = old.issuers.get(issuer_id), new.issuers.get(issuer_id)
    badges: dict[str, list[FileChange]] = {}
    others = []
    for change in files:
        place = classify(change.path)
        assert place is not None  # the caller classified every file it gave
        if place.badge_id:
            badges.setdefault(place.badge_id, []).append(change)
        elif place.kind is not FileKind.ISSUER and change.path != revocations_file(issuer_id):
            others.append(Change(change.path, change.status))
    revocations = next((_revocations(c) for c in files if c.path == revocations_file(issuer_id)), ())
    known = after or before
    return IssuerSummary(
        issuer_id, known.name if known else None, status,
        _keys(before, after) if status else (), tuple(_badge(f"{issuer_id}/{bid}", bfiles, old, new)
                                                      for bid, bfiles in sorted(badges.items())),
        revocations, tuple(others),
        tuple(sorted(c.path for c in files if c.path in with_errors)))


def _badge(key: str, files: list[FileChange], old: Registry, new: Registry) -> BadgeSummary:
    by_kind: dict[FileKind, list[Change]] = {}
    status = ""
    for change in files:
        place = classify(change.path)
        assert place is not None
        if place.kind is FileKind.BADGE:
            status = change.status
        else:
            by_kind.setdefault(place.kind, []).append(Change(change.path, change.status))
    badge = new.badges.get(key) or old.badges.get(key)
    return BadgeSummary(key, badge.name if badge else None, status, tuple(by_kind.get(FileKind.RUBRIC, ())),
                        tuple(by_kind.get(FileKind.AWARD, ())),
                        tuple(c for kind, cs in sorted(by_kind.items()) if kind not in (FileKind.RUBRIC, FileKind.AWARD)
                              for c in cs))


def _when(moment: object) -> str:
    return str(moment).replace("+00:00", "Z").replace(" ", "T")


def _keys(before: Issuer | None, after: Issuer | None) -> tuple[KeyChange, ...]:
    """How the issuer's keys differ between the base and the head profile."""
    old = {k.id: k for k in (before.keys if before else ())}
    new = {k.id: k for k in (after.keys if after else ())}
    if after is None:
        return ()  # deleted or unreadable: the file's status and the problems say which
    found = []
    for key_id in sorted(old.keys() | new.keys()):
        was, now = old.get(key_id), new.get(key_id)
        if now is None:
            found.append(KeyChange(key_id, "removed", "no longer in the issuer's profile (keys are retired or "
                                                      "revoked, never removed)"))
        elif was is None:
            found.append(KeyChange(key_id, "added", f"valid from {_when(now.valid_from)}" +
                                   (f" until {_when(now.valid_until)}" if now.valid_until else "")))
        elif was != now:
            found.append(_key_change(was, now))
    return tuple(found)


def _key_change(was: IssuerKey, now: IssuerKey) -> KeyChange:
    if was.public_key_multibase != now.public_key_multibase:
        return KeyChange(now.id, "changed", "its public key was replaced: everything it signed is verified again")
    if now.revoked_at and now.revoked_at != was.revoked_at:
        since = f", compromised since {_when(now.compromised_since)}" if now.compromised_since else ""
        return KeyChange(now.id, "revoked", f"at {_when(now.revoked_at)} ({now.revocation_reason or 'no reason'}"
                                            f"{since})")
    if now.valid_until and now.valid_until != was.valid_until:
        return KeyChange(now.id, "retired", f"valid until {_when(now.valid_until)}")
    fields = [name for name in ("valid_from", "valid_until", "revoked_at", "revocation_reason", "compromised_since",
                                "note") if getattr(was, name) != getattr(now, name)]
    return KeyChange(now.id, "changed", "changed: " + ", ".join(f.replace("_", " ") for f in fields))


def _records(data: bytes | None, path: str) -> dict[str, tuple[str, str]] | None:
    """credential id → (reason, revokedAt) of a revocations.yaml, read tolerantly (a file with errors still
    shows what it says, since that is what a reviewer must see); None if it is not YAML at all."""
    if data is None:
        return {}
    try:
        doc = load_yaml(data, path).data
    except CredregError:
        return None
    entries = doc.get("revocations") if isinstance(doc, dict) else None
    return {_text(e.get("credential")): (_text(e.get("reason")), _text(e.get("revokedAt")))
            for e in (entries if isinstance(entries, list) else []) if isinstance(e, dict)}


def _revocations(change: FileChange) -> tuple[RevocationChange, ...]:
    """The revocation records the head's revocations.yaml adds, removes or changes."""
    before, after = _records(change.before, change.path), _records(change.after, change.path)
    if before is None or after is None:
        return ()  # not YAML: listed as unreadable, and the problems say why
    found = []
    for cid in sorted(before.keys() | after.keys()):
        was, now = before.get(cid), after.get(cid)
        if was is None and now is not None:
            found.append(RevocationChange(cid, "added", now[0]))
        elif now is None and was is not None:
            found.append(RevocationChange(cid, "removed", was[0]))
        elif was != now and now is not None:
            found.append(RevocationChange(cid, "changed", now[0]))
    return tuple(found)


def _text(value: object) -> str:
    if isinstance(value, str):
        return value
    return "(missing)" if value is None else f"(not a string: {type(value).__name__})"


def _signed(change: FileChange, urls: SiteUrls | None) -> SignedChange:
    """The proofs an added or modified signed file claims, read from its bytes without trusting them."""
    place = classify(change.path)
    kind = "award" if place is not None and place.kind is FileKind.AWARD else "status list"
    assert change.after is not None
    try:
        data = load_json(change.after, change.path).data
    except CredregError:
        return SignedChange(change.path, change.status, kind, (), "not a JSON document credreg can read")
    raw = data.get("proof") if isinstance(data, dict) else None
    items = raw if isinstance(raw, list) else [] if raw is None else [raw]
    proofs = []
    for item in items[:MAX_PROOFS]:
        item = item if isinstance(item, dict) else {}
        method = _text(item.get("verificationMethod"))
        owner = urls.key_of(method) if urls is not None and isinstance(item.get("verificationMethod"), str) else None
        proofs.append(Proof(_text(item.get("cryptosuite")), method, "/".join(owner) if owner else ""))
    return SignedChange(change.path, change.status, kind, tuple(proofs), "" if proofs else "no proof")


def diff_summary(repo: Path, base: str, head: str, use_cache: bool = True) -> Summary:
    """The summary of the commits `base`..`head` of the git repository `repo`, with the problems
    `credreg check` finds in the head tree (both trees are exported to a temporary folder, then removed)."""
    with pull_trees(repo, base, head, incremental=False, use_cache=use_cache) as trees:
        return summarize(trees.changes, trees.before, trees.after, trees.checked.problems, trees.urls)


