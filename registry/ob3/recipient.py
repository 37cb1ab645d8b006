"""Hashed, salted recipient identities that link one person's awards within an issuer, and nothing more.

The salt of an email is HMAC-SHA256(issuer's recipient secret, normalised email), so:
- the credential holds only `sha256$hex(sha256(email + salt))` and the salt: no plaintext email;
- the same person gets the same salt, hence the same identityHash, from the same issuer: a pathway
  check can see that two awards share a recipient without learning who it is;
- different issuers hold different secrets: their awards to one person cannot be linked by hash;
- guessing an email costs a separate hash for every credential, like a random salt.
"""
from __future__ import annotations

import hashlib
import hmac

IDENTITY_TYPE = "emailAddress"


def normalise_email(email: str) -> str:
    """The canonical form hashed: trimmed and lower-cased (verifiers apply the same)."""
    return email.strip().lower()


def salt_for(secret: bytes, email: str) -> str:
    """The deterministic per-recipient salt (32 hex characters)."""
    return hmac.new(secret, normalise_email(email).encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def identity_hash(email: str, salt: str) -> str:
    """`sha256$` + hex(sha256(email + salt)), the Open Badges hashed identity."""
    digest = hashlib.sha256((normalise_email(email) + salt).encode("utf-8")).hexdigest()
    return f"sha256${digest}"


def identity_object(secret: bytes, email: str) -> dict[str, object]:
    """The OB 3.0 IdentityObject for an email."""
    salt = salt_for(secret, email)
    return {"type": "IdentityObject", "identityHash": identity_hash(email, salt), "identityType": IDENTITY_TYPE,
            "hashed": True, "salt": salt}


def matches(identity: dict[str, object], email: str) -> bool:
    """Whether an IdentityObject names `email` (hashed or, for foreign credentials, in plain text)."""
    value = str(identity.get("identityHash", ""))
    if identity.get("hashed"):
        salt = str(identity.get("salt", ""))
        if value.startswith("sha256$"):
            return hmac.compare_digest(value.lower(), identity_hash(email, salt))
        if value.startswith("md5$"):
            return False  # md5 identities are refused, not matched
        return False
    return normalise_email(value) == normalise_email(email)
