"""Key lifecycle through the CLI: keys outside the repo, history recorded in issuer.yaml, DID documents."""
from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from registry.check import check_registry
from registry.cli import main
from registry.did import did_document
from registry.keys import store
from registry.urls import SiteUrls


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def keyless(signing_registry: Path) -> Path:
    """The signing registry with acme's key removed, as a new issuer starts."""
    path = signing_registry / "issuers/acme/issuer.yaml"
    path.write_text(path.read_text().split("keys:")[0] + "keys: []\n")
    return signing_registry


def test_keygen_writes_key_outside_with_0600(keyless: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "keygen", "acme", "--root", str(keyless), "--key-id", "key-a")
    assert code == 0
    key_file = tmp_path / "keys" / "acme" / "key-a.json"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    key = store.load(key_file)
    assert key.public_multibase in (keyless / "issuers/acme/issuer.yaml").read_text()
    assert f"private key written to {key_file}" in out
    assert check_registry(keyless).problems == ()  # no secret anywhere in the tree


def test_keygen_refuses_a_path_inside_the_repository(keyless: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "keygen", "acme", "--root", str(keyless), "--out", str(keyless / "acme.key"))
    assert code == 1
    assert f"error: refusing to write a private key inside the registry ({keyless / 'acme.key'})" in err
    assert not (keyless / "acme.key").exists()
    assert "keys: []" in (keyless / "issuers/acme/issuer.yaml").read_text()  # nothing half-done


def test_keygen_twice_points_to_rotate(keyless: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "keygen", "acme", "--root", str(keyless))[0] == 0
    code, _, err = run(capsys, "keygen", "acme", "--root", str(keyless))
    assert code == 1 and "already has keys" in err and "credreg key rotate" in err


def test_rotate_keeps_the_recipient_secret_and_retires_the_old_key(keyless: Path, tmp_path: Path,
                                                                   capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "keygen", "acme", "--root", str(keyless), "--key-id", "key-a")
    old_file = tmp_path / "keys/acme/key-a.json"
    code, out, _ = run(capsys, "key", "rotate", "--root", str(keyless), "--key", str(old_file), "--key-id", "key-b")
    assert code == 0, out
    old, new = store.load(old_file), store.load(tmp_path / "keys/acme/key-b.json")
    assert old.recipient_secret == new.recipient_secret
    text = (keyless / "issuers/acme/issuer.yaml").read_text()
    assert text.count("validUntil") == 1 and '"key-b"' in text
    result = check_registry(keyless)
    assert result.problems == ()
    keys = result.registry.issuers["acme"].keys
    assert [k.id for k in keys] == ["key-a", "key-b"] and keys[0].valid_until is not None


def test_revoke_compromised_drops_the_key_from_the_did_document(keyless: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "keygen", "acme", "--root", str(keyless), "--key-id", "key-a")
    code, out, _ = run(capsys, "key", "revoke", "acme", "key-a", "--root", str(keyless), "--reason", "compromised",
                       "--compromised-since", "2026-01-01")
    assert code == 0 and "dropped from the DID document" in out
    issuer = check_registry(keyless).registry.issuers["acme"]
    assert did_document(issuer, SiteUrls.parse("https://registry.test/"))["verificationMethod"] == []
    code, _, err = run(capsys, "key", "revoke", "acme", "key-a", "--root", str(keyless), "--reason", "lost")
    assert code == 1 and "already has revokedAt" in err


def test_retired_keys_stay_in_the_did_document(signing_registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "key", "retire", "acme", "key-1", "--root", str(signing_registry))[0] == 0
    issuer = check_registry(signing_registry).registry.issuers["acme"]
    doc = did_document(issuer, SiteUrls.parse("https://registry.test/"))
    assert doc["assertionMethod"] == ["did:web:registry.test:issuers:acme#key-1"]
    assert doc["verificationMethod"][0]["publicKeyMultibase"] == issuer.keys[0].public_key_multibase


def test_a_readable_key_file_is_refused(keyless: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    run(capsys, "keygen", "acme", "--root", str(keyless), "--key-id", "key-a")
    key_file = tmp_path / "keys/acme/key-a.json"
    os.chmod(key_file, 0o644)
    code, _, err = run(capsys, "award", "acme/intro-python", "--root", str(keyless), "--recipient", "a@example.net",
                       "--result", "quality=good", "--key", str(key_file))
    assert code == 1
    assert f"error: key file {key_file} is readable by other users (mode 644)\n  hint: run: chmod 600 {key_file}" in err


def test_key_from_environment_variable(keyless: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    run(capsys, "keygen", "acme", "--root", str(keyless), "--key-id", "key-a")
    monkeypatch.setenv("ACME_KEY", (tmp_path / "keys/acme/key-a.json").read_text())
    code, out, _ = run(capsys, "award", "acme/intro-python", "--root", str(keyless), "--recipient", "a@example.net",
                       "--result", "quality=good", "--key-env", "ACME_KEY")
    assert code == 0 and "1 credential signed" in out
    assert json.loads(next(keyless.glob("credentials/acme/intro-python/awards/*.json")).read_text())["proof"]


def test_usage_errors_exit_2(signing_registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "award", "acme/intro-python", "--root", str(signing_registry))[0] == 2
    assert run(capsys, "frobnicate")[0] == 2
    code, _, err = run(capsys, "check", "--root", str(signing_registry / "nope"))
    assert code == 2 and "is not a folder" in err
