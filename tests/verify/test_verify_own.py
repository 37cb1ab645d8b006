"""Inside a registry checkout, `credreg verify` resolves the registry's own DIDs and status lists from its files."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from support import award_for

from registry.cli import main

WHEN = datetime(2026, 2, 10, tzinfo=timezone.utc)


def own_award(root: Path) -> Path:
    return award_for(root, WHEN, seed=3, results={"quality": "good"})


def run(capsys: pytest.CaptureFixture[str], root: Path, path: Path, *extra: str) -> tuple[int, dict]:
    code = main(["verify", "--root", str(root), "--offline", "--format", "json", str(path), *extra])
    return code, json.loads(capsys.readouterr().out)["results"][0]


def test_own_credential_verifies_offline(signing_registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = own_award(signing_registry)
    code, result = run(capsys, signing_registry, path, "--recipient", "ada@example.net")
    assert (code, result["verdict"]) == (0, "valid")
    assert [s["outcome"] for s in result["steps"]] == ["pass"] * len(result["steps"])


def test_key_window_applies_to_own_credentials(signing_registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = own_award(signing_registry)
    issuer_yaml = signing_registry / "issuers/acme/issuer.yaml"
    issuer_yaml.write_text(issuer_yaml.read_text().replace(
        '    validFrom: "2025-01-01T00:00:00Z"\n',
        '    validFrom: "2025-01-01T00:00:00Z"\n    revokedAt: "2026-03-01T00:00:00Z"\n'
        '    revocationReason: compromised\n    compromisedSince: "2026-02-01T00:00:00Z"\n'))
    code, result = run(capsys, signing_registry, path)
    assert (code, result["verdict"]) == (1, "invalid")
    # The compromised key is gone from the DID document, so resolution itself fails.
    assert "not in its controller's document" in next(s["detail"] for s in result["steps"] if s["step"].startswith("proof"))


# (name, a change to the checkout after the award, verdict, the first failing step's detail or "")
CHECKOUT_CASES = [
    ("a problem elsewhere does not matter", {"credentials/globex/stray.txt": "x"}, "valid", ""),
    # the key document cannot be had, so the proof cannot be checked (the proof rule): cannot verify
    ("a problem in the issuer's files", {"credentials/acme/intro-python/stray.txt": "x"}, "cannot verify",
     "key not checked: https://registry.test/issuers/acme/did.json: issuer 'acme' has problems in this checkout, "
     "so its files vouch for nothing; first: credentials/acme/intro-python/stray.txt: this file is not part of the "
     "registry layout; the signature could not be verified"),
    ("an issuer that is not there", {"issuers/acme/issuer.yaml": None}, "cannot verify",
     "key not checked: https://registry.test/issuers/acme/did.json is not in this registry; the signature could "
     "not be verified"),
]


@pytest.mark.parametrize("change, verdict, detail", [c[1:] for c in CHECKOUT_CASES], ids=[c[0] for c in CHECKOUT_CASES])
def test_the_checkout_vouches_only_for_sound_issuers(signing_registry: Path, capsys: pytest.CaptureFixture[str],
                                                      change: dict[str, str | None], verdict: str, detail: str) -> None:
    path = own_award(signing_registry)
    for rel, text in change.items():
        target = signing_registry / rel
        if text is None:
            target.unlink()
        else:
            target.write_text(text)
    code, result = run(capsys, signing_registry, path)
    assert (code, result["verdict"]) == (0 if verdict == "valid" else 1, verdict)
    failing = [s["detail"] for s in result["steps"] if s["outcome"] in ("fail", "unknown")]
    assert (failing[0] if failing else "") == detail
