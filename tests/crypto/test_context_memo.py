"""The memoized JSON-LD context processing gives plain pyld's canonical N-Quads, and nothing a document or a
loader supplies can make a later document canonicalize under contexts it did not name.

Every case compares `rdfc()` (MemoProcessor, RDF without the second expansion) with pyld's own `normalize`
run by a fresh, unmemoized JsonLdProcessor on the same document and loader.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from pyld.jsonld import JsonLdProcessor
from support import REPO

from registry.crypto import jsonld_processor
from registry.crypto.canonical import CanonicalizationError, rdfc
from registry.crypto.jsonld import Loader, document_loader, make_loader
from registry.crypto.jsonld_processor import MEMO_SIZE, MemoProcessor

SIGNED_FILES = sorted([*REPO.glob("credentials/*/*/awards/*.json"), *REPO.glob("credentials/*/endorsements/*.json"),
                       *REPO.glob("credentials/*/status/*.json"), *REPO.glob("issuers/*/keys/*.json")])
EXTRA = "https://example.org/test-context/v1"  # not bundled: only a test loader answers it


def plain_pyld(document: dict[str, Any], loader: Loader = document_loader) -> str:
    """pyld's own URDNA2015, unmemoized and with its double expansion: what rdfc() must equal."""
    return str(JsonLdProcessor().normalize(copy.deepcopy(document), {
        "algorithm": "URDNA2015", "format": "application/n-quads", "documentLoader": loader, "base": None}))


def unsigned(path: Path) -> dict[str, Any]:
    document = json.loads(path.read_text(encoding="utf-8"))
    document.pop("proof", None)
    return dict(document)


def scoped_context(term_iri: str) -> dict[str, Any]:
    """A context whose type Thing scopes `note` to `term_iri`."""
    return {"@context": {"@version": 1.1, "id": "@id", "type": "@type", "Thing": {"@id": "https://example.org/Thing", "@context": {
        "note": {"@id": term_iri}}}}}


def thing(note: str = "hello") -> dict[str, Any]:
    return {"@context": [EXTRA], "id": "urn:uuid:7d0a0f5e-0b7f-4a8e-9a57-1c5d3a1f0001", "type": "Thing",
            "note": note}


def test_every_signed_example_file_canonicalizes_as_plain_pyld() -> None:
    assert len(SIGNED_FILES) > 50
    for path in SIGNED_FILES:
        document = unsigned(path)
        assert rdfc(document) == plain_pyld(document), path.relative_to(REPO)


def test_a_second_pass_over_the_same_files_hits_the_memo_and_gives_the_same_bytes() -> None:
    first = [rdfc(unsigned(path)) for path in SIGNED_FILES]
    memo = dict(MemoProcessor._memo)
    assert memo, "the OB 3.0 type-scoped contexts were not memoized"
    assert [rdfc(unsigned(path)) for path in SIGNED_FILES] == first
    assert set(MemoProcessor._memo) == set(memo), "a second pass over the same files added entries"


# A hostile or careless input must not leak into another document's canonical form.
LOADER_CASES = {
    # Two loaders answer the same (unbundled) URL with different scoped terms: each document is read under
    # its own loader's context, even with the other loader's result memoized first.
    "same URL, two loaders": ("https://example.org/a#note", "https://example.org/b#note"),
    # The same scoped term IRI under two loaders: equal output, still computed per loader.
    "same URL, equal contexts": ("https://example.org/a#note", "https://example.org/a#note"),
}


@pytest.mark.parametrize("first_iri,second_iri", LOADER_CASES.values(), ids=LOADER_CASES.keys())
def test_a_memoized_context_never_answers_for_another_loader(first_iri: str, second_iri: str) -> None:
    first = make_loader({EXTRA: scoped_context(first_iri)})
    second = make_loader({EXTRA: scoped_context(second_iri)})
    for _ in range(2):  # the second round runs with both memoized
        assert rdfc(thing(), first) == plain_pyld(thing(), first)
        assert rdfc(thing(), second) == plain_pyld(thing(), second)
        assert f"<{first_iri}>" in rdfc(thing(), first)
        assert f"<{second_iri}>" in rdfc(thing(), second)


def test_a_document_s_own_inline_context_never_reaches_the_next_document() -> None:
    """A document that scopes a term of its own to a type is read its way; the next document, without that
    context, gets the term refused as undefined, not read under the first one's memoized scope."""
    award = unsigned(REPO / "credentials/northlight-design-school/design-foundations/awards/05c6b0b7bfbbb628.json")
    before = rdfc(award)
    hostile = copy.deepcopy(award)
    hostile["@context"] = [*hostile["@context"], {"Extra": {"@id": "https://example.org/Extra", "@context": {
        "extraNote": "https://example.org/evil#note"}}}]
    hostile["credentialSubject"]["type"] = [*hostile["credentialSubject"]["type"], "Extra"]
    hostile["credentialSubject"]["extraNote"] = "x"
    for _ in range(2):
        assert rdfc(hostile) == plain_pyld(hostile)
        assert "<https://example.org/evil#note>" in rdfc(hostile)
    assert rdfc(award) == before
    award["credentialSubject"]["extraNote"] = "x"
    with pytest.raises(CanonicalizationError, match="term 'extraNote' is not defined"):
        rdfc(award)


def test_the_safe_mode_still_refuses_an_undefined_term_inside_a_memoized_scope() -> None:
    """The scoped contexts come from the memo; the undefined-term refusal comes from expansion and still runs."""
    award = unsigned(REPO / "credentials/northlight-design-school/design-foundations/awards/05c6b0b7bfbbb628.json")
    rdfc(award)
    award["credentialSubject"]["achievement"]["notAnObTerm"] = "x"
    with pytest.raises(CanonicalizationError, match="term 'notAnObTerm' is not defined"):
        rdfc(award)


def test_the_memo_stays_within_its_size_whatever_documents_bring(monkeypatch: pytest.MonkeyPatch) -> None:
    """Documents with scoped contexts of their own, each different, fill the memo only up to MEMO_SIZE."""
    monkeypatch.setattr(jsonld_processor, "MEMO_SIZE", 40)
    for n in range(120):
        document = {"@context": [{"@version": 1.1, "type": "@type", "T": {"@id": f"https://example.org/T{n}", "@context": {
            "v": f"https://example.org/v{n}"}}}], "type": "T", "v": str(n)}
        assert f"<https://example.org/v{n}>" in rdfc(document)
        assert len(MemoProcessor._memo) <= 40
        assert len(MemoProcessor._results) <= 40
    assert MEMO_SIZE >= 40
