"""Who may change what in a pull request: the rules `credreg review` applies, judged by the base revision.

Each rule reads a `Pull` (the changes, the author's numeric GitHub id, and both revisions as loaded) and
returns one Problem per refused change, with a stable code. Everything the rules trust (maintainers,
admission policy, keys) comes from the base revision: a pull request cannot vouch for itself.
History rules (nothing signed or revoked is ever taken back) are in history.py.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from ..dates import iso
from ..errors import CredregError, InputError, Problem
from ..layout import DATA_FOLDERS, FileKind, at, badge_file, classify, issuer_file, key_statement_file
from ..load.json_source import read_json
from ..load.source import SourceError
from ..load.yaml_source import load_yaml
from ..model import Issuer, IssuerKey, Registry
from .git import ChangeSet, FileChange

ACCEPTS_FIELD = "acceptsEndorsementFrom"  # badge.yaml, issuer.yaml: the endorsers whose endorsements the issuer accepts


@dataclass(frozen=True)
class Side:
    """One revision as the review reads it: its model (as loaded, even beside problems), files and folder."""

    registry: Registry
    files: frozenset[str]
    root: Path
    used_rubrics: Mapping[str, int] = field(default_factory=dict)  # rubric file → awards using it (at base)


@dataclass(frozen=True)
class Pull:
    """A pull request as the rules see it: its changes, its author, and both revisions."""

    changes: ChangeSet
    author: int
    base: Side
    head: Side

    @property
    def by_registry_maintainer(self) -> bool:
        """Whether the author is a registry maintainer in the base revision's registry.yaml."""
        return self.base.registry.decisions.is_maintainer(self.author)

    @cached_property
    def _base_owners(self) -> frozenset[str]:
        return frozenset(o for o in map(owner_of, self.base.files) if o is not None)

    @cached_property
    def _by_path(self) -> dict[str, FileChange]:
        return {c.path: c for c in self.changes.changes}

    def existed(self, issuer_id: str) -> bool:
        """Whether the issuer had any file at base (a profile or credentials)."""
        return issuer_id in self._base_owners

    def changed(self, path: str) -> FileChange | None:
        """The change to `path`, if the pull request makes one."""
        return self._by_path.get(path)


def owner_of(path: str) -> str | None:
    """The issuer whose folders hold `path` (issuers/<id>/… or credentials/<id>/…), None for any other path."""
    parts = path.split("/")
    return parts[1] if len(parts) >= 3 and parts[0] in DATA_FOLDERS else None


VERB = {"added": "add", "modified": "modify", "deleted": "delete"}


def refusal(path: str, code: str, message: str, hint: str) -> Problem:
    """One refused change: the file, the rule's code, what is refused and how to proceed."""
    return Problem(path, 0, 0, code, message, hint)


def _ids(issuer: Issuer | None) -> str:
    return ", ".join(str(m.github_id) for m in issuer.maintainers) if issuer and issuer.maintainers else "none"


def owner_rule(pr: Pull) -> list[Problem]:
    """An issuer's files change only by its maintainers at base (or a registry maintainer)."""
    if pr.by_registry_maintainer:
        return []
    out = []
    for change in pr.changes.changes:
        issuer_id = owner_of(change.path)
        if issuer_id is None or not pr.existed(issuer_id):
            continue
        issuer = pr.base.registry.issuers.get(issuer_id)
        if issuer is not None and any(m.github_id == pr.author for m in issuer.maintainers):
            continue
        if issuer is None:
            message = (f"issuer {issuer_id!r} has no readable {issuer_file(issuer_id)} at base, so only a registry "
                       f"maintainer may {VERB[change.status]} its files")
        else:
            message = (f"only the maintainers of {issuer_id!r} may {VERB[change.status]} this file: GitHub ids "
                       f"{_ids(issuer)} in {issuer_file(issuer_id)} at base; author {pr.author} is not one")
        out.append(refusal(change.path, "review-owner", message,
                           f"ask a maintainer of {issuer_id!r} to open this pull request; the base revision decides "
                           "who they are, so adding yourself in this pull request does not count"))
    return out


