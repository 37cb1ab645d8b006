"""Network fetches of `credreg verify` against real servers on 127.0.0.1 (tests/verify/conftest.py): what an https
server may answer, every hop vetted, one time budget per credential, bounded bodies, and the CLI.

Nothing here leaves the machine: every address outside 127.0.0.1 is refused before a connection is tried,
and an audit hook records every connection and name lookup the process makes, so the tests can say so."""
from __future__ import annotations

import ipaddress
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from support import FETCH_NOW as NOW
from support import REPO, connects, fetch_error, fetcher, network_seen, web_credential, web_did_document

from registry.cli import main
from registry.verify import fetch
from registry.verify.fetch import MAX_DOCUMENT_BYTES
from registry.verify.verifier import verify_credential

# --- what a real https server may answer (flag on) ---------------------------------------------------------

DOC = {"ok": True}
HTTPS: list[tuple[str, str, Any, int]] = [
    # (name, path, the document or the exact error message, requests the https server saw)
    ("served", "/doc.json", DOC, 1),
    ("relative-redirect-followed", "/to-relative", DOC, 2),
    ("five-redirects-followed", "/chain/5", DOC, 6),
    ("six-redirects-refused", "/chain/6", "cannot fetch {url}: more than 5 redirects", 6),
    ("redirect-loop-capped", "/loop", "cannot fetch {url}: more than 5 redirects", 6),
    ("https-to-http-redirect-refused", "/to-http",
     "refusing to fetch {url}: it redirects to a URL that is not https", 1),
    ("http-status-named", "/missing", "cannot fetch {url}: the server answered HTTP 404", 1),
    ("not-json-is-not-echoed", "/not-json", "{url}:1:1: JSON syntax error: Expecting value", 1),
    ("oversized-declared", "/big-declared", f"{{url}} is larger than {MAX_DOCUMENT_BYTES:,} bytes", 1),
    ("oversized-streamed", "/big-streamed", f"{{url}} is larger than {MAX_DOCUMENT_BYTES:,} bytes", 1),
    ("trickling-body-cut-at-the-deadline", "/trickle-body",
     "cannot fetch {url}: the 1.5 s time budget for this credential's fetches ran out", 1),
]


@pytest.mark.parametrize("path, expected, requests", [c[1:] for c in HTTPS], ids=[c[0] for c in HTTPS])
def test_https_answers(local: Any, path: str, expected: Any, requests: int) -> None:
    url = local.https.url(path)
    f = fetcher(local)
    if isinstance(expected, str):
        assert fetch_error(f, url).message == expected.format(url=url)
    else:
        assert f.get(url) == expected
    assert len(local.https.paths) == requests
    assert local.plain.connections == 0  # the https → http redirect was not followed


# --- without the flag, every hop is vetted (the test server passes for a public host here) -------------------

NO_FLAG: list[tuple[str, str, Any]] = [
    ("public-host-served", "/doc.json", DOC),
    ("redirect-to-private-address-refused", "/to-private",
     "refusing to fetch {url}: it redirects to a host that is not a public internet address"),
    ("redirect-to-http-refused", "/to-http", "refusing to fetch {url}: it redirects to a URL that is not https"),
]


@pytest.mark.parametrize("path, expected", [c[1:] for c in NO_FLAG], ids=[c[0] for c in NO_FLAG])
def test_every_hop_vetted_without_the_flag(local: Any, monkeypatch: pytest.MonkeyPatch, path: str,
                                           expected: Any) -> None:
    real = fetch.is_public_address
    monkeypatch.setattr(fetch, "is_public_address", lambda ip: ip == ipaddress.ip_address("127.0.0.1") or real(ip))
    url = local.https.url(path)
    with network_seen() as seen:
        if isinstance(expected, str):
            assert fetch_error(fetcher(local, private=False), url).message == expected.format(url=url)
        else:
            assert fetcher(local, private=False).get(url) == expected
    assert connects(seen) == [("127.0.0.1", local.https.port)]  # never 10.0.0.1, never the plain port


# --- one time budget per credential ---------------------------------------------------------------------------

OUT_OF_TIME = "cannot fetch {url}: the 1.5 s time budget for this credential's fetches ran out"


