"""Key-change statements: `key rotate` writes one signed by the old key, and `check` refuses every bad one.

Every statement here is signed for real (Ed25519, eddsa-rdfc-2022) with fixture keys, so each case breaks
exactly the rule it names; the table gives the exact (code, file, line) each must produce.
"""
from __future__ import annotations

import importlib.util
import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from support import (
    MKDOCS_YML,
    REPO,
    SITE_URL,
    copy_example_registry,
    fixture_key,
    fixture_signing_key,
    leftovers,
    signing_files,
    write_tree,
)

from registry.check import check_registry
from registry.cli import main
from registry.crypto.dataintegrity import create_proof
from registry.errors import CredregError
from registry.keys import lifecycle, store
from registry.keys.sign import sign
from registry.keys.statement import signed_statement, statement_text
from registry.layout import key_statement_file
from registry.ob3.key_statement import statement_document
from registry.urls import SiteUrls

URLS = SiteUrls.parse(SITE_URL)
T = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)
ACME, GLOBEX = "issuers/acme/issuer.yaml", "issuers/globex/issuer.yaml"
STATEMENT = key_statement_file("acme", "key-2")
KEY1, KEY2, KEY3 = (fixture_signing_key("acme", k) for k in ("key-1", "key-2", "key-3"))
ACME_DID, GLOBEX_DID = URLS.issuer_did("acme"), URLS.issuer_did("globex")


def iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def key_entry(key: store.SigningKey, valid_from: datetime, public: str | None = None, **fields: str) -> str:
    lines = [f"  - id: {key.key_id}", "    type: Multikey", f"    publicKeyMultibase: {public or key.public_multibase}",
             f'    validFrom: "{iso(valid_from)}"'] + [f'    {name}: "{value}"' for name, value in fields.items()]
    return "\n".join(lines) + "\n"


def with_keys(text: str, keys: str) -> str:
    """acme's issuer.yaml with its `keys:` list replaced."""
    return text.split("keys:\n")[0] + "keys:\n" + keys


# The rotation every case starts from: key-1 retired at T, key-2 valid from T, its statement signed by key-1 at T.
ROTATED = (key_entry(KEY1, datetime(2025, 1, 1, tzinfo=timezone.utc), validUntil=iso(T)) + key_entry(KEY2, T))


def statement(signer: store.SigningKey = KEY1, created: datetime = T, new: store.SigningKey = KEY2,
              did: str = ACME_DID, valid_from: datetime = T, purpose: str = "assertionMethod",
              **extra: Any) -> dict[str, Any]:
    """A statement for `new`, really signed by `signer` (any key: the cases need wrong ones too)."""
    document = {**statement_document(did, new.key_id, new.public_multibase, iso(valid_from)), **extra}
    if did != ACME_DID:
        document["credentialSubject"] = statement_document(ACME_DID, new.key_id, new.public_multibase,
                                                           iso(valid_from))["credentialSubject"]
    if purpose != "assertionMethod":
        proof = create_proof(document, signer.private, URLS.verification_method(signer.issuer_id, signer.key_id),
                             "eddsa-rdfc-2022", iso(created), proof_purpose=purpose)
        return {**document, "proof": [proof]}
    return sign(document, signer, URLS, created, ("eddsa-rdfc-2022",))


@dataclass(frozen=True)
class Case:
    """A registry change and the exact problems `credreg check` must report."""

    name: str
    change: Callable[[dict[str, str]], None]
    expected: list[tuple[str, str, int]]


def put(doc: dict[str, Any], path: str = STATEMENT) -> Callable[[dict[str, str]], None]:
    return lambda files: files.__setitem__(path, statement_text(doc))


def keys(entries: str, doc: dict[str, Any] | None = None) -> Callable[[dict[str, str]], None]:
    def change(files: dict[str, str]) -> None:
        files[ACME] = with_keys(files[ACME], entries)
        if doc is not None:
            files[STATEMENT] = statement_text(doc)
    return change


def tampered(files: dict[str, str]) -> None:
    """key-2 swapped for another key pair in issuer.yaml and in the statement, keeping key-1's old signature."""
    other = fixture_key("attacker")
    files[ACME] = files[ACME].replace(KEY2.public_multibase, other)
    files[STATEMENT] = files[STATEMENT].replace(KEY2.public_multibase, other)


