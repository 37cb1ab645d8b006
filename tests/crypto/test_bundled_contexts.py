"""The bundled JSON-LD contexts match their manifest, and the loader serves them and nothing else."""
from __future__ import annotations

import hashlib
import json
from importlib import resources
from typing import Any

import pytest
from pyld import jsonld
from support import EXAMPLES_CONTEXT, W3C, read_json

from registry.crypto.canonical import rdfc
from registry.crypto.jsonld import bundled_contexts, document_loader, make_loader
from registry.errors import ContextNotBundled

CONTEXTS = resources.files("registry.contexts")
MANIFEST: list[dict[str, str]] = json.loads(CONTEXTS.joinpath("manifest.json").read_text("utf-8"))
REQUIRED = {
    "https://purl.imsglobal.org/spec/ob/v3p0/context.json": "Open Badges 3.0.0",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json": "Open Badges 3.0.3",
    "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json": "Open Badges 3.0 extensions",
    "https://www.w3.org/2018/credentials/v1": "VC data model 1.1",
    "https://www.w3.org/ns/credentials/v2": "VC data model 2.0",
    "https://w3id.org/security/data-integrity/v2": "Data Integrity",
    "https://w3id.org/security/multikey/v1": "Multikey",
    "https://www.w3.org/ns/did/v1": "DID core",
    "https://www.w3.org/ns/credentials/status/v1": "Bitstring Status List",
    "https://w3id.org/openbadges/v2": "Open Badges 2.0",
}


@pytest.mark.parametrize("entry", MANIFEST, ids=[entry["file"] for entry in MANIFEST])
def test_file_matches_its_manifest_sha256(entry: dict[str, str]) -> None:
    assert hashlib.sha256(CONTEXTS.joinpath(entry["file"]).read_bytes()).hexdigest() == entry["sha256"]
    assert "@context" in json.loads(CONTEXTS.joinpath(entry["file"]).read_bytes())


def test_manifest_lists_every_file_once() -> None:
    files = sorted(p.name for p in CONTEXTS.iterdir() if p.is_file() and p.name.endswith((".json", ".jsonld")))
    assert sorted([entry["file"] for entry in MANIFEST] + ["manifest.json"]) == files
    assert len({entry["url"] for entry in MANIFEST}) == len(MANIFEST)


@pytest.mark.parametrize("url", REQUIRED, ids=list(REQUIRED.values()))
def test_required_context_is_served(url: str) -> None:
    entry = next(entry for entry in MANIFEST if entry["url"] == url)
    remote = document_loader(url)
    assert remote == {"contextUrl": None, "documentUrl": url, "tag": "static",
                      "document": json.loads(CONTEXTS.joinpath(entry["file"]).read_bytes())}


def test_loader_hands_out_copies() -> None:
    url = "https://www.w3.org/ns/credentials/v2"
    document_loader(url)["document"]["@context"]["injected"] = "https://evil.example/"
    assert "injected" not in document_loader(url)["document"]["@context"]
    assert "injected" not in bundled_contexts()[url]["@context"]


@pytest.mark.parametrize("url", [EXAMPLES_CONTEXT, "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.9.json",
                                 "http://www.w3.org/ns/credentials/v2", "file:///etc/passwd", ""],
                         ids=["w3c-examples", "unpublished-ob-version", "http-not-https", "file-url", "empty"])
def test_other_urls_are_refused(url: str) -> None:
    with pytest.raises(ContextNotBundled) as info:
        document_loader(url, {})
    assert info.value.message == f"JSON-LD context {url} is not bundled with credreg"
    assert "never fetches contexts from the network" in info.value.hint


def test_extra_contexts_are_for_one_loader_only() -> None:
    extra = read_json(W3C / "contexts" / "credentials-examples-v2.jsonld")
    loader = make_loader({EXAMPLES_CONTEXT: extra})
    assert loader(EXAMPLES_CONTEXT) == {"contextUrl": None, "documentUrl": EXAMPLES_CONTEXT, "document": extra}
    unsigned: dict[str, Any] = read_json(W3C / "unsigned.json")
    assert rdfc(unsigned, loader)
    # pyld caches processed contexts process-wide by URL: the test context must not leak into the product.
    with pytest.raises(ContextNotBundled):
        rdfc(unsigned)


def test_extra_contexts_cannot_replace_bundled_ones() -> None:
    with pytest.raises(ValueError, match="may not replace bundled ones: https://www.w3.org/ns/credentials/v2"):
        make_loader({"https://www.w3.org/ns/credentials/v2": {"@context": {}}})


def test_pyld_accepts_the_loader() -> None:
    doc = {"@context": "https://www.w3.org/ns/credentials/v2", "type": "VerifiableCredential"}
    assert jsonld.expand(doc, {"documentLoader": document_loader}) == [
        {"@type": ["https://www.w3.org/2018/credentials#VerifiableCredential"]}]
