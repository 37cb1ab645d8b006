"""The browser core binds its own registry's `did:web:<host>:issuers:<slug>` DIDs without the index only when the
index itself cannot be read (as identity.KnownIssuers.served_by_site does): a trust list that cannot be used is
no reason to bind a DID the readable index leaves out (it would have made such an issuer PASS).

Needs node >= 20.
"""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

HERE = Path(__file__).resolve().parent
VECTORS = HERE.parent / "vectors" / "example-site"
AWARD = VECTORS / "credentials" / "07b084089a4b7ad1.json"  # a Sprintwise award
SPRINTWISE = "did:web:demo.credreg.example:issuers:sprintwise"

pytestmark = pytest.mark.node


def _index_without_sprintwise() -> dict[str, Any]:
    index = json.loads((VECTORS / "api" / "issuers.json").read_text())
    index["issuers"] = [i for i in index["issuers"] if i.get("did") != SPRINTWISE]
    return index


def _documents(index: Any) -> dict[str, Any]:
    docs: dict[str, Any] = {"https://demo.credreg.example/api/issuers.json": index}
    for rel in ("issuers/sprintwise/did.json", "issuers/sprintwise/keys.json", "status/sprintwise/1.json"):
        docs[f"https://demo.credreg.example/{rel}"] = {"file": str(VECTORS / rel)}
    return docs


CASES = {  # name → (issuer index answer, trust lists, expected issuer outcome)
    "index-leaves-out-issuer-and-a-bad-trust-list": ({"json": _index_without_sprintwise()}, [{"json": {"nope": 1}}],
                                                      "WARN"),
    "index-leaves-out-issuer": ({"json": _index_without_sprintwise()}, [], "WARN"),
    "index-unreadable": ({"status": 404}, [], "PASS"),
}


@pytest.mark.parametrize("name", CASES)
def test_site_fallback_only_when_the_index_is_unreadable(name: str) -> None:
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    index, trust, outcome = CASES[name]
    case = {"name": name, "credential": {"file": str(AWARD)}, "documents": _documents(index), "trust": trust,
            "now": "2026-11-28T00:00:00Z", "siteUrl": "https://demo.credreg.example/"}
    run = subprocess.run([node, str(HERE / "verify-cases.mjs"), "-"], input=json.dumps([case]), capture_output=True,
                         text=True, timeout=120, check=True)
    steps = {s["name"]: s["outcome"] for s in json.loads(run.stdout)[0]["steps"]}
    assert steps["issuer"] == outcome, steps