# Statement lines (json.dumps, indent 2): 9 issuer, 10 validFrom, 12 subject id, 15 publicKeyMultibase,
# 17 proof, 18 its first proof, 21 created, 22 verificationMethod, 23 proofPurpose.
CASES = [
    Case("wrong-signer", put(statement(signer=fixture_signing_key("globex"))),
         [("key-statement-signer", STATEMENT, 22)]),
    Case("signed-by-the-new-key-itself", put(statement(signer=KEY2)), [("key-statement-signer", STATEMENT, 22)]),
    Case("signer-retired-before-created", put(statement(created=T + timedelta(minutes=1))),
         [("key-statement-signer", STATEMENT, 21)]),
    Case("signer-not-yet-valid-at-created", put(statement(created=datetime(2024, 6, 1, tzinfo=timezone.utc))),
         [("key-statement-signer", STATEMENT, 21)]),
    Case("signer-compromised-before-created",
         keys(key_entry(KEY1, datetime(2025, 1, 1, tzinfo=timezone.utc), validUntil=iso(T), revokedAt=iso(T),
                        revocationReason="compromised", compromisedSince="2026-01-01T00:00:00Z") + key_entry(KEY2, T)),
         [("key-statement-signer", STATEMENT, 21)]),
    Case("signed-long-after-the-key-began",
         keys(key_entry(KEY1, datetime(2025, 1, 1, tzinfo=timezone.utc)) + key_entry(KEY2, T),
              statement(created=T + timedelta(days=1))), [("key-statement-signer", STATEMENT, 21)]),
    Case("signer-listed-after-the-new-key",
         keys(key_entry(KEY1, datetime(2025, 1, 1, tzinfo=timezone.utc)) + key_entry(KEY2, T)
              + key_entry(KEY3, datetime(2025, 6, 1, tzinfo=timezone.utc)), statement(signer=KEY3)),
         [("key-statement-signer", STATEMENT, 22)]),
    Case("subject-key-differs-from-issuer-yaml",
         keys(key_entry(KEY1, datetime(2025, 1, 1, tzinfo=timezone.utc), validUntil=iso(T))
              + key_entry(KEY2, T, public=fixture_key("other"))), [("key-statement-subject", STATEMENT, 15)]),
    Case("valid-from-moved-in-issuer-yaml",
         keys(key_entry(KEY1, datetime(2025, 1, 1, tzinfo=timezone.utc), validUntil=iso(T))
              + key_entry(KEY2, T + timedelta(days=1))), [("key-statement-subject", STATEMENT, 10)]),
    Case("unknown-key-id", put(statement(new=fixture_signing_key("acme", "key-9")), key_statement_file("acme", "key-9")),
         [("key-statement-unknown-key", key_statement_file("acme", "key-9"), 12)]),
    Case("statement-of-another-key", put(statement(new=KEY3)), [("key-statement-subject", STATEMENT, 12)]),
    Case("not-json", lambda files: files.__setitem__(STATEMENT, '{"@context": [\n  oops\n'),
         [("json-syntax", STATEMENT, 2)]),
    Case("not-an-object", lambda files: files.__setitem__(STATEMENT, "[]\n"),
         [("key-statement-malformed", STATEMENT, 1)]),
    Case("wrong-issuer", put(statement(did=GLOBEX_DID)), [("key-statement-issuer", STATEMENT, 9)]),
    Case("extra-field", put(statement(name="Acme's new key")), [("key-statement-malformed", STATEMENT, 17)]),
    Case("no-proof", put(statement_document(ACME_DID, "key-2", KEY2.public_multibase, iso(T))),
         [("key-statement-proof", STATEMENT, 0)]),
    Case("wrong-proof-purpose", put(statement(purpose="authentication")), [("key-statement-proof", STATEMENT, 23)]),
    Case("tampered-after-signing", tampered, [("key-statement-signature", STATEMENT, 18)]),
]


def rotated_files() -> dict[str, str]:
    """The signing registry's files after acme's rotation from key-1 to key-2, with its statement."""
    files = {k: v for k, v in signing_files().items() if isinstance(v, str)}
    files[ACME] = with_keys(files[ACME], ROTATED)
    files[STATEMENT] = statement_text(signed_statement(KEY2, T, KEY1, URLS, T))
    files["mkdocs.yml"] = MKDOCS_YML
    return files


