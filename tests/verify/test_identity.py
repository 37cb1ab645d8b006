"""The issuer step and `credreg verify --trust`: who binds an issuer's DID, what an imitation is called, and every
malformed trust list refused with a message naming it (never a traceback)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from support import TEST_PUBLIC, foreign_credential, signed_with_test_key

from registry.cli import main
from registry.errors import InputError
from registry.verify.identity import MAX_TRUST_ENTRIES, KnownIssuer, KnownIssuers, issuer_step, parse_trust_list
from registry.verify.steps import Outcome, Verdict

DID_KEY = f"did:key:{TEST_PUBLIC}"
SPRINTWISE = KnownIssuer("did:web:demo.credreg.example:issuers:sprintwise", "Sprintwise", "this registry")
KNOWN = KnownIssuers.of([SPRINTWISE])
META = {"created": "2026-01-01T00:00:00Z", "updated": "2026-01-01T00:00:00Z"}


def claiming(name: Any, did: str = DID_KEY) -> dict[str, Any]:
    return {"issuer": {"id": did, "type": ["Profile"], "name": name}}


# (id, issuer name, outcome, the end of the detail)
NAMES = [
    ("unrelated", "Elsewhere Academy", "not who that is"),
    ("same-name", "Sprintwise", "it calls itself 'Sprintwise', imitating 'Sprintwise' "
                                "(did:web:demo.credreg.example:issuers:sprintwise) of this registry"),
    ("punctuated", "SPRINT-WISE.", "imitating 'Sprintwise' (did:web:demo.credreg.example:issuers:sprintwise) of this registry"),
    ("cyrillic-s", "Ѕprintwise", "imitating 'Sprintwise' (did:web:demo.credreg.example:issuers:sprintwise) of this registry"),
    ("zero-width", "Sprint\u200bwise", "imitating 'Sprintwise' (did:web:demo.credreg.example:issuers:sprintwise) of this registry"),
    ("contained", "Sprintwise Official Academy", "imitating 'Sprintwise' (did:web:demo.credreg.example:issuers:sprintwise) of this registry"),
    ("empty", "", "not who that is"),
    ("not-a-string", ["Sprintwise"], "not who that is"),
    ("huge", "x" * 100_000 + "Sprintwise", "not who that is"),  # names are compared on their first 500 characters
]


@pytest.mark.parametrize("name, ending", [c[1:] for c in NAMES], ids=[c[0] for c in NAMES])
def test_unbound_issuer_and_imitations(name: Any, ending: str) -> None:
    step = issuer_step(claiming(name), KNOWN)
    assert (step.outcome, step.verdict) == (Outcome.WARN, Verdict.ISSUER_NOT_VERIFIED)
    assert step.detail.startswith(f"{DID_KEY} is not bound to this registry or any trust list given")
    assert step.detail.endswith(ending)


def test_bound_issuer_passes_and_a_changed_name_warns_without_a_verdict() -> None:
    assert issuer_step(claiming("Sprintwise", SPRINTWISE.did), KNOWN).outcome is Outcome.PASS
    step = issuer_step(claiming("Northlight Design School", SPRINTWISE.did), KNOWN)
    assert (step.outcome, step.verdict) == (Outcome.WARN, None)
    assert step.detail.endswith("but the credential calls it 'Northlight Design School'")


def test_no_issuer_fails() -> None:
    step = issuer_step({"issuer": {"name": "Sprintwise"}}, KNOWN)
    assert (step.outcome, step.detail) == (Outcome.FAIL, "the credential names no issuer id")


def test_the_first_list_naming_a_did_wins() -> None:
    known = KnownIssuers.of([KnownIssuer("did:x:1", "First", "a"), KnownIssuer("did:x:1", "Second", "b")])
    assert known.by_did["did:x:1"].name == "First"


# (id, trust list document, the error message's start)
BAD_LISTS = [
    ("not-an-object", [], "trust.json is not a trust list: expected the DCC issuer-registry format"),
    ("no-meta", {"registry": {}}, "trust.json is not a trust list"),
    ("registry-not-an-object", {"meta": META, "registry": []}, "trust.json is not a trust list"),
    ("key-not-a-did", {"meta": META, "registry": {"Sprintwise": {"name": "x"}}},
     "trust.json: 'Sprintwise' is not a DID or https id"),
    ("too-many", {"meta": META, "registry": {f"did:x:{i}": {} for i in range(MAX_TRUST_ENTRIES + 1)}},
     "trust.json lists 100,001 issuers, more than 100,000"),
]


@pytest.mark.parametrize("document, message", [c[1:] for c in BAD_LISTS], ids=[c[0] for c in BAD_LISTS])
def test_malformed_trust_lists_are_refused(document: Any, message: str) -> None:
    with pytest.raises(InputError) as caught:
        parse_trust_list(document, "trust.json")
    assert caught.value.message.startswith(message)


def test_both_list_formats_are_read() -> None:
    dcc = parse_trust_list({"meta": META, "entries": {DID_KEY: {"name": "Test"}}}, "old.json")
    index = parse_trust_list({"version": 1, "issuers": [{"did": SPRINTWISE.did, "name": "Sprintwise"}]}, "i.json")
    assert [(e.did, e.name, e.source) for e in dcc + index] == [
        (DID_KEY, "Test", "the trust list old.json"), (SPRINTWISE.did, "Sprintwise", "the registry index i.json")]


def _credential(tmp_path: Path) -> str:
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(signed_with_test_key(foreign_credential(DID_KEY), f"{DID_KEY}#{TEST_PUBLIC}")))
    return str(path)


def test_cli_without_trust_says_issuer_not_verified(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["verify", "--offline", "--no-registry", "--now", "2026-06-01", _credential(tmp_path)])
    out = capsys.readouterr().out
    assert code == 1
    assert f"  [WARN] issuer: {DID_KEY} is not bound to any registry (none was given: --trust FILE|URL adds one)" in out
    assert out.rstrip().endswith("=> ISSUER NOT VERIFIED: the signature is valid, but nothing binds the issuer to "
                                 "this registry or a trust list, so it proves the file is intact, not who issued it")


def test_cli_trust_by_url_through_the_fetcher(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "trust.json").write_text(json.dumps({"meta": META, "registry": {DID_KEY: {"name": "T"}}}))
    code = main(["verify", "--offline", "--no-registry", "--now", "2026-06-01", "--format", "json", _credential(tmp_path),
                 "--map", f"https://trust.example/={tmp_path / 'site'}", "--trust", "https://trust.example/trust.json"])
    result = json.loads(capsys.readouterr().out)["results"][0]
    assert (code, result["verdict"]) == (0, "valid")


@pytest.mark.parametrize("spec, message", [
    ("missing.json", "error: --trust missing.json: no such file"),
    ("https://trust.example/none.json", "error: --trust https://trust.example/none.json: "
                                        "https://trust.example/none.json is not available offline"),
    ("bad.json", "error: --trust bad.json:1:2: JSON syntax error"),
])
def test_cli_unusable_trust_list_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                                  monkeypatch: pytest.MonkeyPatch, spec: str, message: str) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "bad.json").write_text("{no")
    code = main(["verify", "--offline", "--no-registry", _credential(tmp_path), "--trust", spec])
    captured = capsys.readouterr()
    assert (code, captured.out) == (1, "")
    assert captured.err.startswith(message), captured.err


def test_inside_the_checkout_a_did_key_sprintwise_is_called_an_imitation(capsys: pytest.CaptureFixture[str]) -> None:
    """The issue's example: a did:key credential naming itself Sprintwise, verified in the example registry."""
    from support import REPO
    code = main(["verify", "--root", str(REPO), "--offline", "--now", "2026-11-28",
                 str(REPO / "tests/cases/identity/files/did-key-sprintwise.json")])
    out = capsys.readouterr().out
    assert code == 1 and out.rstrip().endswith("=> ISSUER NOT VERIFIED: the signature is valid, but nothing binds the "
                                               "issuer to this registry or a trust list, so it proves the file is "
                                               "intact, not who issued it")
    assert ("it calls itself 'Sprintwise', imitating 'Sprintwise' (did:web:demo.credreg.example:issuers:sprintwise) "
            "of this registry (https://demo.credreg.example/)") in out


