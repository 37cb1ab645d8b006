"""Private key files: generated here, kept outside the repository with mode 0600, never logged.

A key file is JSON in the Multikey shape other tools use (`publicKeyMultibase`,
`secretKeyMultibase`), plus the issuer and key id it belongs to and the issuer's
recipient secret (which salts recipient hashes), so `--key FILE` is all an award
or revocation needs.
"""
from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from .. import atomic
from ..crypto.multikey import decode_secret_key, encode_public_key, encode_secret_key
from ..errors import CredregError, CryptoError, InputError, UsageError
from ..load.json_source import read_json

KEY_DIR_ENV = "CREDREG_KEY_DIR"


@dataclass(frozen=True)
class SigningKey:
    """An issuer's Ed25519 key pair, as loaded from its private key file."""

    issuer_id: str
    key_id: str
    private: Ed25519PrivateKey = field(repr=False, compare=False)
    recipient_secret: bytes = field(repr=False, compare=False, default=b"")  # salts recipient hashes

    @property
    def public_raw(self) -> bytes:
        """The 32-byte public key."""
        return self.private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)

    @property
    def public_multibase(self) -> str:
        """The public key as a Multikey `publicKeyMultibase`."""
        return encode_public_key(self.public_raw)


def default_key_dir() -> Path:
    """Where keys live by default: $CREDREG_KEY_DIR, else the per-user config folder."""
    if os.environ.get(KEY_DIR_ENV):
        return Path(os.environ[KEY_DIR_ENV])
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "credreg" / "keys"


def default_key_path(issuer_id: str, key_id: str) -> Path:
    """The default file of one key: <key dir>/<issuer>/<key-id>.json."""
    return default_key_dir() / issuer_id / f"{key_id}.json"


def generate(issuer_id: str, key_id: str, recipient_secret: bytes | None = None) -> SigningKey:
    """A new random Ed25519 key pair; a rotation passes on the issuer's recipient secret."""
    return SigningKey(issuer_id, key_id, Ed25519PrivateKey.generate(), recipient_secret or os.urandom(32))


def from_seed(issuer_id: str, key_id: str, seed: bytes, recipient_secret: bytes) -> SigningKey:
    """A key pair from a 32-byte seed (demo and test keys only: whoever knows the seed can sign)."""
    return SigningKey(issuer_id, key_id, Ed25519PrivateKey.from_private_bytes(seed), recipient_secret)


def to_json(key: SigningKey) -> str:
    """The key file's text."""
    seed = key.private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    return json.dumps({
        "type": "Multikey", "issuer": key.issuer_id, "id": key.key_id,
        "publicKeyMultibase": key.public_multibase, "secretKeyMultibase": encode_secret_key(seed),
        "recipientSecret": key.recipient_secret.hex(),
    }, indent=2) + "\n"


def work_tree_of(folder: Path) -> Path | None:
    """The git work tree holding `folder` (already resolved), found by a `.git` entry in it or a parent.

    A `.git` folder marks a checkout; a `.git` file marks a linked worktree or a submodule.
    """
    for candidate in (folder, *folder.parents):
        if os.path.lexists(candidate / ".git"):
            return candidate
    return None


def _resolved(path: Path) -> Path:
    try:
        return path.expanduser().resolve()
    except (OSError, RuntimeError) as exc:  # a symbolic link loop, an unreadable folder
        raise CredregError(f"cannot resolve the key path {path}: {exc}", "give a plain path to a new file") from None


def _refused_place(target: Path, root: Path) -> tuple[str, Path] | None:
    """Why a private key may not be written at `target` (resolved): inside the registry or any work tree."""
    if target == root or root in target.parents:
        return "the registry", root
    tree = work_tree_of(target.parent)
    return ("a git work tree", tree) if tree is not None else None


