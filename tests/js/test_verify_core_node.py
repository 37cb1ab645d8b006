"""The browser verifier's core (registry/publish/assets/verify-core.js) under node, on the example registry.

`verify-cases.mjs` runs the core offline on a list of cases (a credential, what each URL answers, the
clock) and prints each verdict and its steps. Each named case below asserts the verdict and the exact
names of the failing steps (FAIL or UNKNOWN), in order: real awards of the example registry (valid,
revoked, expired, both), one read through its URL, a tampered one, one whose signing key is no longer
in the issuer's DID document and one whose DID document cannot be fetched. Then every award of the
example registry must get the status the site build gives it.

The runner's input is plain JSON (`runner_input`), so the same cases can be handed to the Python
verifier: its Fetcher answers from the same `documents` map.

Needs node >= 20 (WebCrypto Ed25519, fetch and DecompressionStream as globals); no npm package.
"""
from __future__ import annotations

import copy
import json
import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from node_support import node_binary

from registry.check import check_registry
from registry.did import did_document, key_history
from registry.model import Registry
from registry.publish.hosted import api_indexes
from registry.urls import SiteUrls

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
RUNNER = HERE / "verify-cases.mjs"
SITE_URL = "https://demo.credreg.example/"  # mkdocs.yml's site_url: every credential id and DID holds it
NOW = "2026-11-28T00:00:00Z"
NODE_TIMEOUT = 120

SPRINTWISE = "did:web:demo.credreg.example:issuers:sprintwise"
VALID = "07b084089a4b7ad1"          # sprintwise/vetted-frontend-developer, until 2028-01-18, signed with key-2025
REVOKED = "189e78ce0f5c5914"        # sprintwise/web-performance, revoked 2026-02-16, until 2027-09-24
EXPIRED = "2d739a60eb856959"        # sprintwise/sprint-ready-frontend, until 2026-03-04, signed with key-2024
REVOKED_EXPIRED = "cf34a557de9b2b79"  # sprintwise/sprint-ready-frontend, revoked 2024-09-02, until 2026-03-07
JCS_PROOF = "proof 2 (eddsa-jcs-2022)"  # the example awards carry [eddsa-rdfc-2022, eddsa-jcs-2022] proofs
RDFC_PROOF = "proof 1 (eddsa-rdfc-2022)"
STATUS = "status (revocation)"

Documents = dict[str, dict[str, Any]]  # URL → runner SOURCE ({"file": path}, {"json": doc} or {"status": n})


# --- the example registry as the runner's documents ----------------------------------------------

@pytest.fixture(scope="module")
def registry() -> Registry:
    registry = check_registry(REPO).registry
    assert registry is not None, "the example registry does not check"
    return registry


def credential_url(award_id: str) -> str:
    return f"{SITE_URL}credentials/{award_id}.json"


def site_documents(registry: Registry) -> Documents:
    """What the published site answers: DID documents, key histories, its issuer index, status lists and every award, by URL."""
    urls = SiteUrls.parse(SITE_URL)
    documents: Documents = {f"{SITE_URL}issuers/{issuer.id}/did.json": {"json": did_document(issuer, urls)}
                            for issuer in registry.issuers.values()}
    documents.update({urls.key_history(issuer.id): {"json": key_history(issuer, urls)}
                      for issuer in registry.issuers.values()})
    documents[f"{SITE_URL}api/issuers.json"] = {"json": api_indexes(registry, urls)["issuers"]}  # the issuer step's
    for status_list in registry.status_lists:
        documents[status_list.url] = {"file": str(REPO / status_list.source)}
    for award in registry.awards.values():
        documents[credential_url(award.id)] = {"file": str(REPO / award.source)}
    return documents


def award_file(registry: Registry, award_id: str) -> dict[str, str]:
    return {"file": str(REPO / registry.awards[award_id].source)}


def tampered(registry: Registry, award_id: str) -> dict[str, Any]:
    document = json.loads((REPO / registry.awards[award_id].source).read_bytes())
    document["credentialSubject"]["achievement"]["name"] = "Senior Front-end Architect"
    return {"json": document}


