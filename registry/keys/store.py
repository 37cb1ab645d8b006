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

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

from ..crypto.multikey import decode_secret_key, encode_public_key, encode_secret_key
from ..errors import CredregError, CryptoError

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


def save(key: SigningKey, path: Path, repo_root: Path) -> Path:
    """Write the key file with mode 0600; refuse a path inside the repository or an existing file."""
    target = path.expanduser().resolve()
    root = repo_root.resolve()
    if target == root or root in target.parents:
        raise CredregError(f"refusing to write a private key inside the registry ({path})",
                           f"keep keys outside the repository; the default is {default_key_dir()}")
    if target.exists():
        raise CredregError(f"{path} already exists", "keys are never overwritten; choose another --out")
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(to_json(key))
    return target


def parse(text: str, origin: str) -> SigningKey:
    """A key from a key file's text; `origin` names the file or variable in errors."""
    try:
        data = json.loads(text)
        issuer_id, key_id, secret = data["issuer"], data["id"], data["secretKeyMultibase"]
        recipient_secret = bytes.fromhex(data["recipientSecret"])
    except (ValueError, KeyError, TypeError):
        raise CredregError(f"{origin} is not a credreg key file",
                           "expected JSON with issuer, id, secretKeyMultibase and recipientSecret, "
                           "as `credreg keygen` writes") from None
    try:
        key = from_seed(issuer_id, key_id, decode_secret_key(secret)[:32], recipient_secret)
    except CryptoError as exc:
        raise CredregError(f"{origin}: {exc.message}", "the key file is damaged; restore it from your backup") from None
    if data.get("publicKeyMultibase") not in (None, key.public_multibase):
        raise CredregError(f"{origin}: publicKeyMultibase does not match the secret key",
                           "the key file is damaged; restore it from your backup")
    return key


def load(path: Path) -> SigningKey:
    """Read a key file, refusing one that others can read (like ssh does)."""
    try:
        mode = path.stat().st_mode
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise CredregError(f"cannot read key file {path}: {exc.strerror}", "check the --key path") from None
    if os.name == "posix" and mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise CredregError(f"key file {path} is readable by other users (mode {stat.S_IMODE(mode):o})",
                           f"run: chmod 600 {path}")
    return parse(text, str(path))


def load_env(name: str) -> SigningKey:
    """Read a key from an environment variable holding the key file's JSON."""
    text = os.environ.get(name)
    if not text:
        raise CredregError(f"environment variable {name} is not set", "export it with the key file's content")
    return parse(text, f"${name}")