def test_the_rotation_the_cases_start_from_checks_clean(tmp_path: Path) -> None:
    assert check_registry(write_tree(tmp_path / "r", rotated_files()), use_cache=False).problems == ()


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_statement_is_refused_at_its_line(case: Case, tmp_path: Path, check_cache: Path) -> None:
    files = rotated_files()
    case.change(files)
    result = check_registry(write_tree(tmp_path / "r", files), cache_dir=check_cache, workers=1)
    assert [(p.code, p.file, p.line) for p in result.problems] == case.expected
    assert result.registry is None


def test_a_cached_pass_never_covers_a_changed_statement(tmp_path: Path) -> None:
    root, cache = write_tree(tmp_path / "r", rotated_files()), tmp_path / "cache"
    assert check_registry(root, cache_dir=cache).problems == ()
    assert check_registry(root, cache_dir=cache).problems == ()  # served from the cache
    files = rotated_files()
    tampered(files)
    write_tree(root, files)
    assert [p.code for p in check_registry(root, cache_dir=cache).problems] == ["key-statement-signature"]


# --- key rotate and keygen ---------------------------------------------------------------------------------------

def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def key_file(tmp_path: Path, key: store.SigningKey) -> Path:
    return store.save(key, tmp_path / "keys" / key.issuer_id / f"{key.key_id}-file.json", tmp_path / "nowhere")


def test_rotate_writes_a_statement_signed_by_the_old_key(signing_registry: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "key", "rotate", "--root", str(signing_registry), "--key",
                         str(key_file(tmp_path, KEY1)), "--key-id", "key-2")
    assert code == 0, err
    new = store.load(tmp_path / "keys/acme/key-2.json")
    written = json.loads((signing_registry / STATEMENT).read_text(encoding="utf-8"))
    (proof,) = written.pop("proof")
    assert proof["verificationMethod"] == f"{ACME_DID}#key-1" and proof["cryptosuite"] == "eddsa-rdfc-2022"
    assert written == statement_document(ACME_DID, "key-2", new.public_multibase, proof["created"])
    assert f"wrote the key statement {STATEMENT}, signed by key-1" in out
    result = check_registry(signing_registry, use_cache=False)
    assert result.problems == ()
    assert [k.id for k in result.registry.issuers["acme"].keys] == ["key-1", "key-2"]


