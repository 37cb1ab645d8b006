"""Regenerate the VC-JWT and baked-container cases of tests/cases/jwt/ and tests/cases/containers/.

    PYTHONPATH=. python3 tests/cases/jwt/make_cases.py

The tokens are signed by panva's jose under node (tests/interop/jose-sign.mjs) with the reference-signed
test key (tests/vectors/reference-signed/key.json, whose secret is a published test secret); Ed25519
signatures are deterministic, so the files come out byte for byte the same. The baked PNG and SVG are
written with zlib/struct and string templates (tests/container_tables.py), not by credreg.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import json
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
TESTS = HERE.parents[1]
sys.path.insert(0, str(TESTS))

from container_tables import LAUGHS, chunk, itxt, png, svg  # noqa: E402
from jwt_support import b64, b64json, jose  # noqa: E402

from registry.crypto.multikey import decode_public_key, decode_secret_key  # noqa: E402

KEY = json.loads((TESTS / "vectors/reference-signed/key.json").read_text())
ISSUER = KEY["controller"]
VM = KEY["id"]
NOW = "2026-11-28T00:00:00Z"
SITE = "https://registry.test/"
DID_DOC = {"file": "../../vectors/reference-signed/site/issuers/refiss/did.json"}
DOCS = {"https://registry.test/issuers/refiss/did.json": DID_DOC}
VALID_STEPS = {"format": "pass", "proof 1 (JWT EdDSA)": "pass", "valid from": "pass", "valid until": "pass"}


def credential() -> dict:
    """The reference credential `active`, without its embedded proof and status entry: the JWT secures it."""
    document = json.loads((TESTS / "vectors/reference-signed/valid/active.json").read_text())
    document.pop("proof")
    document.pop("credentialStatus")
    return document


def private_jwk() -> dict:
    seed = decode_secret_key(KEY["secretKeyMultibase"])
    public = decode_public_key(KEY["publicKeyMultibase"])
    return {"kty": "OKP", "crv": "Ed25519", "d": b64(seed), "x": b64(public)}


def main() -> None:
    jwk = private_jwk()
    vc_claim = {"iss": ISSUER, "nbf": 1773567000, "jti": credential()["id"],
                "vc": {k: v for k, v in credential().items() if k not in ("id", "validFrom")}}
    signed = jose(shutil.which("node") or "node", {"sign": [
        {"name": "kid", "jwk": jwk, "header": {"alg": "EdDSA", "typ": "vc+ld+jwt", "kid": VM},
         "payload": json.dumps(credential())},
        {"name": "vc-claim", "jwk": jwk, "header": {"alg": "EdDSA", "typ": "JWT", "kid": VM},
         "payload": json.dumps(vc_claim)},
        {"name": "jwk", "jwk": jwk, "header": {"alg": "EdDSA", "typ": "vc+ld+jwt",
                                                "jwk": {k: v for k, v in jwk.items() if k != "d"}},
         "payload": json.dumps(credential())},
        {"name": "nbf", "jwk": jwk, "header": {"alg": "EdDSA", "typ": "vc+ld+jwt", "kid": VM},
         "payload": json.dumps(credential() | {"nbf": 1700000000})},
    ]})
    none_token = f"{b64json({'alg': 'none', 'typ': 'vc+ld+jwt'})}.{b64json(credential())}."
    head, body = b64json({"alg": "HS256", "typ": "vc+ld+jwt", "kid": VM}), b64json(credential())
    mac = b64(hmac.new(decode_public_key(KEY["publicKeyMultibase"]), f"{head}.{body}".encode(), hashlib.sha256).digest())
    invalid = "invalid"

    def case(folder: str, name: str, about: str, source: dict, verdict: str, steps: dict, browser: dict | None = None) -> None:
        item = {"name": name, "about": about, "credential": source, "documents": DOCS, "now": NOW,
                "siteUrl": SITE, "expect": {"verdict": verdict, "steps": steps}}
        if browser:
            item["browser"] = browser
        (HERE.parent / folder / f"{name}.json").write_text(json.dumps(item, indent=2) + "\n")

    case("jwt", "eddsa-kid-registry-issuer", "a VC-JOSE-COSE credential of this registry's issuer, kid a did:web URL",
         {"text": signed["kid"]}, "valid", {"container": "pass"} | VALID_STEPS)
    case("jwt", "vc-claim-mapped", "a VC 1.1-style JWT: the credential in vc, iss/nbf/jti standing for its fields",
         {"text": signed["vc-claim"]}, "valid", {"container": "pass"} | VALID_STEPS)
    case("jwt", "alg-none", "an unsigned token (alg none) proves nothing", {"text": none_token}, invalid,
         {"container": "pass", "proof 1 (JWT none)": "fail"})
    case("jwt", "hs256-public-key-as-secret", "HS256 keyed with the issuer's public key: anyone could make it",
         {"text": f"{head}.{body}.{mac}"}, invalid, {"container": "pass", "proof 1 (JWT HS256)": "fail"})
    case("jwt", "jwk-header-for-did-web", "a did:web issuer's token carrying its own jwk: a self-supplied key proves "
         "nothing, even the right one", {"text": signed["jwk"]}, invalid, {"proof 1 (JWT EdDSA)": "fail"})
    case("jwt", "nbf-disagrees", "the JWT's nbf disagrees with the credential's validFrom", {"text": signed["nbf"]},
         invalid, {"proof 1 (JWT EdDSA)": "fail"})
    baked = png(itxt("openbadgecredential", signed["kid"]))
    case("containers", "png-itxt-jwt", "a baked PNG whose iTXt openbadgecredential chunk is a VC-JWT",
         {"base64": base64.b64encode(baked).decode()}, "valid", {"container": "pass"} | VALID_STEPS)
    case("containers", "svg-verify-jwt", "a baked SVG whose <openbadges:credential verify> is a VC-JWT",
         {"text": svg(f'<openbadges:credential verify="{signed["kid"]}"></openbadges:credential>').decode()},
         "valid", {"container": "pass"} | VALID_STEPS)
    case("containers", "png-bad-crc", "a baked PNG altered after baking: its chunk CRC no longer matches",
         {"base64": base64.b64encode(png(chunk(b"iTXt", b"openbadgecredential\0\0\0\0\0" + signed["kid"].encode(),
                                                crc=1))).decode()}, invalid, {"container": "fail"})
    case("containers", "png-two-credentials", "two credential chunks in one PNG: which one is meant cannot be told",
         {"base64": base64.b64encode(png(itxt("openbadgecredential", signed["kid"]),
                                         itxt("openbadgecredential", signed["nbf"]))).decode()},
         invalid, {"container": "fail"})
    case("containers", "svg-billion-laughs", "an SVG with a DTD of nested entities (an XML bomb) is refused unread",
         {"text": svg("", LAUGHS).decode()}, invalid, {"container": "fail"})


if __name__ == "__main__":
    main()
