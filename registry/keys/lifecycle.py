"""The life of an issuer key: create, rotate, retire, revoke; recorded in issuer.yaml, secrets kept outside."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from .. import atomic
from ..config import load_site_urls
from ..dates import iso
from ..errors import CredregError, Problem, UsageError
from ..layout import at, credentials_folder, issuer_file, issuer_folder, key_statement_file
from ..validate.assemble import issuer_from
from ..validate.identity import ID_RE
from . import store
from .published import published_key
from .statement import signed_statement, statement_text
from .yamledit import add_key, parse_checked, set_key_fields

REVOCATION_REASONS = ("compromised", "superseded", "retired", "lost")


def _issuer_file(root: Path, issuer_id: str, unknown: type[CredregError] = UsageError) -> Path:
    """The issuer's issuer.yaml. An id that names no issuer is a usage error when the command line gave it;
    `unknown` is CredregError when it came from a key file instead."""
    if not ID_RE.match(issuer_id):
        raise UsageError(f"issuer id {issuer_id!r} is not valid", "ids use a-z, 0-9 and inner hyphens")
    path = at(root, issuer_file(issuer_id))
    if not path.is_file():
        raise unknown(f"no issuer {issuer_id!r} in {root}", f"create it first: credreg new issuer {issuer_id}")
    return path


def _existing_key_ids(text: str, path: str) -> list[str]:
    return [k["id"] for k in parse_checked(text, path).data.get("keys", [])]


def _new_key_id(existing: list[str], now: datetime, wanted: str | None) -> str:
    if wanted:
        if not ID_RE.match(wanted):
            raise UsageError(f"key id {wanted!r} is not valid", "ids use a-z, 0-9 and inner hyphens")
        if wanted in existing:
            raise CredregError(f"key id {wanted!r} already exists", "key ids are never reused; pick another")
        return wanted
    candidate, n = f"key-{now.year}", 2
    while candidate in existing:
        candidate, n = f"key-{now.year}-{n}", n + 1
    return candidate


def _recover(root: Path, issuer_id: str) -> None:
    """Clean up after an interrupted credreg write of this issuer (and undo a half-done batch) first."""
    try:
        for folder in (issuer_folder(issuer_id), credentials_folder(issuer_id)):
            atomic.recover(at(root, folder))
    except OSError as exc:
        raise CredregError(f"cannot clean up after an interrupted write in {root}: {exc}",
                           "check the folder's permissions, then run the command again") from None


def _add(root: Path, key: store.SigningKey, now: datetime, out: Path | None,
         retire: store.SigningKey | None = None) -> Path:
    """Add `key` to issuer.yaml; a rotation also retires `retire` and writes the new key's statement signed by it,
    in one all-or-nothing write, once the private key is safely stored."""
    path = _issuer_file(root, key.issuer_id)
    _recover(root, key.issuer_id)
    rel = path.relative_to(root).as_posix()
    text = path.read_text(encoding="utf-8")
    entry = {"id": key.key_id, "type": "Multikey", "publicKeyMultibase": key.public_multibase, "validFrom": iso(now)}
    files = {path: add_key(text, rel, entry)}
    if retire is not None:
        files[path] = set_key_fields(files[path], rel, retire.key_id, {"validUntil": iso(now)})
        statement = signed_statement(key, now, retire, load_site_urls(root), now)
        files[at(root, key_statement_file(key.issuer_id, key.key_id))] = statement_text(statement)
    saved = store.save(key, out or store.default_key_path(key.issuer_id, key.key_id), root)
    try:
        _write_all(root, key.issuer_id, files)  # only once the secret is safely stored
    except BaseException:
        if key.public_multibase not in path.read_text(encoding="utf-8"):
            saved.unlink(missing_ok=True)  # never published, so nothing signed with it can exist
        raise
    return saved


def _write_all(root: Path, issuer_id: str, files: dict[Path, str]) -> None:
    """Write issuer.yaml and a key statement all or nothing (one batch under the issuer's folder)."""
    try:
        with atomic.Batch(at(root, issuer_folder(issuer_id))) as batch:
            for target, text in files.items():
                batch.stage_text(target, text)
    except OSError as exc:
        raise CredregError(f"cannot write {exc.filename or 'the issuer files'}: {exc.strerror or exc}",
                           "check the folder's permissions and free space; nothing was changed") from None


def _write(path: Path, text: str) -> None:
    """Replace issuer.yaml atomically: a reader or a crash sees the old file or the new one, never half."""
    try:
        atomic.write_text(path, text)
    except OSError as exc:
        raise CredregError(f"cannot write {path}: {exc.strerror or exc}",
                           "check the folder's permissions and free space; the file is unchanged") from None


def keygen(root: Path, issuer_id: str, now: datetime, key_id: str | None = None,
           out: Path | None = None) -> tuple[store.SigningKey, Path]:
    """An issuer's first key: its public half goes into issuer.yaml, the private file outside the repo."""
    path = _issuer_file(root, issuer_id)
    existing = _existing_key_ids(path.read_text(encoding="utf-8"), path.relative_to(root).as_posix())
    if existing:
        raise CredregError(f"issuer {issuer_id!r} already has keys ({', '.join(existing)})",
                           "use `credreg key rotate --key OLD_KEY_FILE`: it keeps the issuer's recipient secret, "
                           "so one person's awards stay linkable")
    key = store.generate(issuer_id, _new_key_id(existing, now, key_id))
    return key, _add(root, key, now, out)


def rotate(root: Path, old: store.SigningKey, now: datetime, key_id: str | None = None,
           out: Path | None = None) -> tuple[store.SigningKey, Path]:
    """A new key for the issuer of `old`; `old` is retired (validUntil now) in the same edit and signs the
    new key's statement (issuers/<id>/keys/<new-key-id>.json), so it must be the listed key and valid now."""
    path = _issuer_file(root, old.issuer_id, unknown=CredregError)
    rel = path.relative_to(root).as_posix()
    doc = parse_checked(path.read_text(encoding="utf-8"), rel)
    existing = [k["id"] for k in doc.data.get("keys", [])]
    problems: list[Problem] = []
    issuer = issuer_from(doc, old.issuer_id, problems)
    if problems:
        raise CredregError(f"{problems[0].where()}: {problems[0].message}",
                           "run `credreg check` and fix the issuer's keys first")
    listed = published_key(issuer, old)
    if not listed.valid_at(now):
        raise CredregError(f"key {old.key_id!r} of {old.issuer_id!r} may not sign now (retired, revoked or not yet "
                           "valid), so it cannot vouch for a new key",
                           "rotate with the issuer's current key; after a compromise, ask a registry maintainer "
                           "to admit the new key")
    key = store.generate(old.issuer_id, _new_key_id(existing, now, key_id), old.recipient_secret)
    return key, _add(root, key, now, out, retire=old)


def retire(root: Path, issuer_id: str, key_id: str, now: datetime) -> None:
    """Stop a key from signing from now on; what it signed before stays valid."""
    _edit(root, issuer_id, key_id, {"validUntil": iso(now)})


def revoke(root: Path, issuer_id: str, key_id: str, reason: str, now: datetime,
           compromised_since: datetime | None = None) -> None:
    """Revoke a key; a compromised one is dropped from the DID document and invalidates
    what it signed from `compromised_since` (default: everything it ever signed)."""
    if reason not in REVOCATION_REASONS:
        raise UsageError(f"reason {reason!r} is not known", f"use one of: {', '.join(REVOCATION_REASONS)}")
    if compromised_since is not None and reason != "compromised":
        raise UsageError("--compromised-since only applies with --reason compromised", "drop it or change the reason")
    fields = {"revokedAt": iso(now), "revocationReason": reason}
    if compromised_since is not None:
        fields["compromisedSince"] = iso(compromised_since)
    _edit(root, issuer_id, key_id, fields)


def _edit(root: Path, issuer_id: str, key_id: str, fields: dict[str, str]) -> None:
    path = _issuer_file(root, issuer_id)
    if key_id not in _existing_key_ids(path.read_text(encoding="utf-8"), path.relative_to(root).as_posix()):
        raise UsageError(f"issuer {issuer_id!r} has no key {key_id!r}", f"its keys are listed in {issuer_file(issuer_id)}")
    _recover(root, issuer_id)
    rel = path.relative_to(root).as_posix()
    _write(path, set_key_fields(path.read_text(encoding="utf-8"), rel, key_id, fields))