def admission_rule(pr: Pull) -> list[Problem]:
    """A new issuer (no folder at base) is admitted only by a registry maintainer, unless admission is "anyone"."""
    if pr.by_registry_maintainer or pr.base.registry.decisions.admission.issuers == "anyone":
        return []
    new: dict[str, list[str]] = {}
    for change in pr.changes.changes:
        issuer_id = owner_of(change.path)
        if issuer_id is not None and not pr.existed(issuer_id):
            new.setdefault(issuer_id, []).append(change.path)
    out = []
    for issuer_id, paths in sorted(new.items()):
        where = issuer_file(issuer_id) if issuer_file(issuer_id) in paths else paths[0]
        out.append(refusal(where, "review-admission",
                           f"new issuer {issuer_id!r} ({len(paths)} file{'s' * (len(paths) != 1)}): only a registry "
                           f"maintainer admits a new issuer (registry.yaml at base: admission.issuers is "
                           f"{pr.base.registry.decisions.admission.issuers})",
                           "ask a registry maintainer to admit the issuer; or, if you meant an existing issuer, "
                           "put the files in its folders"))
    return out


def _added_endorsements(pr: Pull) -> Iterable[tuple[str, str, str]]:
    """(file, endorser id, endorsed `issuer/badge` or issuer id) of every endorsement file the pull request adds.

    The subject is read from the file's credentialSubject.id (a badge page URL or an issuer's DID); `credreg
    check` verifies it exactly, so a subject this cannot read is the check's to refuse."""
    for change in pr.changes.changes:
        place = classify(change.path)
        if change.status != "added" or place is None or place.kind is not FileKind.ENDORSEMENT or not change.after:
            continue
        subject = endorsed_subject(change.after, change.path)
        if subject is not None:
            yield change.path, place.issuer_id, subject


def endorsed_subject(raw: bytes, path: str) -> str | None:
    """The `issuer/badge` or issuer id an endorsement file's credentialSubject.id names (a badge page URL or an
    issuer's DID), or None when it names neither (or is no JSON the bounded reader takes): `credreg check`
    verifies the subject exactly."""
    try:
        data = read_json(raw, path)
    except InputError:
        return None
    subject = data.get("credentialSubject") if isinstance(data, dict) else None
    value = subject.get("id") if isinstance(subject, dict) else None
    if isinstance(value, str) and "/badges/" in value and value.endswith("/"):
        return "/".join(value.rsplit("/badges/", 1)[1].strip("/").split("/")[:2])
    if isinstance(value, str) and ":issuers:" in value:
        return value.rsplit(":issuers:", 1)[1]
    return None


def accreditor_rule(pr: Pull) -> list[Problem]:
    """An issuer becomes an accreditor (whose endorsements make badge classes Accredited) only through a
    registry maintainer."""
    if pr.by_registry_maintainer:
        return []
    out = []
    for issuer_id, issuer in sorted(pr.head.registry.issuers.items()):
        before = pr.base.registry.issuers.get(issuer_id)
        if issuer.kind == "accreditor" and (before is None or before.kind != "accreditor"):
            out.append(refusal(issuer_file(issuer_id), "review-accreditor",
                               f"{issuer_id!r} becomes an accreditor: only a registry maintainer admits an accreditor",
                               "ask a registry maintainer to review the accreditor and open the pull request"))
    return out


def _accepts(root: Path, subject: str) -> tuple[str, ...]:
    """The endorsers a badge class's badge.yaml (or an issuer's issuer.yaml) accepts; empty when absent or unreadable."""
    issuer_id, _, badge_id = subject.partition("/")
    path = badge_file(issuer_id, badge_id) if badge_id else issuer_file(issuer_id)
    try:
        data = load_yaml(at(root, path).read_bytes(), path).data
    except (OSError, SourceError):
        return ()
    accepted = data.get(ACCEPTS_FIELD) if isinstance(data, dict) else None
    return tuple(a for a in accepted if isinstance(a, str)) if isinstance(accepted, list) else ()


