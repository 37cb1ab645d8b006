"""The browser core applies each issuer's key history (verify-did.js keyHistoryObjection) as `credreg verify`
does (tests/verify/test_key_history.py): the example registry's retired Sprintwise key signing after its
retirement fails, before it passes; a linked history that cannot be used leaves the proof unchecked."""
from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from typing import Any

import pytest
from test_verify_core_node import (  # noqa: F401
    JCS_PROOF,
    REPO,
    SITE_URL,
    SPRINTWISE,
    STATUS,
    Documents,
    node,
    registry,
    run,
    site_documents,
)

from registry.crypto.dataintegrity import create_proof, without_proof
from registry.keys.store import from_seed
from registry.model import Registry

OLD_AWARD = REPO / "credentials/sprintwise/sprint-ready-frontend/awards/2d739a60eb856959.json"  # signed by key-2024
DID_URL = f"{SITE_URL}issuers/sprintwise/did.json"
HISTORY_URL = f"{SITE_URL}issuers/sprintwise/keys.json"
NOW = "2026-11-28T00:00:00Z"


def resigned(when: str) -> dict[str, Any]:
    """An old Sprintwise award dated and signed at `when` with the retired demo key-2024 (public seed)."""
    doc = without_proof(json.loads(OLD_AWARD.read_text()))
    doc.update(validFrom=when, awardedDate=when)
    doc.pop("validUntil")
    key = from_seed("sprintwise", "key-2024", hashlib.sha256(b"credreg-demo:sprintwise:key-2024").digest(), b"")
    return {**doc, "proof": [create_proof(doc, key.private, f"{SPRINTWISE}#key-2024", suite, when)
                             for suite in ("eddsa-rdfc-2022", "eddsa-jcs-2022")]}


def history_change(edit: Callable[[dict[str, Any]], Any]) -> Callable[[Documents], None]:
    def change(documents: Documents) -> None:
        history = copy.deepcopy(documents[HISTORY_URL]["json"])
        documents[HISTORY_URL] = {"json": edit(history) or history}
    return change


def did_change(edit: Callable[[dict[str, Any]], None]) -> Callable[[Documents], None]:
    def change(documents: Documents) -> None:
        did = copy.deepcopy(documents[DID_URL]["json"])
        edit(did)
        documents[DID_URL] = {"json": did}
    return change


def link_to(url: str) -> Callable[[dict[str, Any]], None]:
    def edit(did: dict[str, Any]) -> None:
        did["service"][0]["serviceEndpoint"] = url
    return edit


def drop_key_2024(did: dict[str, Any]) -> None:
    vm = f"{SPRINTWISE}#key-2024"
    did["verificationMethod"] = [m for m in did["verificationMethod"] if m["id"] != vm]
    did["assertionMethod"] = [m for m in did["assertionMethod"] if m != vm]


UNUSABLE = f"the key history of {SPRINTWISE} cannot be used, so the proof cannot be placed in it: "
# (name, signing time, change to the site, verdict, failing steps, part of the first failing detail)
# Both proofs (eddsa-rdfc-2022 and eddsa-jcs-2022) are checked in the browser, so both meet the key history.
RDFC_PROOF = "proof 1 (eddsa-rdfc-2022)"
CASES: list[tuple[str, str, Callable[[Documents], None] | None, str, tuple[str, ...], str]] = [
    ("retired-key-after-retirement", "2026-05-01T09:00:00Z", None, "INVALID", (RDFC_PROOF, JCS_PROOF),
     "signed 2026-05-01 by key-2024, which was retired on 2025-06-30"),
    ("retired-key-before-retirement", "2025-05-01T09:00:00Z", None, "VALID", (), ""),
    ("compromised-key-gone-from-did-document", "2025-05-01T09:00:00Z", did_change(drop_key_2024), "INVALID",
     (RDFC_PROOF, JCS_PROOF), f"key not resolved: {SPRINTWISE}#key-2024 is not in its DID document"),
    ("history-unreachable", "2025-05-01T09:00:00Z", lambda d: d.update({HISTORY_URL: {"status": 404}}),
     "CANNOT VERIFY", (RDFC_PROOF, JCS_PROOF, "proofs", STATUS), UNUSABLE + f"could not fetch {HISTORY_URL}: HTTP 404"),
    ("history-of-another-did", "2025-05-01T09:00:00Z",
     history_change(lambda h: h.update(issuer="did:web:demo.credreg.example:issuers:northlight-design-school")),
     "CANNOT VERIFY", (RDFC_PROOF, JCS_PROOF, "proofs", STATUS), "it is the history of \"did:web:demo.credreg.example:issuers:northlight"),
    ("history-with-garbled-dates", "2025-05-01T09:00:00Z",
     history_change(lambda h: h["keys"][0].update(validUntil="2025-13-45")), "CANNOT VERIFY",
     (RDFC_PROOF, JCS_PROOF, "proofs"),
     "the validUntil of key-2024, \"2025-13-45\", is not a date-time with a zone"),
    ("history-ending-before-it-starts", "2025-05-01T09:00:00Z",
     history_change(lambda h: h["keys"][0].update(validUntil="2023-01-01T00:00:00Z")), "CANNOT VERIFY",
     (RDFC_PROOF, JCS_PROOF, "proofs"),
     "the validUntil of key-2024 (2023-01-01T00:00:00Z) is before its validFrom"),
    ("history-on-another-host", "2025-05-01T09:00:00Z", did_change(link_to("https://attacker.example/keys.json")),
     "CANNOT VERIFY", (RDFC_PROOF, JCS_PROOF, "proofs", STATUS), "which is not on the DID document's host demo.credreg.example"),
    ("huge-history", "2025-05-01T09:00:00Z",
     history_change(lambda h: h.update(keys=h["keys"] * 501)), "CANNOT VERIFY", (RDFC_PROOF, JCS_PROOF, "proofs", STATUS),
     "its keys are not a list of at most 1000 entries"),
]


@pytest.fixture(scope="module")
def results(node: str, registry: Registry, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:  # noqa: F811
    cases = []
    for name, when, change, *_ in CASES:
        documents = site_documents(registry)
        if change:
            change(documents)
        cases.append({"name": name, "credential": {"json": resigned(when)}, "documents": documents, "now": NOW,
                      "siteUrl": SITE_URL})
    return {r["name"]: r for r in run(node, cases, tmp_path_factory.mktemp("history-cases"))}


@pytest.mark.parametrize("when, change, verdict, failing, why", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_key_history_in_the_browser_core(results: dict[str, Any], request: pytest.FixtureRequest, when: str,
                                         change: Any, verdict: str, failing: tuple[str, ...], why: str) -> None:
    result = results[request.node.callspec.id]
    bad = [s for s in result["steps"] if s["outcome"] in ("FAIL", "UNKNOWN")]
    assert (result["verdict"], tuple(s["name"] for s in bad)) == (verdict, failing), result["steps"]
    if why:
        assert why in bad[0]["detail"], bad[0]
