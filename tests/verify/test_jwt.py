"""VC-JWTs signed by an independent implementation (panva's jose under node) with RS256, ES256, ES384 and
EdDSA, keys found every way the header or issuer allows, and the hostile table: alg none, HS256 keyed with
the public key, key/alg confusion, another issuer's key, self-supplied keys, claims that disagree."""
from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass, field
from typing import Any

import pytest
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from jwt_support import HTTPS, LEAKY, NOW, OTHER, WEB, Keys, b64, b64json, credential, documents, jose, make_keys, \
    outcomes, verify_bytes

from registry.verify.jwt import credential_of
from registry.verify.jwt_keys import key_from_jwk

pytestmark = pytest.mark.node
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


FULL = {"container": "pass", "format": "pass", "schema": "pass", "status": "warning", "valid from": "pass",
        "valid until": "pass"}
SHORT = {"container": "pass"}  # the payload carries no credential: nothing after the proof step

CASES = [
    Case("eddsa-kid-did-web", "ed", {"alg": "EdDSA", "typ": VC, "kid": f"{WEB}#key-1"}, cred(WEB),
         "valid", "pass", f"signature verified with {WEB}#key-1"),
    Case("eddsa-did-key-iss", "ed", {"alg": "EdDSA", "typ": VC}, cred(lambda k: k.did_key("ed")),
         "valid", "pass", "did:key (the key is in the identifier)"),
    Case("eddsa-did-key-jwk", "ed", lambda k: {"alg": "EdDSA", "typ": VC, "jwk": k.public["ed"]},
         cred(lambda k: k.did_key("ed")), "valid", "pass", "jwk header, the key of did:key"),
    Case("es256-did-jwk-kid", "p256", lambda k: {"alg": "ES256", "typ": VC, "kid": k.did_jwk("p256") + "#0"},
         cred(lambda k: k.did_jwk("p256")), "valid", "pass", "did:jwk"),
    Case("es256-did-jwk-jwk", "p256", lambda k: {"alg": "ES256", "typ": "JWT", "jwk": k.public["p256"]},
         cred(lambda k: k.did_jwk("p256")), "valid", "pass", "jwk header, the key of did:jwk"),
    Case("es256-kid-url", "p256", {"alg": "ES256", "typ": VC, "kid": f"{HTTPS}/keys/p256.json"}, cred(HTTPS),
         "valid", "pass", f"JWK at {HTTPS}/keys/p256.json"),
    Case("rs256-jwks-kid", "rsa", {"alg": "RS256", "typ": VC, "kid": "rsa-1"}, cred(HTTPS),
         "valid", "pass", f"JWKS {HTTPS}/.well-known/jwks.json"),
    Case("es384-jwks-no-kid", "p384", {"alg": "ES384", "typ": VC}, cred(HTTPS),
         "valid", "pass", f"{HTTPS}/.well-known/jwks.json#p384-1"),
    Case("vc-claim-mapped", "ed", {"alg": "EdDSA", "typ": "JWT", "kid": f"{WEB}#key-1"},
         lambda k: {"iss": WEB, "nbf": 1773567000, "jti": "urn:uuid:1", "vc": {
             key: value for key, value in credential(WEB).items() if key not in ("id", "issuer", "validFrom")} | {
             "issuer": {"id": WEB, "type": ["Profile"], "name": "Issuer"}}},
         "valid", "pass", "signature verified"),
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
         "cannot verify", "unknown", "the signing key could not be fetched"),
    Case("jwks-leaks-a-private-key", "p256", {"alg": "ES256", "typ": VC, "kid": "k"}, cred(LEAKY),
         "invalid", "fail", "is a private or symmetric key"),
]


@pytest.fixture(scope="module")
def signed(node: str) -> tuple[Keys, dict[str, str]]:
    """Every case's token, signed by jose in one node run."""
    keys = make_keys(node)
    jobs = []
    for case in CASES:
        header = case.header(keys) if callable(case.header) else case.header
        payload = case.payload(keys) if callable(case.payload) else case.payload
        alg = header["alg"]
        jwk = dict(keys.private[case.key], alg=alg) if alg == "PS256" else keys.private[case.key]
        jobs.append({"name": case.name, "jwk": jwk, "header": header,
                     "payload": payload if isinstance(payload, str) else json.dumps(payload)})
    return keys, jose(node, {"sign": jobs})


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_jwt(case: Case, signed: tuple[Keys, dict[str, str]]) -> None:
    keys, tokens = signed
    result = verify_bytes(tokens[case.name].encode("ascii"), documents(keys))
    alg = (case.header(keys) if callable(case.header) else case.header)["alg"]
    step = next(s for s in result.steps if s.name == f"proof 1 (JWT {alg})")
    assert (result.verdict.value, step.outcome.value) == (case.verdict, case.proof), step.detail
    assert case.detail in step.detail
    expected = (SHORT if case.steps is SHORT else FULL | case.steps) | {step.name: case.proof}
    if case.name == "exp-disagrees-with-vc":
        expected["valid until"] = "pass"
    assert outcomes(result) == expected