def check_key_path(path: Path, repo_root: Path) -> Path:
    """The resolved `path` if a private key may be written there; refuse a path inside the registry
    or inside any git work tree (symbolic links are resolved first, so none leads into one)."""
    target = _resolved(path)
    refused = _refused_place(target, _resolved(repo_root))
    if refused is None:
        return target
    what, tree = refused
    plain = Path(os.path.abspath(path.expanduser()))
    detail = "it is" if plain == target else f"it resolves to {target}, which is"
    default = _resolved(default_key_dir())
    if _refused_place(default / "key.json", _resolved(repo_root)) is None:
        hint = (f"keep private keys out of every checkout: leave out --out to use the default key folder "
                f"({default}), or choose a folder outside any git work tree")
    else:
        hint = (f"the default key folder ({default}) is inside a checkout too: set {KEY_DIR_ENV} to a folder "
                "outside any git work tree, or give --out there")
    raise CredregError(f"refusing to write a private key inside {what} ({path}): {detail} inside {tree}", hint)


def save(key: SigningKey, path: Path, repo_root: Path) -> Path:
    """Write the key file, mode 0600 from its creation and atomically; refuse a path inside the
    registry or any git work tree, and an existing file."""
    target = check_key_path(path, repo_root)
    if os.path.lexists(target):
        raise CredregError(f"{path} already exists", "keys are never overwritten; choose another --out")
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        atomic.write_text(target, to_json(key), private=True, exclusive=True)
    except FileExistsError:
        raise CredregError(f"{path} already exists", "keys are never overwritten; choose another --out") from None
    except OSError as exc:
        raise CredregError(f"cannot write key file {path}: {exc.strerror or exc}",
                           "choose a folder you can write to with --out") from None
    return target


KEY_FILE_HINT = ("pass the key file `credreg keygen` wrote to ~/.config/credreg/keys/<issuer>/<key-id>.json "
                 f"(or ${KEY_DIR_ENV}/<issuer>/<key-id>.json)")
KEY_FIELDS = ("issuer", "id", "secretKeyMultibase", "recipientSecret")
MAX_KEY_FILE = 64 * 1024  # a key file is a few hundred bytes; anything this big is some other file


def _not_a_key(message: str) -> CredregError:
    """The error for a file or variable given as the key that is no credreg private key file at all."""
    return CredregError(message, KEY_FILE_HINT)


def _yaml_mapping(text: str) -> dict[str, Any] | None:
    """The text as a YAML mapping, if it is one (to recognise an issuer profile passed as the key)."""
    try:
        data = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def _not_json(text: str, origin: str) -> CredregError:
    """What a non-JSON text given as the key is: an issuer profile, or just not JSON."""
    data = _yaml_mapping(text)
    if data is not None and "name" in data and ("keys" in data or "kind" in data):
        return _not_a_key(f"{origin} is an issuer profile, not a private key file")
    return _not_a_key(f"{origin} is not a credreg key file: it is not JSON")


def _public_only(data: dict[str, Any], origin: str) -> CredregError | None:
    """A JSON document that holds a public key but no secret one: a key statement or a public Multikey."""
    subject = data.get("credentialSubject")
    if isinstance(subject, dict) and "publicKeyMultibase" in subject:
        return _not_a_key(f"{origin} is a key-change statement (a public key), not a private key file")
    if "publicKeyMultibase" in data and "secretKeyMultibase" not in data:
        return _not_a_key(f"{origin} is a public key, not a private key file")
    return None


def _key_data(text: str, origin: str) -> dict[str, Any]:
    """The key file's JSON object, or the error saying first what the text is instead."""
    if not text.strip():
        raise _not_a_key(f"{origin} is not a credreg key file: it is empty")
    try:
        data = read_json(text.encode("utf-8"), origin)  # the one reader of untrusted JSON, with its limits
    except InputError:
        raise _not_json(text, origin) from None
    if not isinstance(data, dict):
        raise _not_a_key(f"{origin} is not a credreg key file: it is JSON but not an object")
    public = _public_only(data, origin)
    if public is not None:
        raise public
    missing = [name for name in KEY_FIELDS if name not in data]
    if missing:
        raise _not_a_key(f"{origin} is not a credreg key file: it has no {', '.join(missing)}")
    return data