@pytest.mark.parametrize("did, bound", [
    ("did:web:demo.credreg.example:issuers:sprintwise", True),
    ("did:web:demo.credreg.example:issuers:sprintwise:more", False),  # not one of its issuer slugs
    ("did:web:demo.credreg.example:issuers:", False),
    ("did:web:demo.credreg.example", False),
    ("did:web:demo.credreg.example.evil:issuers:sprintwise", False),  # another host that starts the same
    ("did:key:z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK", False),
])
def test_unread_registry_index_binds_only_its_own_issuers(did: str, bound: bool) -> None:
    """The page's rule when its registry's index cannot be read: that registry's did:web issuers only."""
    known = KnownIssuers.of([], "https://demo.credreg.example/", "its index could not be read")
    step = issuer_step({"issuer": {"id": did, "name": "Sprintwise"}}, known)
    assert step.outcome == (Outcome.PASS if bound else Outcome.WARN)
    assert issuer_step({"issuer": {"id": did}}, KnownIssuers.of([])).outcome == Outcome.WARN


def test_a_registry_index_binds_each_issuers_ob2_profile_too() -> None:
    index = {"version": 1, "issuers": [{"did": "did:web:r.example:issuers:a", "name": "A",
                                        "ob2Profile": "https://r.example/api/ob2/issuers/a.json"},
                                       {"did": "did:web:r.example:issuers:b", "name": "B"}]}
    assert [(i.did, i.name) for i in parse_trust_list(index, "index")] == [
        ("did:web:r.example:issuers:a", "A"), ("did:web:r.example:issuers:b", "B"),
        ("https://r.example/api/ob2/issuers/a.json", "A")]
