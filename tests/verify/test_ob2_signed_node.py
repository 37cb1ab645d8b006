"""Signed Open Badges 2.0 assertions made now by node's crypto (an independent JWS implementation), verified here.

tests/vectors/ob2/sign.mjs makes a fresh RSA key per run and signs every payload below; only its public
half reaches the verifier, as the issuer's CryptographicKey.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from datetime import datetime, timezone
from typing import Any

import pytest
from support import VECTORS
from test_ob2_hosted import ISSUER, OK, REVOCATIONS, load, outcomes, run, world

pytestmark = pytest.mark.node
KEY, GONE = "https://badges.example.org/keys/1.json", "https://badges.example.org/keys/0.json"
PAYLOAD = load("payload.json")
NO_CREATOR = {"type": "SignedBadge"}

PAYLOADS: dict[str, dict[str, Any]] = {
    "with-creator": PAYLOAD,
    "without-creator": {**PAYLOAD, "verification": NO_CREATOR},
    "expired": {**PAYLOAD, "expires": "2026-03-01T00:00:00Z"},
    "issued-later": {**PAYLOAD, "issuedOn": "2026-12-24T00:00:00Z"},
    "revoked": {**PAYLOAD, "id": "https://badges.example.org/assertions/98.json"},
    "plain-recipient": {**PAYLOAD, "recipient": {"type": "email", "hashed": False, "identity": "sam@example.org"}},
}

# (name of the signed payload, verdict, step outcomes different from OK, recipient)
CASES = [
    ("with-creator", "valid", {}, None),
    ("without-creator", "valid", {}, None),  # the issuer's first key cannot be fetched, its second verifies
    ("expired", "expired", {"valid until": "fail"}, None),
    ("issued-later", "not yet valid", {"valid from": "fail"}, None),
    ("revoked", "revoked", {"status (revocation)": "fail"}, None),  # listed as a plain string id
    ("plain-recipient", "valid", {"recipient": "pass"}, "Sam@example.org"),
]


@pytest.fixture(scope="module")
def signed() -> dict[str, Any]:
    node = shutil.which("node")
    if node is None:
        pytest.skip("!!! OB 2.0 SIGNED INTEROP NOT TESTED: `node` not found on PATH. Install Node.js to run it. !!!")
    proc = subprocess.run([node, str(VECTORS / "ob2" / "sign.mjs")], input=json.dumps({"payloads": PAYLOADS}),
                          capture_output=True, text=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


@pytest.mark.parametrize("name,verdict,changed,recipient", CASES, ids=[c[0] for c in CASES])
def test_node_signed(signed: dict[str, Any], name: str, verdict: str, changed: dict[str, str],
                     recipient: str | None) -> None:
    docs = world()
    docs[KEY] = {**load("key.json"), "publicKeyPem": signed["publicKeyPem"]}
    docs[ISSUER]["publicKey"] = [GONE, KEY]
    result = run(docs, signed["jws"][name], recipient)
    assert (result.verdict.value, outcomes(result)) == (verdict, {**OK, **changed}), [s.to_dict() for s in result.steps]
    assert REVOCATIONS in docs


def test_node_signature_does_not_verify_with_another_node_key(signed: dict[str, Any]) -> None:
    """The committed vector's key.json is another key: node's fresh signature must fail with it."""
    docs = world()
    docs[KEY] = load("key.json")
    result = run(docs, signed["jws"]["with-creator"], now=datetime(2026, 6, 1, tzinfo=timezone.utc))
    assert (result.verdict.value, outcomes(result)["verification"]) == ("invalid", "fail")