def test_fetches_of_one_credential_share_the_budget(local: Any) -> None:
    f = fetcher(local)
    with f.credential_budget():
        assert f.get(local.https.url("/slow?1")) == {}
        url = local.https.url("/slow?2")
        assert fetch_error(f, url).message == OUT_OF_TIME.format(url=url)
    assert f.get(local.https.url("/slow?3")) == {}  # the next credential starts afresh


def test_the_credential_fetch_and_its_key_share_the_budget(local: Any) -> None:
    f = fetcher(local)
    vm = local.https.url("/slow?key")
    credential = {"proof": [{"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "verificationMethod": vm}]}
    with f.credential_budget():  # what verify_sources does around loading a URL and verifying it
        assert f.get(local.https.url("/slow?credential")) == {}
        steps = {s.name: s.detail for s in verify_credential(credential, fetcher=f, now=NOW).steps}
    # an unreachable key leaves the proof unchecked (UNKNOWN, cannot verify), it does not fail it
    assert steps["proof 1 (eddsa-rdfc-2022)"] == ("key not checked: " + OUT_OF_TIME.format(url=vm)
                                                  + "; the signature could not be verified")
    assert f.get(local.https.url("/slow?next")) == {}  # verify_credential ended that credential's budget


def test_a_failed_credential_fetch_does_not_spend_the_next_ones_budget(local: Any) -> None:
    f = fetcher(local)
    url = local.https.url("/trickle-body")
    assert fetch_error(f, url).message == OUT_OF_TIME.format(url=url)
    assert f.get(local.https.url("/slow?after")) == {}


# --- --map serves without any network ---------------------------------------------------------------------------

def test_mapped_url_needs_no_network(local: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "mirror"
    (site / ".well-known").mkdir(parents=True)
    (site / ".well-known" / "did.json").write_text(json.dumps(web_did_document(local.did)))
    (tmp_path / "credential.json").write_text(json.dumps(web_credential(local.did)))
    with network_seen() as seen:
        code = main(["verify", "--no-registry", "--format", "json", "--now", "2026-06-01", "--trust", trust(tmp_path, local.did),
                     str(tmp_path / "credential.json"), "--map", f"https://127.0.0.1:{local.https.port}/={site}"])
    report = json.loads(capsys.readouterr().out)
    assert (code, report["results"][0]["verdict"]) == (0, "valid")
    assert seen == [] and local.https.connections == 0


# --- end to end: the command a user runs --------------------------------------------------------------------

def trust(folder: Path, did: str) -> str:
    """A trust list (DCC issuer-registry format) naming the test server's DID, for --trust."""
    path = folder / "trust.json"
    path.write_text(json.dumps({"meta": {"created": "2026-01-01T00:00:00Z", "updated": "2026-01-01T00:00:00Z"},
                                "registry": {did: {"name": "Test Server", "url": "https://example.org/"}}}))
    return str(path)


def _run(tmp_path: Path, servers: Any, *extra: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(web_credential(servers.did)))
    env = {**os.environ, "PYTHONPATH": str(REPO), "SSL_CERT_FILE": str(servers.ca_file)}
    return subprocess.run([sys.executable, "-m", "registry", "verify", str(path), "--now", "2026-06-01",
                           "--trust", trust(tmp_path, servers.did), *extra],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_cli_refuses_a_loopback_did_web(local: Any, tmp_path: Path) -> None:
    done = _run(tmp_path, local)
    url = f"https://127.0.0.1:{local.https.port}/.well-known/did.json"
    assert done.returncode == 1, done.stderr
    # a key credreg refuses to fetch leaves the proof unchecked: the credential cannot be verified
    assert (f"  [????] proof 1 (eddsa-rdfc-2022): key not checked: refusing to fetch {url}: "
            "127.0.0.1 is not a public internet address; the signature could not be verified") in done.stdout.splitlines()
    assert done.stdout.rstrip().startswith("=> CANNOT VERIFY: no signature could be checked", done.stdout.rstrip().rindex("=> "))
    assert "Traceback" not in done.stderr and local.https.connections == 0


def test_cli_fetches_a_private_did_web_only_with_the_unsafe_flag(local: Any, tmp_path: Path) -> None:
    done = _run(tmp_path, local, "--unsafe-allow-private-network")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (f"  [PASS] proof 1 (eddsa-rdfc-2022): signature verified with {local.did}#key-1 (did:web "
            f"https://127.0.0.1:{local.https.port}/.well-known/did.json); Ed25519 key") in done.stdout.splitlines()
    assert local.https.paths == ["/.well-known/did.json"]
