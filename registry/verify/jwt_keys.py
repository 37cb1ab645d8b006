"""Find the keys a VC-JWT may be verified with, each tied to the controller that vouches for it.

OB 3.0 §"Verify a Credential" (jwt-verify) dereferences `kid` (an HTTP or DID URL) to a JWK, else takes the
`jwk` header. The header's key is taken at face value there; here it must also be the issuer's, because
anyone can sign with a key of their own and put it in the header.

The order follows the JOSE header: `kid` (a DID URL or https URL, resolved through resolve.py; a bare kid is
looked up under the DID `iss` or in the https issuer's JWKS), else `jwk` (accepted only when the issuer's
identifier *is* that key: did:key or did:jwk; a self-supplied key proves nothing about any other issuer),
else the issuer itself (did:key, did:jwk, the assertionMethod keys of a did:web, or `<iss>/.well-known/jwks.json`).
"""
from __future__ import annotations

import base64
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric.ec import SECP256R1, SECP384R1, EllipticCurvePublicKey
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from ..crypto.weakkeys import weakness
from ..errors import CredregError, FetchError, ResolveError
from ..load.json_source import read_json
from .fetch import Fetcher
from .resolve import PublicKey, did_web_url, resolve_key

ALGORITHMS = ("RS256", "ES256", "ES384", "EdDSA")
MAX_JWKS_KEYS = 50
MIN_RSA_BITS = 2048


@dataclass(frozen=True)
class JwtKey:
    """A key to try, the verification method or URL it came from, and who controls it."""

    key: PublicKey
    method: str
    controller: str
    source: str


def alg_mismatch(alg: str, key: PublicKey) -> str | None:
    """Why `alg` cannot be used with `key` (RFC 7518: the algorithm is bound to the key type), or None."""
    if alg == "RS256":
        if not isinstance(key, RSAPublicKey):
            return "RS256 needs an RSA key"
        return None if key.key_size >= MIN_RSA_BITS else f"the RSA key has {key.key_size} bits; at least {MIN_RSA_BITS}"
    if alg in ("ES256", "ES384"):
        curve = SECP256R1 if alg == "ES256" else SECP384R1
        if not isinstance(key, EllipticCurvePublicKey) or not isinstance(key.curve, curve):
            return f"{alg} needs a {'P-256' if alg == 'ES256' else 'P-384'} key"
        return None
    if alg == "EdDSA":
        return None if isinstance(key, Ed25519PublicKey) else "EdDSA needs an Ed25519 key"
    return f"{alg} is not an accepted algorithm"


def same_key(a: PublicKey, b: PublicKey) -> bool:
    """Whether two public keys are the same key (compared as SubjectPublicKeyInfo)."""
    spki = (Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return type(a) is type(b) and a.public_bytes(*spki) == b.public_bytes(*spki)


def key_from_jwk(jwk: Any, where: str) -> PublicKey:
    """The public key of a JWK (RSA, EC P-256/P-384, OKP Ed25519); a private or symmetric JWK is refused."""
    if not isinstance(jwk, dict):
        raise ResolveError(f"{where} is not a JWK object", "a JWK is a JSON object with kty")
    if "d" in jwk or jwk.get("kty") == "oct":
        raise ResolveError(f"{where} is a private or symmetric key", "only public keys verify signatures; "
                           "an issuer that publishes its private key has lost it")
    if jwk.get("kty") not in ("RSA", "EC", "OKP"):
        raise ResolveError(f"{where} has key type {str(jwk.get('kty'))[:20]!r}", "expected RSA, EC or OKP")
    try:
        key = jwt.PyJWK(jwk).key
    except (jwt.PyJWKError, jwt.InvalidKeyError, ValueError, TypeError) as exc:
        raise ResolveError(f"{where} is not a usable public key: {exc}", "the JWK is malformed") from None
    if not isinstance(key, (RSAPublicKey, EllipticCurvePublicKey, Ed25519PublicKey)):
        raise ResolveError(f"{where} is not an RSA, P-256/P-384 or Ed25519 public key", "use one of those key types")
    if isinstance(key, Ed25519PublicKey):  # as multikey.py and publickeys.py refuse them: such a key signs nothing
        problem = weakness(key.public_bytes(Encoding.Raw, PublicFormat.Raw))
        if problem:
            raise ResolveError(f"{where} is unusable: {problem}", "the issuer's key is broken")
    return key


def _did_jwk_key(did: str) -> PublicKey:
    """The key a did:jwk identifier encodes (did:jwk:<base64url JWK>)."""
    encoded = did.split("#", 1)[0][len("did:jwk:"):]
    try:
        jwk = read_json(base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)), "did:jwk")
    except (ValueError, CredregError):
        raise ResolveError("the did:jwk identifier does not encode a JSON JWK", "the issuer's DID is broken") from None
    return key_from_jwk(jwk, "the did:jwk key")


def _issuer_keys(issuer: str, fetcher: Fetcher) -> list[JwtKey]:
    """Every key the issuer itself vouches for, when the token names none."""
    if issuer.startswith("did:key:"):
        found = resolve_key(issuer, fetcher)
        return [JwtKey(found.key, found.verification_method, found.controller, found.source)]
    if issuer.startswith("did:jwk:"):
        return [JwtKey(_did_jwk_key(issuer), issuer + "#0", issuer, "did:jwk (the key is in the identifier)")]
    if issuer.startswith("did:web:"):
        document = fetcher.get(did_web_url(issuer))
        refs = document.get("assertionMethod", []) if isinstance(document, dict) else []
        keys = []
        for ref in (refs if isinstance(refs, list) else [])[:MAX_JWKS_KEYS]:
            ref = ref.get("id") if isinstance(ref, dict) else ref
            if isinstance(ref, str):
                vm = issuer + ref if ref.startswith("#") else ref
                try:
                    found = resolve_key(vm, fetcher)
                except ResolveError:
                    continue
                keys.append(JwtKey(found.key, vm, found.controller, found.source))
        return keys
    if issuer.startswith("https://"):
        return _jwks_keys(issuer, fetcher, None)
    raise ResolveError(f"the token names no key (no kid or jwk header) and its issuer {issuer[:80]!r} is not a "
                       "did:key, did:jwk, did:web or https URL", "the issuer's key cannot be found")


