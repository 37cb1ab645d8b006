"""Open Badges 2.0 signed assertions: a compact JWS over the Assertion, RS256, with a key the issuer lists.

The key is never taken from the JWS header (`jwk`, `jku`, `x5c`, `kid` are ignored): it is the
CryptographicKey at `verification.creator`, or each key of the issuer Profile's `publicKey` when no
creator is named. A key counts only if the issuer Profile lists it and its `owner` is the issuer. The
2.0 spec recommends RSA-SHA256 and 1EdTech's validator verifies only RS256, so only RS256 is verified;
`none` and HMAC algorithms (a public key used as an HMAC secret) are refused as forgeries.
"""
from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from ..errors import CredregError, FetchError, InputError
from ..load.json_source import read_json
from ..load.source import MAX_JSON_BYTES
from ..ob3.fields import shown
from .fetch import Fetcher
from .ob2_docs import fetch_own, https_url, ref_id, values
from .steps import Outcome, Step, Verdict

MAX_JWS_CHARS = MAX_JSON_BYTES * 4 // 3 + 64 * 1024  # a maximal payload in base64url, with header and signature
MAX_HEADER_BYTES = 16 * 1024
MAX_PEM_CHARS = 16 * 1024
MAX_KEYS_TRIED = 4
MIN_RSA_BITS = 2048
_PART = re.compile(r"[A-Za-z0-9_-]*")
_COMPACT = re.compile(r"\s*[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\s*")


@dataclass(frozen=True)
class Jws:
    """A parsed compact JWS: its protected header, its payload as JSON, the signed bytes and the signature."""

    header: dict[str, Any]
    payload: Any
    signing_input: bytes
    signature: bytes


def looks_like_jws(text: str) -> bool:
    """Whether `text` has the shape of a compact JWS (three base64url parts)."""
    return len(text) <= MAX_JWS_CHARS and _COMPACT.fullmatch(text) is not None


def _b64(part: str, what: str) -> bytes:
    """One base64url part of the JWS (padding restored), or CredregError naming the part."""
    try:
        return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))
    except (binascii.Error, ValueError):
        raise CredregError(f"the JWS {what} is not base64url") from None


def parse_jws(text: str) -> Jws:
    """The parts of a compact JWS; CredregError saying what is wrong (size, shape, encoding, JSON)."""
    if len(text) > MAX_JWS_CHARS:
        raise CredregError(f"the JWS is {len(text):,} characters; the limit is {MAX_JWS_CHARS:,}")
    parts = text.strip().split(".")
    if len(parts) != 3 or not all(_PART.fullmatch(p) for p in parts):
        raise CredregError("not a compact JWS: it must be three base64url parts separated by dots")
    raw_header = _b64(parts[0], "header")
    if len(raw_header) > MAX_HEADER_BYTES:
        raise CredregError(f"the JWS header is {len(raw_header):,} bytes; the limit is {MAX_HEADER_BYTES:,}")
    try:
        header = read_json(raw_header, "JWS header")
        payload = read_json(_b64(parts[1], "payload"), "JWS payload")
    except InputError as exc:
        raise CredregError(exc.message) from None
    if not isinstance(header, dict):
        raise CredregError("the JWS header is not a JSON object")
    return Jws(header, payload, f"{parts[0]}.{parts[1]}".encode("ascii"), _b64(parts[2], "signature"))


def algorithm_step(jws: Jws) -> Step | None:
    """A failing `verification` step when the header forbids verification; None for a plain RS256 JWS."""
    alg = jws.header.get("alg")
    if not isinstance(alg, str) or alg.lower() == "none":
        return Step("verification", Outcome.FAIL, f"the JWS is unsigned (alg {shown(alg)}): refused")
    if alg.upper().startswith("HS"):
        return Step("verification", Outcome.FAIL, f"alg {shown(alg)} is an HMAC: a public key is no secret, so "
                    "anyone could have made it; refused")
    if "crit" in jws.header or jws.header.get("b64", True) is not True:
        return Step("verification", Outcome.FAIL, "the JWS header has critical or unencoded-payload parameters "
                    "this verifier does not implement")
    if alg != "RS256":
        return Step("verification", Outcome.UNKNOWN, f"alg {shown(alg)} is not RS256, the one algorithm Open Badges "
                    "2.0 signs with, so the signature cannot be checked", Verdict.CANNOT_VERIFY)
    return None