def acceptance_rule(pr: Pull) -> list[Problem]:
    """Endorsing another issuer's badge class (or the issuer) needs that issuer's acceptance in its own files,
    already at base: the endorsed issuer's maintainers give it in a pull request of their own."""
    out = []
    for path, endorser, subject in _added_endorsements(pr):
        owner, _, badge_id = subject.partition("/")
        if owner == endorser:
            continue  # self-endorsement: `credreg check` refuses it
        if endorser in _accepts(pr.base.root, subject) and endorser in _accepts(pr.head.root, subject):
            continue
        file = badge_file(owner, badge_id) if badge_id else issuer_file(owner)
        out.append(refusal(path, "review-acceptance",
                           f"{endorser!r} endorses {subject}, but {file} at base does not accept endorsements from "
                           f"{endorser!r}",
                           f"{owner!r}'s maintainers first add `{ACCEPTS_FIELD}: [{endorser}]` to {file} in a "
                           "pull request of their own"))
    return out


# Why each path outside the data folders is the registry maintainers' alone (the first matching prefix).
_REGISTRY_PATHS = (
    ("mkdocs.yml", "it configures the site build, whose plugins and hooks run code"),
    ("overrides/", "it holds the site's templates and pages, which run in every visitor's browser"),
    (".github/", "it holds the CI workflows and code owners, which decide what runs and who approves"),
    ("registry.yaml", "it names the registry maintainers and the admission policy"),
    ("registry/", "it is the package that checks, reviews and builds the registry"),
    ("scripts/", "it holds scripts that maintainers run"),
    ("pyproject.toml", "it decides what is installed and how the package runs"),
    ("requirements.txt", "it pins the credreg that checks, reviews and builds the registry"),
    ("tests/", "it holds the tests that keep the package's rules"),
)


def _why(path: str) -> str:
    for prefix, reason in _REGISTRY_PATHS:
        if path == prefix or (prefix.endswith("/") and path.startswith(prefix)):
            return reason
    return "it is outside the issuer data folders (issuers/<id>/, credentials/<id>/)"


def site_code_rule(pr: Pull) -> list[Problem]:
    """Every path outside the issuers' folders changes only by a registry maintainer."""
    if pr.by_registry_maintainer:
        return []
    return [refusal(c.path, "review-site-code",
                    f"only a registry maintainer may {VERB[c.status]} this file: {_why(c.path)}",
                    "ask a registry maintainer (registry.yaml at base) to make this change")
            for c in pr.changes.changes if owner_of(c.path) is None]


def mixed_rule(pr: Pull) -> list[Problem]:
    """Site or registry code never changes in the same pull request as issuer data, whoever the author."""
    data = [c.path for c in pr.changes.changes if owner_of(c.path) is not None]
    if not data:
        return []
    return [refusal(c.path, "review-mixed",
                    f"this pull request also changes issuer data ({len(data)} file{'s' * (len(data) != 1)} under "
                    "issuers/ or credentials/): code and data are never reviewed together",
                    "split it: one pull request for the site or registry code, another for the issuer data")
            for c in pr.changes.changes if owner_of(c.path) is None]


def _raw(key: IssuerKey) -> bytes | str:
    """The key's raw bytes when it decodes (so two spellings of one key compare equal), else its text."""
    from ..crypto.multikey import decode_public_key
    try:
        return decode_public_key(key.public_key_multibase)
    except CredregError:
        return key.public_key_multibase


def _holders(registry: Registry) -> dict[bytes | str, set[str]]:
    held: dict[bytes | str, set[str]] = {}
    for issuer_id, issuer in registry.issuers.items():
        for key in issuer.keys:
            held.setdefault(_raw(key), set()).add(issuer_id)
    return held