def without_key(key: str) -> Callable[[Documents], None]:
    """The issuer dropped `key` from its DID document (as when it is compromised)."""
    def change(documents: Documents) -> None:
        url = f"{SITE_URL}issuers/sprintwise/did.json"
        did = copy.deepcopy(documents[url]["json"])
        did["verificationMethod"] = [m for m in did["verificationMethod"] if m["id"] != f"{SPRINTWISE}#{key}"]
        did["assertionMethod"] = [m for m in did["assertionMethod"] if m != f"{SPRINTWISE}#{key}"]
        documents[url] = {"json": did}
    return change


def unreachable(url: str) -> Callable[[Documents], None]:
    def change(documents: Documents) -> None:
        documents[url] = {"status": 404}
    return change


# --- the case table ------------------------------------------------------------------------------

@dataclass(frozen=True)
class Case:
    name: str
    credential: Callable[[Registry], dict[str, Any]]   # the runner's credential SOURCE
    verdict: str
    failing: tuple[str, ...]                            # names of the FAIL/UNKNOWN steps, in order
    why: str = ""                                       # part of the first failing step's detail
    now: str = NOW
    change: Callable[[Documents], None] | None = field(default=None)  # to the site's documents


CASES = [
    Case("valid", lambda r: award_file(r, VALID), "VALID", ()),
    Case("valid-by-url", lambda r: {"url": credential_url(VALID)}, "VALID", ()),
    Case("revoked", lambda r: award_file(r, REVOKED), "REVOKED", (STATUS,),
         f"entry 94784 of {SITE_URL}status/sprintwise/1.json is set: the credential is revoked"),
    Case("expired", lambda r: award_file(r, EXPIRED), "EXPIRED", ("valid until",),
         "expired at 2026-03-04T09:00:00Z (this computer's clock says 2026-11-28T00:00:00Z)"),
    Case("revoked-and-expired", lambda r: award_file(r, REVOKED_EXPIRED), "REVOKED", (STATUS, "valid until")),
    Case("not-yet-valid", lambda r: award_file(r, VALID), "NOT YET VALID", ("valid from",),
         "not valid until 2026-01-18T11:00:00Z", now="2026-01-01T00:00:00Z"),
    Case("tampered", lambda r: tampered(r, VALID), "INVALID", (RDFC_PROOF, JCS_PROOF), "signature does not verify"),
    Case("key-not-in-did-document", lambda r: award_file(r, VALID), "INVALID", (RDFC_PROOF, JCS_PROOF, STATUS),
         f"key not resolved: {SPRINTWISE}#key-2025 is not in its DID document", change=without_key("key-2025")),
    Case("did-document-unreachable", lambda r: award_file(r, VALID), "CANNOT VERIFY", (RDFC_PROOF, JCS_PROOF, "proofs", STATUS),
         f"key not resolved: could not fetch {SITE_URL}issuers/sprintwise/did.json: HTTP 404",
         change=unreachable(f"{SITE_URL}issuers/sprintwise/did.json")),
    Case("status-list-unreachable", lambda r: award_file(r, VALID), "STATUS UNKNOWN", (STATUS,),
         f"status list unavailable: could not fetch {SITE_URL}status/sprintwise/1.json: HTTP 404",
         change=unreachable(f"{SITE_URL}status/sprintwise/1.json")),
    Case("credential-url-not-found", lambda r: {"url": credential_url("0000000000000000")}, "CANNOT VERIFY",
         ("load",), f"could not fetch {credential_url('0000000000000000')}: HTTP 404"),
]


def runner_input(case: Case, registry: Registry) -> dict[str, Any]:
    """One case in verify-cases.mjs's input format (plain JSON: the Python verifier can read it too)."""
    documents = site_documents(registry)
    if case.change:
        case.change(documents)
    return {"name": case.name, "credential": case.credential(registry), "documents": documents,
            "now": case.now, "siteUrl": SITE_URL}


# --- running node --------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def node() -> str:
    return node_binary(20, "BROWSER VERIFIER CORE NOT TESTED: the JavaScript checks of the /verify/ page were SKIPPED",
                       "the core (WebCrypto Ed25519, fetch and DecompressionStream as globals)")


