"""The browser core counts an RSA key's size from its modulus' significant bits, as Python's cryptography does:
a 1024-bit modulus padded with leading zero bytes to 256 bytes is not taken for a 2048-bit key (JWT RS256 and
JsonWebKey2020 verification methods)."""
from __future__ import annotations

import base64
import json
import subprocess

import pytest
from support import REPO

KEYS = REPO / "registry" / "publish" / "assets" / "verify-keys.js"


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


CASES = [
    ("2048-bit", b"\xc1" + b"\x01" * 255, None),
    ("1024-bit-padded-to-256-bytes", b"\x00" * 128 + b"\xc1" + b"\x01" * 127, "verification method did:web:x.example#k has a malformed key: the RSA key has 1024 bits; "
     "2048 to 8192 are accepted"),
    ("2047-bit", b"\x41" + b"\x01" * 255, "verification method did:web:x.example#k has a malformed key: the RSA key has 2047 bits; "
     "2048 to 8192 are accepted"),
]


@pytest.mark.parametrize("modulus, refusal", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_rsa_key_size(node: str, modulus: bytes, refusal: str | None) -> None:
    method = {"id": "did:web:x.example#k", "type": "JsonWebKey2020", "controller": "did:web:x.example",
              "publicKeyJwk": {"kty": "RSA", "n": b64url(modulus), "e": "AQAB"}}
    script = (f"import({json.dumps(KEYS.as_uri())}).then(m => {{ try {{ m.methodKey({json.dumps(method)}, "
              f"'did:web:x.example#k'); console.log('accepted'); }} catch (e) {{ console.log(e.message); }} }});")
    out = subprocess.run([node, "-e", script], capture_output=True, text=True, timeout=60, check=True).stdout.strip()
    if refusal is None:
        assert out == "accepted"
    else:
        assert out == refusal
