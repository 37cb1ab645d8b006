"""Status lists made by Digital Bazaar's libraries (tests/interop/status-lists.mjs): @digitalbazaar/vc-status-list
for StatusList2021, @digitalbazaar/vc-bitstring-status-list for Bitstring Status List v1.0. Their encodedList is
read by credreg's decoder, and the whole list, signed here, settles a credential's status exactly as DB set it.
A Bitstring list issued and signed by @digitalbazaar/vc itself (eddsa-rdfc-2022) is believed as it stands."""
from __future__ import annotations

import copy
import json
import subprocess
from typing import Any

import pytest
from support import INTEROP, NODE_TIMEOUT, context_documents
from test_status_lists import BASE, DID, entry, sign, status_steps

from registry.ob3.statuslist import decode, encode, set_indexes

SET = [0, 7, 8, 4242, 131_071]
JOBS = [{"kind": kind, "id": f"{BASE}db-{kind}-{purpose}", "purpose": purpose, "length": 131_072, "set": SET}
        for kind in ("2021", "bitstring") for purpose in ("revocation", "suspension")]
SEED = bytes(range(32)).hex()  # TEST_KEY's seed: DB signs as the same did:key the credentials use
SIGNED_JOB = {"kind": "bitstring", "id": f"{BASE}db-signed", "purpose": "revocation", "length": 131_072, "set": SET,
              "seed": SEED, "validFrom": "2026-01-01T00:00:00Z"}


@pytest.fixture(scope="module")
def db_lists(node: str) -> list[dict[str, Any]]:
    job = {"contexts": context_documents(), "jobs": [*JOBS, SIGNED_JOB]}
    proc = subprocess.run([node, str(INTEROP / "status-lists.mjs")], input=json.dumps(job), cwd=INTEROP,
                          capture_output=True, text=True, check=False, timeout=NODE_TIMEOUT)
    assert proc.returncode == 0, proc.stderr
    lists: list[dict[str, Any]] = json.loads(proc.stdout)
    return lists


@pytest.mark.parametrize("number", range(len(JOBS)), ids=[f"{j['kind']}-{j['purpose']}" for j in JOBS])
def test_db_encoding_decodes_to_the_same_bits(db_lists: list[dict[str, Any]], number: int) -> None:
    subject = db_lists[number]["credentialSubject"]
    bits = decode(subject["encodedList"], multibase=JOBS[number]["kind"] == "bitstring")
    assert (len(bits) * 8, set_indexes(bits)) == (131_072, SET)


@pytest.mark.parametrize("number", range(len(JOBS)), ids=[f"{j['kind']}-{j['purpose']}" for j in JOBS])
@pytest.mark.parametrize("index, flagged", [(7, True), (6, False), (131_071, True), (131_070, False)])
def test_db_list_settles_the_status(db_lists: list[dict[str, Any]], number: int, index: int, flagged: bool) -> None:
    job = JOBS[number]
    name = str(job["id"]).removeprefix(BASE)
    status_list = sign({**db_lists[number], "issuer": DID, "issuanceDate": "2026-01-01T00:00:00Z"})
    kind = "bitstring" if job["kind"] == "bitstring" else "2021"
    steps = status_steps(entry(name, index, str(job["purpose"]), kind), {name: status_list})
    verdict = {"revocation": "revoked", "suspension": "suspended"}[str(job["purpose"])]
    assert [(s.name, s.outcome.value) for s in steps] == [(f"status ({job['purpose']})", "fail" if flagged else "pass")], \
        [s.detail for s in steps]
    assert (steps[0].verdict.value if steps[0].verdict else None) == (verdict if flagged else None)


@pytest.mark.parametrize("index, outcome", [(7, "fail"), (6, "pass"), (4242, "fail")])
def test_list_signed_by_digital_bazaar(db_lists: list[dict[str, Any]], index: int, outcome: str) -> None:
    signed = db_lists[len(JOBS)]
    assert signed["issuer"] == DID and signed["proof"]["cryptosuite"] == "eddsa-rdfc-2022"
    steps = status_steps(entry("db-signed", index), {"db-signed": signed})
    assert [(s.name, s.outcome.value) for s in steps] == [("status (revocation)", outcome)], [s.detail for s in steps]


def test_list_signed_by_digital_bazaar_then_changed_is_not_believed(db_lists: list[dict[str, Any]]) -> None:
    changed = copy.deepcopy(db_lists[len(JOBS)])
    changed["credentialSubject"]["encodedList"] = encode([])  # every revocation cleared after signing
    steps = status_steps(entry("db-signed", 7), {"db-signed": changed})
    assert [(s.name, s.outcome.value) for s in steps] == [("status (revocation)", "unknown")]
    assert "signature does not verify" in steps[0].detail