def key_rule(pr: Pull) -> list[Problem]:
    """A new key comes with its key-change statement, and no public key is listed by two issuers."""
    base_holders, head_holders = _holders(pr.base.registry), _holders(pr.head.registry)
    out = []
    for issuer_id, issuer in sorted(pr.head.registry.issuers.items()):
        if pr.changed(issuer_file(issuer_id)) is None:
            continue
        before = pr.base.registry.issuers.get(issuer_id)
        known = {k.id for k in before.keys} if before else set()
        for key in issuer.keys:
            if key.id in known:
                continue
            statement = key_statement_file(issuer_id, key.id)
            change = pr.changed(statement)
            if pr.existed(issuer_id) and not pr.by_registry_maintainer:
                if change is None or change.status != "added":
                    out.append(refusal(issuer_file(issuer_id), "review-key",
                                       f"key {key.id!r} is added without its key-change statement {statement}",
                                       "add keys with `credreg key rotate`, which writes the statement signed by a "
                                       "key the issuer already has; after a compromise, ask a registry maintainer"))
                elif before is not None:
                    out += _statement_signer_rule(issuer_id, key, before, change.after or b"")
            at_base = base_holders.get(_raw(key), set()) - {issuer_id}
            at_head = head_holders.get(_raw(key), set()) - {issuer_id} - at_base
            for other, where in sorted([(o, "base") for o in at_base] + [(o, "head") for o in at_head]):
                out.append(refusal(issuer_file(issuer_id), "review-key",
                                   f"key {key.id!r} is the public key of issuer {other!r} (at {where}): a public "
                                   "key belongs to one issuer only",
                                   "generate a key pair of your own with `credreg keygen`"))
    return out


def _statement_signer_rule(issuer_id: str, key: IssuerKey, before: Issuer, statement: bytes) -> list[Problem]:
    """A new key is vouched for by the issuer's current key at base, and is no older than its keys there.

    The statement's dates are the signer's to choose, so `credreg check` alone would let a retired key
    (an old key file that leaked, a maintainer who left) vouch for a backdated key; judged by the base, only
    a key still in use (neither retired nor revoked) signs for a new one, from no earlier than the newest.
    """
    out = []
    where = issuer_file(issuer_id)
    signers = _statement_signers(statement)
    current = {k.id for k in before.keys if k.valid_until is None and k.revoked_at is None}
    if not signers or not signers <= current:
        named = ", ".join(sorted(signers)) or "no key of the issuer"
        out.append(refusal(where, "review-key", f"key {key.id!r} is vouched for by {named}, not by a key in use at "
                           f"base ({', '.join(sorted(current)) or 'none'})",
                           "rotate from the current key (`credreg key rotate --key CURRENT`); a retired or revoked "
                           "key vouches for nothing new; after a compromise, ask a registry maintainer"))
    newest = max((k.valid_from for k in before.keys), default=None)
    if newest is not None and key.valid_from < newest:
        out.append(refusal(where, "review-key", f"key {key.id!r} is valid from {iso(key.valid_from)}, before the "
                           f"issuer's newest key at base ({iso(newest)})",
                           "a new key starts when it is added: `credreg key rotate` sets validFrom to now"))
    return out


def _statement_signers(statement: bytes) -> set[str]:
    """The key ids a statement's proofs name (read tolerantly: the file is hostile until checked)."""
    try:
        document = read_json(statement, "key statement")
    except InputError:
        return set()
    proofs = document.get("proof") if isinstance(document, dict) else None
    ids = set()
    for proof in proofs if isinstance(proofs, list) else [proofs]:
        method = proof.get("verificationMethod") if isinstance(proof, dict) else None
        if isinstance(method, str) and "#" in method:
            ids.add(method.rpartition("#")[2])
    return ids