def _forged(header: dict[str, Any], payload: dict[str, Any], signature: str) -> bytes:
    return f"{b64json(header)}.{b64json(payload)}.{signature}".encode("ascii")


def test_alg_none_is_refused(signed: tuple[Keys, dict[str, str]]) -> None:
    keys, _ = signed
    result = verify_bytes(_forged({"alg": "none", "typ": VC}, credential(keys.did_key("ed")), ""), documents(keys))
    assert result.verdict.value == "invalid"
    assert outcomes(result) == FULL | {"proof 1 (JWT none)": "fail"}
    assert result.steps[3].detail == "alg none: the token is unsigned, so it proves nothing"


def test_hs256_keyed_with_the_public_key_is_refused(signed: tuple[Keys, dict[str, str]]) -> None:
    """The classic confusion: a MAC whose secret is the issuer's published key, which anyone can compute."""
    keys, _ = signed
    public_pem = key_from_jwk(keys.public["rsa"], "rsa").public_bytes(Encoding.PEM, PublicFormat.SubjectPublicKeyInfo)
    head, body = b64json({"alg": "HS256", "typ": VC, "kid": "rsa-1"}), b64json(credential(HTTPS))
    mac = b64(hmac.new(public_pem, f"{head}.{body}".encode(), hashlib.sha256).digest())
    result = verify_bytes(f"{head}.{body}.{mac}".encode(), documents(keys))
    assert (result.verdict.value, outcomes(result)["proof 1 (JWT HS256)"]) == ("invalid", "fail")
    assert "shared-secret MAC" in result.steps[3].detail


def test_tampered_payload_fails(signed: tuple[Keys, dict[str, str]]) -> None:
    keys, tokens = signed
    head, _, sig = tokens["eddsa-kid-did-web"].split(".")
    other = b64json(credential(WEB, name="Something else entirely"))
    result = verify_bytes(f"{head}.{other}.{sig}".encode(), documents(keys))
    assert result.verdict.value == "invalid"
    assert "the signature does not verify" in result.steps[3].detail


@pytest.mark.parametrize("size, step, detail", [
    (5 * 1024 * 1024, "container", "input is larger than 4 MiB"),
    (3 * 1024 * 1024, "proof 1 (JWT)", "the token is longer than 2,097,152 characters"),
], ids=["five-mib", "three-mib"])
def test_huge_jwt_is_refused(size: int, step: str, detail: str, signed: tuple[Keys, dict[str, str]]) -> None:
    from registry.errors import InputError
    keys, tokens = signed
    head, body, sig = tokens["eddsa-kid-did-web"].split(".")
    raw = f"{head}.{body}{'A' * (size - len(head) - len(body) - len(sig))}.{sig}".encode()
    try:
        result = verify_bytes(raw, documents(keys))
    except InputError as exc:  # the container refuses it before any parsing
        assert (step, exc.message) == ("container", detail)
        return
    assert [(s.name, s.outcome.value, s.detail) for s in result.steps][1:] == [(step, "fail", detail)]


VC11 = ["https://www.w3.org/2018/credentials/v1", "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"]
MAPPING_CASES = [
    ("fills-in", {"iss": "did:example:i", "nbf": 1262304000, "exp": 1893456000, "jti": "urn:uuid:2", "sub": "did:example:s",
                  "vc": {"@context": VC11, "credentialSubject": {"type": "AchievementSubject"}}},
     {"@context": VC11, "issuer": "did:example:i", "issuanceDate": "2010-01-01T00:00:00Z",
      "expirationDate": "2030-01-01T00:00:00Z", "id": "urn:uuid:2",
      "credentialSubject": {"type": "AchievementSubject", "id": "did:example:s"}}, []),
    ("agrees", {"iss": "did:example:i", "nbf": 1262304000, "vc": {"@context": VC11, "issuer": {"id": "did:example:i"},
                                                                 "issuanceDate": "2010-01-01T00:00:00.000Z"}},
     {"@context": VC11, "issuer": {"id": "did:example:i"}, "issuanceDate": "2010-01-01T00:00:00.000Z"}, []),
    ("disagrees", {"iss": "did:example:x", "jti": "urn:a", "sub": "did:example:s",
                   "vc": {"@context": VC11, "issuer": "did:example:i", "id": "urn:b", "credentialSubject": {"id": "did:example:t"}}},
     {"@context": VC11, "issuer": "did:example:i", "id": "urn:b", "credentialSubject": {"id": "did:example:t"}},
     ["iss", "jti", "sub"]),
]


@pytest.mark.parametrize("payload, credential_out, disagree", [c[1:] for c in MAPPING_CASES],
                         ids=[c[0] for c in MAPPING_CASES])
def test_vc11_jwt_claims_map_to_the_credential(payload: dict[str, Any], credential_out: dict[str, Any],
                                               disagree: list[str]) -> None:
    got, problems = credential_of(payload)
    assert got == credential_out
    assert [p.split()[3] for p in problems] == disagree
