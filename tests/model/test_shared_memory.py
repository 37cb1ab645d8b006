"""What a large registry's check holds once per registry instead of once per award: the strings of parsed JSON
(contexts, issuer, achievement repeat word for word) and identical verification-log steps; both bounded."""
from __future__ import annotations

import json

import pytest

from registry.errors import SourceError
from registry.load import json_source
from registry.load.json_source import load_json
from registry.model import Outcome, shared_step

AWARD = {"@context": ["https://www.w3.org/ns/credentials/v2"], "type": ["VerifiableCredential", "OpenBadgeCredential"],
         "issuer": {"id": "did:web:r.example:issuers:acme", "name": "Acme"}, "name": "Python"}


def test_documents_share_their_repeated_strings() -> None:
    first = load_json(json.dumps(AWARD).encode(), "a.json").data
    second = load_json(json.dumps(dict(AWARD, name="Other")).encode(), "b.json").data
    assert first["issuer"]["id"] is second["issuer"]["id"]
    assert first["type"][1] is second["type"][1] and first["@context"][0] is second["@context"][0]
    assert first == AWARD and second["name"] == "Other"  # the values themselves are unchanged


def test_a_repeated_key_is_still_refused() -> None:
    with pytest.raises(SourceError) as raised:
        load_json(b'{"id": "x", "name": "a", "id": "y"}', "c.json")
    assert raised.value.problem.code == "json-duplicate-key" and raised.value.problem.line == 1


def test_the_shared_strings_never_grow_past_their_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_source, "STRINGS_LIMIT", 50)
    for n in range(200):
        load_json(json.dumps({"id": f"unique-{n}", "salt": f"s{n}"}).encode(), "d.json")
        assert len(json_source._STRINGS) <= 50 + 3


def test_identical_log_lines_are_one_object() -> None:
    assert shared_step("issuer", Outcome.PASS, "issued by did:web:x") is shared_step("issuer", Outcome.PASS, "issued by did:web:x")
    assert shared_step("issuer", Outcome.FAIL, "issued by did:web:x").outcome is Outcome.FAIL
    assert shared_step.cache_info().maxsize == 1 << 16  # bounded: a long run never holds more than that
