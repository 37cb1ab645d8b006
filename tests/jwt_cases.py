"""The VC-JWT case table: who signs each token, its header and payload, and what `credreg verify` and the
browser core must make of it (tests/verify/test_jwt.py, tests/js/test_jwt_container_node.py)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from jwt_support import HTTPS, LEAKY, OTHER, WEB, credential

VC = "vc+ld+jwt"


@dataclass(frozen=True)
class Case:
    """One token: who signs it, its header and payload (built from the session's keys), what must come out."""

    name: str
    key: str
    header: Any  # dict, or a function of Keys giving it
    payload: Any  # dict or text, or a function of Keys giving it
    verdict: str
    proof: str  # the JWT proof step's outcome
    detail: str  # a fragment of its detail
    steps: dict[str, str] = field(default_factory=dict)  # the other steps' outcomes, when not the usual ones


def cred(issuer: Any, **changes: Any) -> Any:
    return lambda k: credential(issuer(k) if callable(issuer) else issuer, **changes)


# no trust list binds these issuers (did:key, did:jwk, did:web and https ones of test hosts): the issuer step warns,
# and a token whose proof passes is ISSUER NOT VERIFIED, not VALID
FULL = {"container": "pass", "format": "pass", "schema": "pass", "issuer": "warning", "status": "warning",
        "valid from": "pass", "valid until": "pass"}
SHORT = {"container": "pass"}  # the payload carries no credential: nothing after the proof step

CASES = [
    Case("eddsa-kid-did-web", "ed", {"alg": "EdDSA", "typ": VC, "kid": f"{WEB}#key-1"}, cred(WEB),
         "issuer not verified", "pass", f"signature verified with {WEB}#key-1"),
    Case("eddsa-did-key-iss", "ed", {"alg": "EdDSA", "typ": VC}, cred(lambda k: k.did_key("ed")),
         "issuer not verified", "pass", "did:key (the key is in the identifier)"),
    Case("eddsa-did-key-jwk", "ed", lambda k: {"alg": "EdDSA", "typ": VC, "jwk": k.public["ed"]},
         cred(lambda k: k.did_key("ed")), "issuer not verified", "pass", "jwk header, the key of did:key"),
    Case("es256-did-jwk-kid", "p256", lambda k: {"alg": "ES256", "typ": VC, "kid": k.did_jwk("p256") + "#0"},
         cred(lambda k: k.did_jwk("p256")), "issuer not verified", "pass", "did:jwk"),
    Case("es256-did-jwk-jwk", "p256", lambda k: {"alg": "ES256", "typ": "JWT", "jwk": k.public["p256"]},
         cred(lambda k: k.did_jwk("p256")), "issuer not verified", "pass", "jwk header, the key of did:jwk"),
    Case("es256-kid-url", "p256", {"alg": "ES256", "typ": VC, "kid": f"{HTTPS}/keys/p256.json"}, cred(HTTPS),
         "issuer not verified", "pass", f"JWK at {HTTPS}/keys/p256.json"),
    Case("rs256-kid-url-into-jwks", "rsa", {"alg": "RS256", "typ": "JWT", "kid": f"{HTTPS}/.well-known/jwks.json#rsa-1"},
         cred(HTTPS), "issuer not verified", "pass", f"JWKS {HTTPS}/.well-known/jwks.json"),
    Case("kid-url-on-another-origin", "p256", {"alg": "ES256", "typ": VC, "kid": "https://other.test/p256.json"},
         cred(HTTPS), "invalid", "fail", f"a key of https://other.test, but the issuer is {HTTPS}"),
    Case("rs256-jwks-kid", "rsa", {"alg": "RS256", "typ": VC, "kid": "rsa-1"}, cred(HTTPS),
         "issuer not verified", "pass", f"JWKS {HTTPS}/.well-known/jwks.json"),
    Case("es384-jwks-no-kid", "p384", {"alg": "ES384", "typ": VC}, cred(HTTPS),
         "issuer not verified", "pass", f"{HTTPS}/.well-known/jwks.json#p384-1"),
    Case("vc-claim-mapped", "ed", {"alg": "EdDSA", "typ": "JWT", "kid": f"{WEB}#key-1"},
         lambda k: {"iss": WEB, "nbf": 1773567000, "jti": "urn:uuid:1", "vc": {
             key: value for key, value in credential(WEB).items() if key not in ("id", "issuer", "validFrom")} | {
             "issuer": {"id": WEB, "type": ["Profile"], "name": "Issuer"}}},
         "issuer not verified", "pass", "signature verified"),
    # ---- hostile ----
    Case("kid-of-another-issuer", "other", {"alg": "EdDSA", "typ": VC, "kid": f"{OTHER}#key-1"}, cred(WEB),
         "invalid", "fail", f"a key of {OTHER}, but the issuer is {WEB}"),
    Case("jwk-header-for-did-web", "ed", lambda k: {"alg": "EdDSA", "typ": VC, "jwk": k.public["ed"]}, cred(WEB),
         "invalid", "fail", "the token supplies its own key (jwk header)"),
    Case("jwk-header-not-the-did-key", "other", lambda k: {"alg": "EdDSA", "typ": VC, "jwk": k.public["other"]},
         cred(lambda k: k.did_key("ed")), "invalid", "fail", "the jwk header is not the key of the issuer"),
    Case("es256-kid-names-rsa-key", "p256", {"alg": "ES256", "typ": VC, "kid": "rsa-1"}, cred(HTTPS),
         "invalid", "fail", "alg ES256 does not fit the key"),
    Case("es384-claims-p256-key", "p256", {"alg": "ES256", "typ": VC, "kid": "p384-1"}, cred(HTTPS),
         "invalid", "fail", "ES256 needs a P-256 key"),
    Case("nbf-disagrees-with-validFrom", "ed", {"alg": "EdDSA", "typ": VC, "kid": f"{WEB}#key-1"},
         lambda k: credential(WEB) | {"nbf": 1700000000}, "invalid", "fail",
         "the JWT claim nbf (2023-11-14T22:13:20Z) disagrees with the credential's validFrom"),
    Case("exp-disagrees-with-vc", "ed", {"alg": "EdDSA", "typ": "JWT", "kid": f"{WEB}#key-1"},
         lambda k: {"iss": WEB, "exp": 1900000000, "vc": credential(WEB, validUntil="2027-01-01T00:00:00Z")},
         "invalid", "fail", "the JWT claim exp (2030-03-17T17:46:40Z) disagrees with the credential's validUntil",
         {"valid until": "pass"}),
    Case("iss-disagrees-with-issuer", "other", {"alg": "EdDSA", "typ": VC, "kid": f"{OTHER}#key-1"},
         lambda k: credential(WEB) | {"iss": OTHER}, "invalid", "fail", f"a key of {OTHER}, but the issuer is {WEB}"),
    Case("payload-array", "ed", {"alg": "EdDSA", "kid": f"{WEB}#key-1"}, "[1, 2]",
         "invalid", "fail", "the JWT payload is not a JSON object", SHORT),
    Case("payload-not-a-credential", "ed", {"alg": "EdDSA", "kid": f"{WEB}#key-1"}, {"sub": "someone"},
         "invalid", "fail", "the JWT payload carries no credential", SHORT),
    Case("payload-duplicate-key", "ed", {"alg": "EdDSA", "kid": f"{WEB}#key-1"}, '{"vc": {}, "vc": {}}',
         "invalid", "fail", "key 'vc' appears twice", SHORT),
    Case("typ-presentation", "ed", {"alg": "EdDSA", "typ": "vp+jwt", "kid": f"{WEB}#key-1"}, cred(WEB),
         "invalid", "fail", "typ vp+jwt is not a credential's"),
    Case("ps256-unknown-alg", "rsa", {"alg": "PS256", "typ": VC, "kid": "rsa-1"}, cred(HTTPS),
         "cannot verify", "warning", "alg PS256 is not one this verifier knows", {"proofs": "unknown"}),
    Case("key-unreachable", "ed", {"alg": "EdDSA", "typ": VC, "kid": "did:web:gone.test#key-1"}, cred(WEB),
         "cannot verify", "unknown", "the signing key could not be fetched", {"proofs": "unknown"}),
    Case("jku-header-never-followed", "other", {"alg": "EdDSA", "typ": VC, "jku": "https://evil.test/jwks.json"},
         cred(WEB), "invalid", "fail", f"the signature does not verify with {WEB}#key-1"),
    Case("x5u-header-never-followed", "other", {"alg": "EdDSA", "typ": VC, "x5u": "https://evil.test/cert.pem"},
         cred(lambda k: k.did_key("ed")), "invalid", "fail", "the signature does not verify with did:key:"),
    Case("jwks-leaks-a-private-key", "p256", {"alg": "ES256", "typ": VC, "kid": "k"}, cred(LEAKY),
         "invalid", "fail", "is a private or symmetric key"),
]
