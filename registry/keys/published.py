"""The one check of a private key against the registry: its key id is listed and its public key is the listed one."""
from __future__ import annotations

from ..errors import CredregError
from ..layout import issuer_file
from ..model import Issuer, IssuerKey
from .store import KEY_DIR_ENV, SigningKey


def _unlisted(issuer: Issuer, key: SigningKey) -> CredregError:
    """The error for a key id the issuer does not list, naming the ids it does list."""
    listed = ", ".join(repr(k.id) for k in issuer.keys)
    hint = (f"{issuer_file(issuer.id)} lists {listed}: pass the key file of one of them" if listed
            else f"{issuer_file(issuer.id)} lists no keys yet: run `credreg keygen {issuer.id}`")
    return CredregError(f"key {key.key_id!r} is not a published key of {issuer.id!r}", hint)


def _mismatch(issuer: Issuer, key: SigningKey) -> CredregError:
    """The error for a listed key id whose published public key is not this key file's."""
    return CredregError(
        f"key {key.key_id!r} of {issuer.id!r} does not match the public key published in {issuer_file(issuer.id)}",
        f"this key file is not the one key {key.key_id!r} was made with: pass that key file "
        f"(~/.config/credreg/keys/{issuer.id}/{key.key_id}.json, or under ${KEY_DIR_ENV}); if it is lost, "
        f"revoke the key (credreg key revoke {issuer.id} {key.key_id} --reason lost) and ask a registry "
        "maintainer to admit a new one")


def published_key(issuer: Issuer, key: SigningKey) -> IssuerKey:
    """The issuer's listed key that `key` is; refuse an unlisted key id or a different public key,
    so nothing is signed with a key a verifier could not find (every command with --key checks here)."""
    listed = issuer.key(key.key_id)
    if listed is None:
        raise _unlisted(issuer, key)
    if listed.public_key_multibase != key.public_multibase:
        raise _mismatch(issuer, key)
    return listed
