"""Verify a VC-JWT (JWS compact): the header's algorithm against the key, the signature with PyJWT, the key's
controller against the issuer, and the JWT claims against the credential they secure.

Two payloads are read: VC 1.1 JWT (a `vc` claim, with iss/nbf/exp/jti/sub standing for issuer/issuanceDate/
expirationDate/id/credentialSubject.id, filled in when absent and required to agree when both are present)
and VC-JOSE-COSE / OB 3.0 (typ vc+ld+jwt or vc+jwt, the payload is the credential; claims it also carries
must agree). `none` and HS* are refused outright: an unsigned token, or a MAC whose "secret" would be a
public key, proves nothing.
"""
from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import jwt as pyjwt

from ..errors import CredregError, FetchError, InputError
from ..load.json_source import read_json
from ..ob3.fields import aware_time, cut, issuer_id_of, printable
from .jwt_keys import ALGORITHMS, JwtKey, alg_mismatch, candidate_keys
from .key_history import key_history_objection
from .steps import Outcome, Step, Verdict

MAX_JWT_CHARS = 2 * 1024 * 1024  # a 1 MiB JSON payload is 1.4 MiB of base64url
TYPES = (None, "JWT", "vc+ld+jwt", "vc+jwt", "application/vc+ld+jwt", "application/vc+jwt")
REGISTERED = ("iss", "sub", "nbf", "exp", "iat", "jti", "aud", "cnf")
MAX_NUMERIC_DATE = 253402300799  # 9999-12-31T23:59:59Z


class JwtPayloadError(CredregError):
    """Raised when a JWT's payload does not carry a credential."""


@dataclass(frozen=True)
class JwtVerification:
    """The credential the token carries (None when unreadable) and the step for its signature."""

    credential: dict[str, Any] | None
    step: Step


def _part(token: str, index: int, what: str) -> Any:
    segment = token.split(".")[index]
    try:
        return read_json(base64.urlsafe_b64decode(segment + "=" * (-len(segment) % 4)), what)
    except ValueError:
        raise InputError(f"the JWT {what} is not base64url", "the token is damaged") from None