def signature_step(jws: Jws, assertion: dict[str, Any], issuer: dict[str, Any], fetcher: Fetcher) -> Step:
    """`verification` for a signed Assertion: PASS when an issuer-listed, issuer-owned key verifies the JWS."""
    refused = algorithm_step(jws)
    if refused is not None:
        return refused
    issuer_id = issuer.get("id")
    try:
        listed = values(issuer.get("publicKey"))
    except CredregError as exc:
        return Step("verification", Outcome.FAIL, f"the issuer's publicKey: {exc.message}")
    embedded = {k["id"]: k for k in listed if isinstance(k, dict) and isinstance(k.get("id"), str)}
    listed_ids = [ref_id(k) for k in listed if ref_id(k)]
    verification = assertion.get("verification")
    creator = ref_id(verification.get("creator")) if isinstance(verification, dict) else None
    if creator is not None and creator not in listed_ids:
        return Step("verification", Outcome.FAIL, f"signed with key {shown(creator)}, which the issuer Profile "
                    f"{issuer_id} does not list in publicKey")
    candidates = [creator] if creator is not None else listed_ids[:MAX_KEYS_TRIED]
    if not candidates:
        return Step("verification", Outcome.FAIL, f"the issuer Profile {issuer_id} lists no publicKey to verify with")
    failures, unreachable = [], []
    for key_id in candidates:
        assert key_id is not None
        try:
            public = _issuer_key(key_id, embedded.get(key_id), str(issuer_id), fetcher)
        except FetchError as exc:
            unreachable.append(exc.message)
            continue
        except CredregError as exc:
            failures.append(exc.message)
            continue
        try:
            public.verify(jws.signature, jws.signing_input, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            failures.append(f"the signature does not verify with {key_id}")
            continue
        return Step("verification", Outcome.PASS, f"RS256 signature verified with {key_id}, owned by the issuer")
    if failures:
        return Step("verification", Outcome.FAIL, "; ".join(failures))
    return Step("verification", Outcome.UNKNOWN, "no signing key could be fetched: " + "; ".join(unreachable),
                Verdict.CANNOT_VERIFY)


def _issuer_key(key_id: str, embedded: dict[str, Any] | None, issuer_id: str, fetcher: Fetcher) -> rsa.RSAPublicKey:
    """The RSA key of a CryptographicKey the issuer lists: embedded in its Profile, else fetched from its id."""
    if embedded is not None and "publicKeyPem" in embedded:
        key = embedded
    elif https_url(key_id) is None:
        raise CredregError(f"key {shown(key_id)} is not an https URL, so it cannot be fetched")
    else:
        key = fetch_own(fetcher, key_id, "CryptographicKey", ("CryptographicKey",))
    if ref_id(key.get("owner")) != issuer_id:
        raise CredregError(f"key {key_id} is owned by {shown(ref_id(key.get('owner')))}, not by the issuer {issuer_id}")
    pem = key.get("publicKeyPem")
    if not isinstance(pem, str) or len(pem) > MAX_PEM_CHARS:
        raise CredregError(f"key {key_id} has no publicKeyPem of at most {MAX_PEM_CHARS:,} characters")
    try:
        public = load_pem_public_key(pem.encode("ascii"))
    except (ValueError, UnicodeEncodeError, TypeError, UnsupportedAlgorithm):
        raise CredregError(f"the publicKeyPem of {key_id} is not a PEM public key") from None
    if not isinstance(public, rsa.RSAPublicKey):
        raise CredregError(f"key {key_id} is not an RSA key, so it cannot verify RS256")
    if public.key_size < MIN_RSA_BITS:
        raise CredregError(f"key {key_id} is a {public.key_size}-bit RSA key; at least {MIN_RSA_BITS} bits are needed")
    return public