def parse(text: str, origin: str) -> SigningKey:
    """A key from a key file's text; `origin` names the file or variable in errors."""
    data = _key_data(text, origin)
    try:
        issuer_id, key_id, secret = data["issuer"], data["id"], data["secretKeyMultibase"]
        if not all(isinstance(v, str) for v in (issuer_id, key_id, secret)):
            raise TypeError
        recipient_secret = bytes.fromhex(data["recipientSecret"])
    except (ValueError, TypeError):
        raise CredregError(f"{origin} is a damaged credreg key file: issuer, id, secretKeyMultibase or "
                           "recipientSecret is malformed", "restore the key file from your backup") from None
    try:
        key = from_seed(issuer_id, key_id, decode_secret_key(secret)[:32], recipient_secret)
    except CryptoError as exc:
        raise CredregError(f"{origin}: {exc.message}", "the key file is damaged; restore it from your backup") from None
    if data.get("publicKeyMultibase") not in (None, key.public_multibase):
        raise CredregError(f"{origin}: publicKeyMultibase does not match the secret key",
                           "the key file is damaged; restore it from your backup")
    return key


def _read(path: Path) -> tuple[str, int]:
    """The text and mode of the file given as the key; a folder, a missing, unreadable, huge or binary file
    is refused as not being a key file before anything else is said about it."""
    if path.is_dir():
        raise _not_a_key(f"{path} is a folder, not a private key file")
    try:
        mode = path.stat().st_mode
        with path.open("rb") as handle:
            raw = handle.read(MAX_KEY_FILE + 1)
    except OSError as exc:
        raise CredregError(f"cannot read key file {path}: {exc.strerror or exc}",
                           f"check the --key path; {KEY_FILE_HINT}") from None
    if len(raw) > MAX_KEY_FILE:
        raise _not_a_key(f"{path} is not a credreg key file: it is far larger than a key file")
    try:
        return raw.decode("utf-8"), mode
    except UnicodeDecodeError:
        raise _not_a_key(f"{path} is not a credreg key file: it is not JSON") from None


def _refuse_inside_repository(path: Path, key: SigningKey, repo_root: Path) -> None:
    """Refuse a real private key file that sits in the registry or any git work tree: it must never be committed."""
    refused = _refused_place(_resolved(path), _resolved(repo_root))
    if refused is None:
        return
    what, tree = refused
    raise CredregError(f"key file {path} is a private key inside {what} ({tree}): private keys never belong "
                       "in a repository",
                       f"move it out of the repository, e.g. to ~/.config/credreg/keys/{key.issuer_id}/"
                       f"{key.key_id}.json (or under ${KEY_DIR_ENV}), and pass that path; if it was ever "
                       f"committed, treat it as compromised: credreg key revoke {key.issuer_id} {key.key_id} "
                       "--reason compromised")


def _refuse_readable_by_others(path: Path, mode: int) -> None:
    """Refuse a private key file that others can read (like ssh does): its secret may already be out."""
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise CredregError(f"key file {path} is readable by other users (mode {stat.S_IMODE(mode):o})",
                           f"run: chmod 600 {path}")


def load(path: Path, repo_root: Path | None = None) -> SigningKey:
    """Read a private key file: first that it is one at all, then (with `repo_root`) that it lies outside
    every repository, then that only its owner can read it, so each mistake gets the advice that fits it."""
    text, mode = _read(path)
    key = parse(text, str(path))
    if repo_root is not None:
        _refuse_inside_repository(path, key, repo_root)
    _refuse_readable_by_others(path, mode)
    return key


def load_env(name: str) -> SigningKey:
    """Read a key from an environment variable holding the key file's JSON."""
    text = os.environ.get(name)
    if not text:
        raise UsageError(f"environment variable {name} is not set", "export it with the key file's content")
    return parse(text, f"${name}")