def _iso(seconds: int) -> str:
    return datetime.fromtimestamp(seconds, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _numeric_date(payload: dict[str, Any], claim: str) -> int | None:
    value = payload.get(claim)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= MAX_NUMERIC_DATE:
        raise JwtPayloadError(f"the JWT claim {claim} is not a NumericDate (seconds since 1970)",
                              "the token is malformed")
    return int(value)


def _setter(target: dict[str, Any], name: str, value: Any) -> Callable[[], None]:
    return lambda: target.__setitem__(name, value)


def credential_of(payload: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The credential a JWT payload secures, and where its JWT claims disagree with it."""
    if "vc" in payload:
        if not isinstance(payload["vc"], dict):
            raise JwtPayloadError("the JWT's vc claim is not a JSON object", "a VC 1.1 JWT carries the credential in vc")
        credential, fill = dict(payload["vc"]), True
    elif "@context" in payload:
        credential, fill = {k: v for k, v in payload.items() if k not in REGISTERED}, False
    else:
        raise JwtPayloadError("the JWT payload carries no credential (neither a vc claim nor an @context)",
                              "this is a JWT, but not a Verifiable Credential")
    contexts = credential.get("@context")
    v2 = (contexts[0] if isinstance(contexts, list) and contexts else contexts) == "https://www.w3.org/ns/credentials/v2"
    problems: list[str] = []

    def agree(claim: str, name: str, claimed: Any, present: Any, set_to: Callable[[], None]) -> None:
        if present is None:
            if fill:
                set_to()
        elif present != claimed:
            problems.append(f"the JWT claim {claim} ({cut(printable(str(claimed)))}) disagrees with the credential's "
                            f"{name} ({cut(printable(str(present)))})")

    if isinstance(payload.get("iss"), str):
        agree("iss", "issuer", payload["iss"], issuer_id_of(credential) or None,
              lambda: credential.__setitem__("issuer", payload["iss"]))
    if isinstance(payload.get("jti"), str):
        agree("jti", "id", payload["jti"], credential.get("id"), lambda: credential.__setitem__("id", payload["jti"]))
    subject = credential.get("credentialSubject")
    if isinstance(payload.get("sub"), str) and isinstance(subject, dict):
        credential["credentialSubject"] = subject = dict(subject)
        agree("sub", "credentialSubject.id", payload["sub"], subject.get("id"),
              lambda: subject.__setitem__("id", payload["sub"]))
    for claim, name in (("nbf", "validFrom" if v2 else "issuanceDate"), ("exp", "validUntil" if v2 else "expirationDate")):
        seconds = _numeric_date(payload, claim)
        if seconds is None:
            continue
        present = credential.get(name)
        moment = aware_time(present)
        if present is not None and moment is not None and int(moment.timestamp()) == seconds:
            continue
        value = _iso(seconds)
        agree(claim, name, value, present, _setter(credential, name, value))
    return credential, problems


def _refusal(alg: Any) -> str | None:
    if alg == "none" or (isinstance(alg, str) and alg.lower() == "none"):
        return "alg none: the token is unsigned, so it proves nothing"
    if isinstance(alg, str) and alg.upper().startswith("HS"):
        return (f"alg {alg} is a shared-secret MAC: an issuer's key is public, so anyone could have made this "
                "token (HS* is never accepted)")
    return None


def _verify_with(token: str, alg: str, keys: list[JwtKey], issuer: str) -> tuple[JwtKey | None, str]:
    """The first key the token verifies with, else None and the reason the first candidate gave."""
    reasons = []
    for candidate in keys:
        if candidate.controller != issuer:
            reasons.append(f"signed with {cut(candidate.method)}, a key of {cut(candidate.controller)}, but the "
                           f"issuer is {cut(issuer)}")
            continue
        mismatch = alg_mismatch(alg, candidate.key)
        if mismatch:
            reasons.append(f"alg {alg} does not fit the key {cut(candidate.method)}: {mismatch}")
            continue
        try:
            pyjwt.PyJWS().decode_complete(token, key=candidate.key, algorithms=[alg])
        except pyjwt.InvalidSignatureError:
            reasons.append(f"the signature does not verify with {cut(candidate.method)}")
            continue
        except pyjwt.PyJWTError as exc:
            reasons.append(f"the token does not verify with {cut(candidate.method)}: {exc}")
            continue
        return candidate, ""
    return None, reasons[0] if reasons else "no key to verify with"


def verify_jwt(token: str, fetcher: Any) -> JwtVerification:
    """The JWT proof step and the credential it carries; never raises for a bad token."""
    if len(token) > MAX_JWT_CHARS:
        return JwtVerification(None, Step("proof 1 (JWT)", Outcome.FAIL, f"the token is longer than {MAX_JWT_CHARS:,} "
                                          "characters"))
    try:
        header = _part(token, 0, "header")
    except CredregError as exc:
        return JwtVerification(None, Step("proof 1 (JWT)", Outcome.FAIL, f"the JWT header is unreadable: {exc.message}"))
    if not isinstance(header, dict):
        return JwtVerification(None, Step("proof 1 (JWT)", Outcome.FAIL, "the JWT header is not a JSON object"))
    alg = header.get("alg")
    label = f"proof 1 (JWT {cut(printable(str(alg)))})"
    try:
        payload = _part(token, 1, "payload")
        if not isinstance(payload, dict):
            raise JwtPayloadError("the JWT payload is not a JSON object", "a VC-JWT's payload is a JSON object")
        credential, problems = credential_of(payload)
        signed = _numeric_date(payload, "iat") or _numeric_date(payload, "nbf")
    except CredregError as exc:
        return JwtVerification(None, Step(label, Outcome.FAIL, exc.message))
    refused = _refusal(alg)
    if refused:
        return JwtVerification(credential, Step(label, Outcome.FAIL, refused))
    if alg not in ALGORITHMS:
        return JwtVerification(credential, Step(label, Outcome.WARN, f"alg {cut(printable(str(alg)))} is not one this "
                                                f"verifier knows ({', '.join(ALGORITHMS)}), so it was not verified"))
    if header.get("typ") not in TYPES:
        return JwtVerification(credential, Step(label, Outcome.FAIL, f"typ {cut(printable(str(header.get('typ'))))} is "
                                                "not a credential's (vc+ld+jwt, vc+jwt or JWT)"))
    if "crit" in header:
        return JwtVerification(credential, Step(label, Outcome.FAIL, "the crit header asks for extensions this verifier "
                                                "does not implement"))
    issuer = issuer_id_of(credential)
    if not issuer:
        return JwtVerification(credential, Step(label, Outcome.FAIL, "the token names no issuer (no iss, no issuer)"))
    try:
        keys = candidate_keys(header, issuer, fetcher)
    except FetchError as exc:
        return JwtVerification(credential, Step(label, Outcome.UNKNOWN, f"the signing key could not be fetched: "
                                                f"{exc.message}", Verdict.CANNOT_VERIFY))
    except CredregError as exc:
        return JwtVerification(credential, Step(label, Outcome.FAIL, f"key not resolved: {exc.message}"))
    used, reason = _verify_with(token, alg, keys, issuer)
    if used is None:
        return JwtVerification(credential, Step(label, Outcome.FAIL, reason))
    if problems:
        return JwtVerification(credential, Step(label, Outcome.FAIL, "the signature verifies, but " + "; ".join(problems)))
    # the issuer's published key history, applied to the token's signing time (iat, else nbf) as to a proof's created
    history = key_history_objection(used.method, _iso(signed) if signed is not None else None, fetcher)
    if history:
        return JwtVerification(credential, Step(label, history.outcome, history.detail, history.verdict))
    return JwtVerification(credential, Step(label, Outcome.PASS, f"signature verified with {cut(used.method)} "
                                            f"({used.source})"))