def _jwks_keys(issuer: str, fetcher: Fetcher, kid: str | None) -> list[JwtKey]:
    """The keys of the https issuer's JWKS (`<iss>/.well-known/jwks.json`), only the one named `kid` if given."""
    url = issuer.rstrip("/") + "/.well-known/jwks.json"
    document = fetcher.get(url)
    entries = document.get("keys") if isinstance(document, dict) else None
    if not isinstance(entries, list) or len(entries) > MAX_JWKS_KEYS:
        raise ResolveError(f"{url} is not a JWK set (an object with at most {MAX_JWKS_KEYS} keys)",
                           "the issuer's JWKS is broken")
    keys = []
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or (kid is not None and entry.get("kid") != kid):
            continue
        keys.append(JwtKey(key_from_jwk(entry, f"key {number} of {url}"), f"{url}#{entry.get('kid', number)}", issuer,
                           f"JWKS {url}"))
    if not keys:
        raise ResolveError(f"{url} holds no key" + (f" with kid {kid[:80]!r}" if kid else ""),
                           "the issuer's JWKS must list the key that signed the token")
    return keys


def _jwks_entry(entries: list[Any], kid: str, owner: str) -> JwtKey:
    """The key of a JWKS a kid URL points into (`https://host/keys#key-1`): the entry whose kid is the whole
    URL or its fragment."""
    url, _, fragment = kid.partition("#")
    for number, entry in enumerate(entries[:MAX_JWKS_KEYS], 1):
        if isinstance(entry, dict) and entry.get("kid") in (kid, fragment or None):
            return JwtKey(key_from_jwk(entry, f"key {number} of {url[:120]}"), kid, owner, f"JWKS {url[:120]}")
    raise ResolveError(f"the JWKS at {url[:120]} holds no key with kid {(fragment or kid)[:80]!r}",
                       "the kid must name a key of the JWKS it points at")


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def _same_origin(url: str, issuer: str) -> bool:
    """Whether an https key URL is served by the https issuer's own origin (scheme, host and port)."""
    return issuer.startswith("https://") and _origin(url) == _origin(issuer)


def candidate_keys(header: dict[str, Any], issuer: str, fetcher: Fetcher) -> list[JwtKey]:
    """The keys to verify a token with; ResolveError when the header's key is not the issuer's, FetchError when
    a key document cannot be fetched."""
    kid, jwk = header.get("kid"), header.get("jwk")
    if kid is not None:
        if not isinstance(kid, str) or not kid or len(kid) > 2000:
            raise ResolveError("the kid header is not a usable string", "kid names the signing key")
        if kid.startswith("did:jwk:"):
            return [JwtKey(_did_jwk_key(kid), kid, kid.split("#", 1)[0], "did:jwk (the key is in the identifier)")]
        if kid.startswith("https://"):
            document = fetcher.get(kid)
            owner = issuer if _same_origin(kid, issuer) else _origin(kid)
            if isinstance(document, dict) and "kty" in document:  # OB 3.0: a kid URL may serve the JWK itself
                return [JwtKey(key_from_jwk(document, kid[:120]), kid, owner, f"JWK at {kid[:120]}")]
            if isinstance(document, dict) and isinstance(document.get("keys"), list):  # or a JWKS: url#kid
                return [_jwks_entry(document["keys"], kid, owner)]
        if kid.startswith(("did:", "https://", "http://")):
            found = resolve_key(kid, fetcher)
            return [JwtKey(found.key, kid, found.controller, found.source)]
        if issuer.startswith("did:"):
            vm = f"{issuer}#{kid.lstrip('#')}"
            if issuer.startswith("did:jwk:"):
                return [JwtKey(_did_jwk_key(issuer), vm, issuer, "did:jwk (the key is in the identifier)")]
            found = resolve_key(vm, fetcher)
            return [JwtKey(found.key, vm, found.controller, found.source)]
        if issuer.startswith("https://"):
            return _jwks_keys(issuer, fetcher, kid)
        raise ResolveError(f"the kid {kid[:80]!r} is relative and the issuer {issuer[:80]!r} is neither a DID nor "
                           "an https URL", "the signing key cannot be found")
    if jwk is not None:
        key = key_from_jwk(jwk, "the jwk header")
        if issuer.startswith(("did:key:", "did:jwk:")):
            own = _issuer_keys(issuer, fetcher)[0]
            if not same_key(own.key, key):
                raise ResolveError(f"the jwk header is not the key of the issuer {issuer[:80]}",
                                   "a did:key or did:jwk issuer signs with the key its identifier encodes")
            return [JwtKey(key, own.method, issuer, f"jwk header, the key of {own.source}")]
        raise ResolveError(f"the token supplies its own key (jwk header), and nothing ties that key to the issuer "
                           f"{issuer[:80]}", "a jwk header proves the issuer only for a did:key or did:jwk issuer; "
                           "others must name their key with kid (a DID URL) or publish it in their DID document or JWKS")
    return _issuer_keys(issuer, fetcher)


__all__ = ["ALGORITHMS", "FetchError", "JwtKey", "alg_mismatch", "candidate_keys", "key_from_jwk", "same_key"]