def test_keygen_writes_no_statement(signing_registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = signing_registry / ACME
    path.write_text(path.read_text().split("keys:")[0] + "keys: []\n")
    assert run(capsys, "keygen", "acme", "--root", str(signing_registry), "--key-id", "key-a")[0] == 0
    assert not (signing_registry / "issuers/acme/keys").exists()
    assert check_registry(signing_registry, use_cache=False).problems == ()


@pytest.mark.parametrize("fields, why", [
    ({"validUntil": "2025-06-01T00:00:00Z"}, "may not sign now"),
    ({"revokedAt": "2025-06-01T00:00:00Z", "revocationReason": "compromised"}, "may not sign now"),
], ids=["retired", "compromised"])
def test_rotate_refuses_an_old_key_that_cannot_vouch_now(signing_registry: Path, tmp_path: Path,
                                                         fields: dict[str, str], why: str) -> None:
    path = signing_registry / ACME
    path.write_text(with_keys(path.read_text(), key_entry(KEY1, datetime(2025, 1, 1, tzinfo=timezone.utc), **fields)))
    before = path.read_bytes()
    with pytest.raises(CredregError, match=why):
        lifecycle.rotate(signing_registry, KEY1, T, "key-2")
    assert path.read_bytes() == before and not (signing_registry / STATEMENT).exists()
    assert not (tmp_path / "keys/acme/key-2.json").exists()


def test_rotate_refuses_a_key_file_whose_public_key_is_not_the_listed_one(signing_registry: Path) -> None:
    impostor = store.from_seed("acme", "key-1", b"\x07" * 32, KEY1.recipient_secret)
    with pytest.raises(CredregError, match="key 'key-1' of 'acme' does not match the public key published in "
                                           "issuers/acme/issuer.yaml"):
        lifecycle.rotate(signing_registry, impostor, T, "key-2")
    assert not (signing_registry / STATEMENT).exists()


def test_rotate_writes_issuer_yaml_and_the_statement_all_or_nothing(signing_registry: Path, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """The statement's rename fails after issuer.yaml's went through: issuer.yaml is put back, nothing is left."""
    path, real_replace = signing_registry / ACME, os.replace
    before = path.read_bytes()

    def replace(src: Any, dst: Any, *args: Any, **kwargs: Any) -> None:
        if str(dst).endswith(STATEMENT):
            raise OSError(28, "No space left on device", str(dst))
        real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(CredregError, match="No space left on device"):
        lifecycle.rotate(signing_registry, KEY1, T, "key-2")
    monkeypatch.setattr(os, "replace", real_replace)
    assert path.read_bytes() == before and not (signing_registry / STATEMENT).exists()
    assert leftovers(signing_registry) == [] and not (tmp_path / "keys/acme/key-2.json").exists()
    assert check_registry(signing_registry, use_cache=False).problems == ()


# --- one issuer per public key -----------------------------------------------------------------------------------

@pytest.mark.parametrize("change, expected", [
    (lambda files: files.__setitem__(GLOBEX, files[GLOBEX].replace(fixture_signing_key("globex").public_multibase,
                                                                   KEY1.public_multibase)),
     [("duplicate-key", GLOBEX, 15)]),
    (lambda files: files.__setitem__(ACME, with_keys(files[ACME], key_entry(KEY1, datetime(2025, 1, 1,
                                                                                          tzinfo=timezone.utc))
                                                      + key_entry(KEY2, T, public=KEY1.public_multibase))),
     [("duplicate-key", ACME, 19)]),
], ids=["second-issuer", "twice-in-one-issuer"])
def test_a_public_key_belongs_to_one_issuer_only(change: Callable[[dict[str, str]], None],
                                                 expected: list[tuple[str, str, int]], tmp_path: Path) -> None:
    files = {k: v for k, v in signing_files().items() if isinstance(v, str)}
    files["mkdocs.yml"] = MKDOCS_YML
    change(files)
    result = check_registry(write_tree(tmp_path / "r", files), use_cache=False)
    assert [(p.code, p.file, p.line) for p in result.problems] == expected


# --- the example registry ---------------------------------------------------------------------------------------

def test_the_demo_rotation_comes_with_its_statement_byte_for_byte(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("make_demo_registry", REPO / "scripts/make_demo_registry.py")
    assert spec and spec.loader
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    copy = copy_example_registry(tmp_path / "demo")
    shutil.rmtree(copy / "issuers/sprintwise/keys")
    written = script.write_key_statements(copy)
    shipped = sorted((REPO / "issuers").glob("*/keys/*.json"))
    assert [p.relative_to(copy) for p in written] == [p.relative_to(REPO) for p in shipped]
    assert shipped == [REPO / "issuers/sprintwise/keys/key-2025.json"]
    for path in shipped:
        assert (copy / path.relative_to(REPO)).read_bytes() == path.read_bytes()


# --- hostile values anywhere: problems, never a traceback -----------------------------------------------------

def _paths(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside a JSON document, the document itself aside."""
    inner = (value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ())
    found = [path] if path else []
    for key, item in inner:
        found += _paths(item, path + (key,))
    return found


def _replaced(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    copy = json.loads(json.dumps(document))
    target = copy
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return copy


HOSTILE = [None, 0, True, "", "did:web:registry.test:issuers:acme#key-1", [], {}, {"@id": "x"}, "x" * 5000]


def test_any_value_anywhere_in_a_statement_gives_problems_not_tracebacks(tmp_path: Path, check_cache: Path) -> None:
    good = signed_statement(KEY2, T, KEY1, URLS, T)
    root = write_tree(tmp_path / "r", rotated_files())
    for path in _paths(good):
        for value in HOSTILE:
            (root / STATEMENT).write_text(statement_text(_replaced(good, path, value)), encoding="utf-8")
            result = check_registry(root, cache_dir=check_cache, workers=1)
            assert all(p.file == STATEMENT and p.code.startswith("key-statement-") for p in result.problems), path
            if result.problems == ():  # only a value equal to the signed one can pass
                assert _replaced(good, path, value) == good, (path, value)
