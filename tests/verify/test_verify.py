"""`credreg verify` on credentials from anywhere: reference vectors, did:key, https controller documents,
both status mechanisms, dates and recipients. Every case runs the real verifier offline (--map)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from support import REF, TEST_PUBLIC, foreign_credential, signed_with_test_key

from registry.cli import main

REF_MAP = f"https://registry.test/={REF / 'site'}"
# The issuers these tests trust, in the DCC issuer-registry format: the reference vectors' and the foreign ones'
# (did:key of the fixed TEST_PUBLIC key, https://issuer.example/controller).
TRUST_FILE = str(Path(__file__).parent / "trusted-issuers.json")


def verify(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, dict[str, Any]]:
    code = main(["verify", "--offline", "--no-registry", "--format", "json", "--trust", TRUST_FILE, *argv])
    report = json.loads(capsys.readouterr().out)
    return code, report


def steps(report: dict[str, Any]) -> dict[str, str]:
    return {s["step"]: s["outcome"] for s in report["results"][0]["steps"]}


REFERENCE = [
    ("basic", "valid/basic.json", [], 0, "valid"),
    ("active", "valid/active.json", [], 0, "valid"),
    ("endorsement", "valid/endorsement.json", [], 0, "valid"),
    ("rich-revoked", "valid/rich.json", [], 1, "revoked"),
    ("tampered-basic", "tampered/basic.json", [], 1, "invalid"),
    ("tampered-rich", "tampered/rich.json", [], 1, "invalid"),
    ("expired", "valid/active.json", ["--now", "2029-01-01"], 1, "expired"),
    ("not-yet-valid", "valid/active.json", ["--now", "2025-01-01"], 1, "not yet valid"),
]


@pytest.mark.parametrize("path, extra, code, verdict", [c[1:] for c in REFERENCE], ids=[c[0] for c in REFERENCE])
def test_reference_vectors(capsys: pytest.CaptureFixture[str], path: str, extra: list[str], code: int,
                           verdict: str) -> None:
    got_code, report = verify(capsys, str(REF / path), "--map", REF_MAP, "--now", "2026-11-28", *extra)
    assert (got_code, report["results"][0]["verdict"]) == (code, verdict)
    if path.startswith("tampered"):
        assert steps(report)["proof 1 (eddsa-rdfc-2022)"] == "fail"


def test_status_list_unreachable_is_unknown_not_fine(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(REF / "site", site)
    (site / "status/refiss/1.json").unlink()
    code, report = verify(capsys, str(REF / "valid/active.json"), "--map", f"https://registry.test/={site}",
                          "--now", "2026-11-28")
    assert code == 1 and report["results"][0]["verdict"] == "status unknown"
    assert steps(report)["status (revocation)"] == "unknown"


def test_tampered_status_list_is_not_trusted(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(REF / "site", site)
    status_file = site / "status/refiss/1.json"
    status = json.loads(status_file.read_text())
    status["validFrom"] = "2020-01-01T00:00:00Z"  # any change breaks the list's own signature
    status_file.write_text(json.dumps(status))
    code, report = verify(capsys, str(REF / "valid/active.json"), "--map", f"https://registry.test/={site}",
                          "--now", "2026-11-28")
    assert report["results"][0]["verdict"] == "status unknown"
    [status_step] = [s for s in report["results"][0]["steps"] if s["step"] == "status (revocation)"]
    assert "cannot be trusted" in status_step["detail"]


# Credentials from other issuers, signed here with a fresh key in each of the shapes OB 3.0 verifiers meet.
PUBLIC = TEST_PUBLIC
credential, signed = foreign_credential, signed_with_test_key


def controller_site(root: Path) -> Path:
    """An https issuer whose key URL is listed in its controller document."""
    (root / "keys").mkdir(parents=True)
    controller = {"@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
                  "id": "https://issuer.example/controller",
                  "verificationMethod": [{"id": "https://issuer.example/keys/1", "type": "Multikey",
                                          "controller": "https://issuer.example/controller",
                                          "publicKeyMultibase": PUBLIC}],
                  "assertionMethod": ["https://issuer.example/keys/1"]}
    (root / "controller").write_text(json.dumps(controller))
    (root / "keys" / "1").write_text(json.dumps(controller["verificationMethod"][0]))
    (root / "revocations.json").write_text(json.dumps({"revokedCredential": [
        {"id": "https://issuer.example/credentials/42", "revocationReason": "Issued to the wrong person"}]}))
    (root / "empty-revocations.json").write_text(json.dumps({"revokedCredential": []}))
    return root


FOREIGN = [
    ("did-key", lambda: signed(credential(f"did:key:{PUBLIC}"), f"did:key:{PUBLIC}#{PUBLIC}"), [], 0, "valid"),
    ("https-controller-document",
     lambda: signed(credential("https://issuer.example/controller"), "https://issuer.example/keys/1"), [], 0, "valid"),
    ("key-of-another-controller",
     lambda: signed(credential("https://other.example/issuer"), "https://issuer.example/keys/1"), [], 1, "invalid"),
    ("1edtech-revocation-list-revoked",
     lambda: signed(credential("https://issuer.example/controller",
                               {"id": "https://issuer.example/revocations.json", "type": "1EdTechRevocationList"}),
                    "https://issuer.example/keys/1"), [], 1, "revoked"),
    ("1edtech-revocation-list-clear",
     lambda: signed(credential("https://issuer.example/controller",
                               {"id": "https://issuer.example/empty-revocations.json", "type": "1EdTechRevocationList"}),
                    "https://issuer.example/keys/1"), [], 0, "valid"),
    ("did-key-without-fragment", lambda: signed(credential(f"did:key:{PUBLIC}"), f"did:key:{PUBLIC}"), [], 0, "valid"),
    ("did-key-fragment-names-another-key",
     lambda: signed(credential(f"did:key:{PUBLIC}"), f"did:key:{PUBLIC}#z6MkhaXgBZDvotDkL5257faiztiGiC2QtKLGpbnnEGta2doK"),
     [], 1, "invalid"),
    ("unknown-proof-type-is-reported",
     lambda: signed(credential(f"did:key:{PUBLIC}"), f"did:key:{PUBLIC}#{PUBLIC}",
                    {"type": "Ed25519Signature2020", "proofValue": "z1"}), [], 1, "invalid"),
    ("recipient-matches", lambda: signed(credential(f"did:key:{PUBLIC}"), f"did:key:{PUBLIC}#{PUBLIC}"),
     ["--recipient", " Sam@Example.org"], 0, "valid"),
    ("recipient-differs", lambda: signed(credential(f"did:key:{PUBLIC}"), f"did:key:{PUBLIC}#{PUBLIC}"),
     ["--recipient", "someone@example.org"], 1, "not issued to this email"),
]


@pytest.mark.parametrize("make, extra, code, verdict", [c[1:] for c in FOREIGN], ids=[c[0] for c in FOREIGN])
def test_foreign_credentials(capsys: pytest.CaptureFixture[str], tmp_path: Path, make: Any, extra: list[str],
                             code: int, verdict: str) -> None:
    site = controller_site(tmp_path / "site")
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(make()))
    got_code, report = verify(capsys, str(path), "--map", f"https://issuer.example/={site}", "--now", "2026-06-01", *extra)
    assert (got_code, report["results"][0]["verdict"]) == (code, verdict), report


def test_text_log_reads_like_a_verifier(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["verify", "--offline", "--no-registry", str(REF / "valid/rich.json"), "--map", REF_MAP,
                 "--now", "2026-11-28", "--trust", TRUST_FILE])
    out = capsys.readouterr().out
    assert code == 1
    assert "  [PASS] proof 1 (eddsa-rdfc-2022): signature verified with did:web:registry.test:issuers:refiss#key-1" in out
    assert "  [FAIL] status (revocation): entry 7 of https://registry.test/status/refiss/1.json is set" in out
    assert "  [PASS] issuer: did:web:registry.test:issuers:refiss is 'Reference Issuer' in the trust list " in out
    assert out.rstrip().endswith("=> REVOKED: genuine, but revoked by its issuer")


def test_unreadable_sources(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "bad.json").write_text("{not json")
    code, report = verify(capsys, str(tmp_path / "bad.json"), str(tmp_path / "missing.json"),
                          "https://nowhere.example/c.json")
    assert code == 1
    assert [r["steps"][0]["detail"] for r in report["results"]] == [
        f"{tmp_path / 'bad.json'} is not a readable JSON credential: {tmp_path / 'bad.json'}:1:2: JSON syntax error: "
        "Expecting property name enclosed in double quotes",
        f"{tmp_path / 'missing.json'}: no such file",
        "https://nowhere.example/c.json is not available offline"]


def test_bad_map_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["verify", "x.json", "--map", "registry.test=/tmp"]) == 2
    assert "is not URL_PREFIX=DIR" in capsys.readouterr().err
