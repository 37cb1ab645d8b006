"""Key file mistakes get the right error first: a wrong file passed as --key is named for what it is, a key in a
repository is refused before any chmod advice, and a listed key id with another public key is told apart from an
unlisted one. Every case runs `credreg award` on real keys (keygen, then a rotation) and checks the whole stderr."""
from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest
from support import fixture_signing_key

from registry.cli import main
from registry.keys import lifecycle, store

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)
HINT = ("pass the key file `credreg keygen` wrote to ~/.config/credreg/keys/<issuer>/<key-id>.json "
        "(or $CREDREG_KEY_DIR/<issuer>/<key-id>.json)")
AWARD = ("award", "acme/intro-python", "--root", ".", "--recipient", "ada@example.net", "--result", "quality=good")


@dataclass(frozen=True)
class Setup:
    """The registry (also the current folder), the temporary folder outside it, and acme's current key file."""

    root: Path
    tmp: Path
    current: Path


@dataclass(frozen=True)
class Mistake:
    """What a case passes as --key, and the exact error and hint `credreg award` must give first."""

    key: str
    message: str
    hint: str
    code: int = 1


@pytest.fixture
def setup(signing_registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Setup:
    """acme with real keys: key-a from keygen, rotated to key-b (so issuers/acme/keys/key-b.json exists)."""
    profile = signing_registry / "issuers/acme/issuer.yaml"
    profile.write_text(profile.read_text().split("keys:")[0] + "keys: []\n")
    first, first_file = lifecycle.keygen(signing_registry, "acme", NOW, "key-a")
    lifecycle.rotate(signing_registry, store.load(first_file), NOW, "key-b")
    monkeypatch.chdir(signing_registry)
    return Setup(signing_registry, tmp_path, tmp_path / "keys/acme/key-b.json")


def saved(key: store.SigningKey, path: Path, mode: int = 0o600) -> Path:
    """A real key file at `path` (anywhere, even in a repository: written here as a careless user would)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(store.to_json(key))
    os.chmod(path, mode)
    return path


def written(path: Path, text: str) -> str:
    path.write_text(text)
    return str(path)


def issuer_profile(s: Setup) -> Mistake:
    return Mistake("issuers/acme/issuer.yaml", "issuers/acme/issuer.yaml is an issuer profile, not a private key file",
                   HINT)


def key_statement(s: Setup) -> Mistake:
    return Mistake("issuers/acme/keys/key-b.json",
                   "issuers/acme/keys/key-b.json is a key-change statement (a public key), not a private key file", HINT)


def public_multikey(s: Setup) -> Mistake:
    key = store.load(s.current)
    path = written(s.tmp / "public.json", f'{{"type": "Multikey", "publicKeyMultibase": "{key.public_multibase}"}}')
    return Mistake(path, f"{path} is a public key, not a private key file", HINT)


def random_json(s: Setup) -> Mistake:
    path = written(s.tmp / "notes.json", '{"hello": "world"}')
    return Mistake(path, f"{path} is not a credreg key file: it has no issuer, id, secretKeyMultibase, "
                         "recipientSecret", HINT)


def text_file(s: Setup) -> Mistake:
    path = written(s.tmp / "notes.txt", "remember to back up the key\n")
    return Mistake(path, f"{path} is not a credreg key file: it is not JSON", HINT)


def empty_file(s: Setup) -> Mistake:
    path = written(s.tmp / "empty.json", "")
    return Mistake(path, f"{path} is not a credreg key file: it is empty", HINT)


def folder(s: Setup) -> Mistake:
    path = str(s.tmp / "keys/acme")
    return Mistake(path, f"{path} is a folder, not a private key file", HINT)


def missing_file(s: Setup) -> Mistake:
    path = str(s.tmp / "keys/acme/key-c.json")
    return Mistake(path, f"cannot read key file {path}: No such file or directory", f"check the --key path; {HINT}")


def readable_by_others(s: Setup) -> Mistake:
    os.chmod(s.current, 0o644)
    return Mistake(str(s.current), f"key file {s.current} is readable by other users (mode 644)",
                   f"run: chmod 600 {s.current}")


def in_repository_hint(key_id: str) -> str:
    return (f"move it out of the repository, e.g. to ~/.config/credreg/keys/acme/{key_id}.json (or under "
            f"$CREDREG_KEY_DIR), and pass that path; if it was ever committed, treat it as compromised: "
            f"credreg key revoke acme {key_id} --reason compromised")


def inside_the_registry(s: Setup) -> Mistake:
    shutil.copy(s.current, s.root / "acme-key.json")
    os.chmod(s.root / "acme-key.json", 0o644)  # readable too: where it is comes first, chmod would not help
    return Mistake("acme-key.json", f"key file acme-key.json is a private key inside the registry "
                                    f"({s.root.resolve()}): private keys never belong in a repository",
                   in_repository_hint("key-b"))


def inside_another_checkout(s: Setup) -> Mistake:
    checkout = s.tmp / "dotfiles"
    checkout.mkdir()
    subprocess.run(["git", "init", "-q", str(checkout)], check=True, capture_output=True)
    path = saved(store.load(s.current), checkout / "secrets" / "acme.json")
    return Mistake(str(path), f"key file {path} is a private key inside a git work tree ({checkout.resolve()}): "
                              "private keys never belong in a repository", in_repository_hint("key-b"))


def key_of_another_issuer(s: Setup) -> Mistake:
    path = saved(fixture_signing_key("globex"), s.tmp / "keys/globex/key-1.json")
    return Mistake(str(path), "'acme/intro-python' is not a badge class of 'globex' (the key's issuer)",
                   "award globex/<badge-id> with this key", code=2)


def key_of_an_issuer_not_here(s: Setup) -> Mistake:
    path = saved(store.generate("initech", "key-1"), s.tmp / "keys/initech/key-1.json")
    return Mistake(str(path), "the key file belongs to issuer 'initech', which is not in this registry",
                   "use a key of one of this registry's issuers")


def listed_id_other_public_key(s: Setup) -> Mistake:
    path = saved(store.generate("acme", "key-b"), s.tmp / "elsewhere/key-b.json")
    return Mistake(str(path), "key 'key-b' of 'acme' does not match the public key published in "
                              "issuers/acme/issuer.yaml",
                   "this key file is not the one key 'key-b' was made with: pass that key file "
                   "(~/.config/credreg/keys/acme/key-b.json, or under $CREDREG_KEY_DIR); if it is lost, revoke the "
                   "key (credreg key revoke acme key-b --reason lost) and ask a registry maintainer to admit a new one")


def unlisted_key_id(s: Setup) -> Mistake:
    path = saved(store.generate("acme", "key-z"), s.tmp / "keys/acme/key-z.json")
    return Mistake(str(path), "key 'key-z' is not a published key of 'acme'",
                   "issuers/acme/issuer.yaml lists 'key-a', 'key-b': pass the key file of one of them")


CASES: dict[str, Callable[[Setup], Mistake]] = {
    "issuer-yaml": issuer_profile,
    "key-statement-json": key_statement,
    "public-multikey-json": public_multikey,
    "random-json": random_json,
    "text-file": text_file,
    "empty-file": empty_file,
    "folder": folder,
    "missing-file": missing_file,
    "readable-by-others": readable_by_others,
    "inside-the-registry": inside_the_registry,
    "inside-another-checkout": inside_another_checkout,
    "key-of-another-issuer": key_of_another_issuer,
    "key-of-an-issuer-not-in-the-registry": key_of_an_issuer_not_here,
    "listed-key-id-other-public-key": listed_id_other_public_key,
    "unlisted-key-id": unlisted_key_id,
}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("make", CASES.values(), ids=CASES.keys())
def test_award_names_the_key_file_mistake_first(setup: Setup, make: Callable[[Setup], Mistake],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    mistake = make(setup)
    code, out, err = run(capsys, *AWARD, "--key", mistake.key)
    assert (code, out, err) == (mistake.code, "", f"error: {mistake.message}\n  hint: {mistake.hint}\n")
    assert not list(setup.root.glob("credentials/acme/*/awards/*.json"))  # nothing signed


@pytest.mark.parametrize("make", [issuer_profile, inside_the_registry, listed_id_other_public_key, unlisted_key_id],
                         ids=["issuer-yaml", "inside-the-registry", "listed-key-id-other-public-key",
                              "unlisted-key-id"])
def test_key_rotate_gives_the_same_errors(setup: Setup, make: Callable[[Setup], Mistake],
                                          capsys: pytest.CaptureFixture[str]) -> None:
    mistake = make(setup)
    before = (setup.root / "issuers/acme/issuer.yaml").read_bytes()
    code, out, err = run(capsys, "key", "rotate", "--root", ".", "--key", mistake.key, "--key-id", "key-c")
    assert (code, out, err) == (mistake.code, "", f"error: {mistake.message}\n  hint: {mistake.hint}\n")
    assert (setup.root / "issuers/acme/issuer.yaml").read_bytes() == before
    assert not (setup.tmp / "keys/acme/key-c.json").exists()


def test_the_real_key_file_still_signs(setup: Setup, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, *AWARD, "--key", str(setup.current))
    assert code == 0, err
    assert "1 credential signed" in out


def test_a_key_variable_holding_an_issuer_profile_is_named_so(setup: Setup, capsys: pytest.CaptureFixture[str],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACME_KEY", (setup.root / "issuers/acme/issuer.yaml").read_text())
    code, _, err = run(capsys, *AWARD, "--key-env", "ACME_KEY")
    assert (code, err) == (1, f"error: $ACME_KEY is an issuer profile, not a private key file\n  hint: {HINT}\n")