def run(node: str, cases: list[dict[str, Any]], work: Path) -> list[dict[str, Any]]:
    path = work / "cases.json"
    path.write_text(json.dumps(cases), encoding="utf-8")
    proc = subprocess.run([node, str(RUNNER), str(path)], capture_output=True, text=True, check=False,
                          timeout=NODE_TIMEOUT)
    assert proc.returncode == 0, f"verify-cases.mjs failed (exit {proc.returncode}):\n{proc.stderr}"
    results: list[dict[str, Any]] = json.loads(proc.stdout)
    assert [r["name"] for r in results] == [c["name"] for c in cases]
    return results


def failing(result: dict[str, Any]) -> list[dict[str, Any]]:
    return [s for s in result["steps"] if s["outcome"] in ("FAIL", "UNKNOWN")]


@pytest.fixture(scope="module")
def results(node: str, registry: Registry, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """Every case of the table, run in one node process."""
    out = run(node, [runner_input(case, registry) for case in CASES], tmp_path_factory.mktemp("js-cases"))
    return {r["name"]: r for r in out}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case(results: dict[str, dict[str, Any]], case: Case) -> None:
    result = results[case.name]
    bad = failing(result)
    assert (result["verdict"], tuple(s["name"] for s in bad)) == (case.verdict, case.failing), result["steps"]
    if case.why:
        assert case.why in bad[0]["detail"], bad[0]
    if not bad:  # a clean pass went through every check the browser can make
        assert [(s["name"], s["outcome"]) for s in result["steps"]] == [
            ("format", "PASS"), ("schema", "WARN"), ("issuer", "PASS"), (RDFC_PROOF, "PASS"),
            (JCS_PROOF, "PASS"), (STATUS, "PASS"), ("valid from", "PASS"), ("valid until", "PASS"),
            ("endorsement 1", "PASS")]  # VALID embeds the Open Skills Accreditation Council's accreditation


def test_registry_urls_are_answered_from_the_map(results: dict[str, dict[str, Any]]) -> None:
    assert results["valid-by-url"]["fetched"] == [
        credential_url(VALID), f"{SITE_URL}api/issuers.json", f"{SITE_URL}issuers/sprintwise/did.json",
        f"{SITE_URL}issuers/sprintwise/keys.json",
        f"{SITE_URL}status/sprintwise/1.json",  # then the embedded endorsement's issuer's documents
        *(f"{SITE_URL}{path}" for path in ("issuers/open-skills-accreditation-council/did.json",
                                           "issuers/open-skills-accreditation-council/keys.json",
                                           "status/open-skills-accreditation-council/1.json"))]


def test_every_example_award_gets_its_build_status(node: str, registry: Registry, tmp_path: Path) -> None:
    """As of NOW, as the evidence pages say: revoked beats expired; everything else is valid."""
    now = datetime.fromisoformat(NOW)
    documents = site_documents(registry)
    expected: dict[str, str] = {}
    for award in registry.awards.values():
        until = award.valid_until
        expected[award.id] = ("REVOKED" if award.id in registry.revocations else
                              "EXPIRED" if until and until <= now else "VALID")
    cases = [{"name": award_id, "credential": {"url": credential_url(award_id)}, "documents": documents,
              "now": NOW, "siteUrl": SITE_URL} for award_id in sorted(expected)]
    got = {r["name"]: r["verdict"] for r in run(node, cases, tmp_path)}
    assert got == expected
    assert set(expected.values()) == {"VALID", "REVOKED", "EXPIRED"}


@pytest.mark.parametrize("cases, message", [
    ({"not": "a list"}, "the cases must be a JSON list"),
    ([{"name": "x", "credential": {"json": {}}}], "x: `now` must be a date-time"),
    ([{"name": "x", "credential": {"file": "missing.json"}, "now": NOW}], "x: `credential`: cannot read missing.json"),
])
def test_unusable_input_is_refused(node: str, tmp_path: Path, cases: Any, message: str) -> None:
    path = tmp_path / "cases.json"
    path.write_text(json.dumps(cases), encoding="utf-8")
    proc = subprocess.run([node, str(RUNNER), str(path)], capture_output=True, text=True, check=False,
                          timeout=NODE_TIMEOUT)
    assert (proc.returncode, proc.stdout) == (2, "")
    assert proc.stderr.startswith(f"verify-cases: {message}"), proc.stderr
