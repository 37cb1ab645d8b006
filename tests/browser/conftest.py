"""Fixtures of the browser tests of the in-browser verifier: a tiny static site served from http://localhost
(a secure context, so WebCrypto's Ed25519 is there), the credentials on it, and a fresh page per test.

The credentials, DID documents and status list are made with credreg's own signing code.
"""
from __future__ import annotations

import copy
import hashlib
import json
import random
import shutil
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from serve_support import serving
from support import MKDOCS_YML, REPO, SITE_URL, base_files, fixture_key, fixture_signing_key, write_tree
from verify_site import EMAIL, HOSTILE, LONG_AGO, REVOKED_AT, SIGNED_AT, Site

ASSETS = REPO / "registry" / "publish" / "assets"

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Verify a credential</title></head>
<body><main class="credreg-verify">
<h1>Verify a credential</h1>
<label>Credential JSON <textarea id="credential-input" rows="8"></textarea></label>
<label>Or a file <input type="file" id="credential-file" accept=".json,application/json"></label>
<label>Recipient email (optional) <input type="email" id="recipient-email"></label>
<button id="verify-button" type="button">Verify</button>
<div id="verify-result" aria-live="polite"></div>
</main>
<script id="credreg-config" type="application/json">{"siteUrl":"https://registry.test/"}</script>
<script type="module" src="../assets/verify-page.js"></script>
</body></html>
"""


def _write_json(path: Path, document: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def _build_credentials(work: Path) -> tuple[dict[str, dict[str, Any]], dict[str, Any]]:
    """Awards made with credreg's own code, plus a few re-signed variants; returns (credentials, site files)."""
    from registry.award import issue
    from registry.check import check_registry
    from registry.crypto.dataintegrity import create_proof
    from registry.crypto.multikey import encode_public_key
    from registry.did import did_document, key_history
    from registry.keys.sign import sign
    from registry.publish.hosted import api_indexes
    from registry.urls import SiteUrls

    files: dict[str, str | bytes] = dict(base_files())
    for issuer in ("acme", "globex"):
        path = f"issuers/{issuer}/issuer.yaml"
        files[path] = files[path].replace(fixture_key(issuer), fixture_signing_key(issuer).public_multibase)
    files["mkdocs.yml"] = MKDOCS_YML
    root = write_tree(work / "registry", files)
    acme, globex = fixture_signing_key("acme"), fixture_signing_key("globex")
    urls = SiteUrls.parse(SITE_URL)

    def award(when: datetime, seed: int, **details: Any) -> Path:
        ctx = issue.open_registry(root, acme, when)
        return issue.award_one(ctx, "acme/intro-python", EMAIL, when, random.Random(seed), retake=True,
                               results={"quality": "good"}, **details)

    def load(path: Path) -> dict[str, Any]:
        return json.loads(path.read_text(encoding="utf-8"))

    valid = award(SIGNED_AT, 1)
    expired = award(LONG_AGO, 2, valid_until=datetime(2025, 12, 31, 23, 59, 59, tzinfo=timezone.utc))
    revoked = award(SIGNED_AT, 3)
    issue.revoke(issue.open_registry(root, acme, REVOKED_AT), revoked.stem, "Copied work", REVOKED_AT)
    status_list = load(root / "credentials" / "acme" / "status" / "1.json")

    creds = {"valid": load(valid), "expired": load(expired), "revoked": load(revoked)}
    base = creds["valid"]

    def variant(name: str, change: Any, key: Any = acme) -> None:
        doc = {k: copy.deepcopy(v) for k, v in base.items() if k != "proof"}
        doc["id"] = f"{SITE_URL}credentials/{name}.json"
        change(doc)
        creds[name] = sign(doc, key, urls, SIGNED_AT)

    def hostile(doc: dict[str, Any]) -> None:
        doc["name"] = HOSTILE
        doc["credentialSubject"]["achievement"]["name"] = HOSTILE
        doc["issuer"]["name"] = HOSTILE

    def status_at(number: str) -> Any:
        def change(doc: dict[str, Any]) -> None:
            url = f"{SITE_URL}status/acme/{number}.json"
            doc["credentialStatus"].update(id=f"{url}#{doc['credentialStatus']['statusListIndex']}",
                                           statusListCredential=url)
        return change

    variant("hostile", hostile)
    variant("not-yet-valid", lambda d: d.update(validFrom=(datetime.now(timezone.utc) + timedelta(days=30))
                                                .strftime("%Y-%m-%dT%H:%M:%SZ")))
    variant("no-status-list", status_at("9"))
    variant("tampered-list", status_at("tampered"))
    variant("wrong-key", lambda d: None, key=globex)

    tampered = copy.deepcopy(base)
    tampered["credentialSubject"]["achievement"]["name"] = "Advanced Python"
    creds["tampered"] = tampered

    # A foreign issuer with a did:key: the key is in the identifier, nothing is fetched.
    private = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"credreg-test:did-key").digest())
    multikey = encode_public_key(private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))
    did = f"did:key:{multikey}"
    doc = {k: copy.deepcopy(v) for k, v in base.items() if k not in ("proof", "credentialStatus")}
    doc["id"] = "https://elsewhere.example/credentials/1.json"
    doc["issuer"]["id"] = did
    doc["credentialSubject"]["achievement"]["creator"]["id"] = did
    created = "2026-03-02T10:00:00Z"
    doc["proof"] = [create_proof(doc, private, f"{did}#{multikey}", suite, created)
                    for suite in ("eddsa-rdfc-2022", "eddsa-jcs-2022")]
    creds["did-key"] = doc

    forged_list = copy.deepcopy(status_list)
    forged_list["id"] = f"{SITE_URL}status/acme/tampered.json"
    forged_list["credentialSubject"]["id"] = forged_list["id"] + "#list"

    registry = check_registry(root).registry
    assert registry is not None
    site_files: dict[str, Any] = {
        f"issuers/{issuer}/did.json": did_document(registry.issuers[issuer], urls) for issuer in ("acme", "globex")}
    site_files.update({f"issuers/{issuer}/keys.json": key_history(registry.issuers[issuer], urls)  # linked from did.json
                       for issuer in ("acme", "globex")})
    site_files["status/acme/1.json"] = status_list
    site_files["api/issuers.json"] = api_indexes(registry, urls)["issuers"]  # the page's issuer step reads it
    site_files["status/acme/tampered.json"] = forged_list
    return creds, site_files


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    work = tmp_path_factory.mktemp("browser-site")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CREDREG_KEY_DIR", str(work / "keys"))
        mp.setenv("CREDREG_CACHE_DIR", str(work / "cache"))
        credentials, files = _build_credentials(work)
    folder = work / "site"
    (folder / "verify").mkdir(parents=True)
    (folder / "verify" / "index.html").write_text(PAGE, encoding="utf-8")
    (folder / "assets").mkdir()
    for asset in sorted(ASSETS.glob("verify*")):  # the page's entry module, the core's modules, its stylesheet
        if asset.suffix in (".js", ".css"):
            shutil.copy(asset, folder / "assets" / asset.name)
    shutil.copytree(ASSETS / "vendor", folder / "assets" / "vendor")  # the bundled jsonld.js, for RDFC proofs
    for rel, document in files.items():
        _write_json(folder / rel, document)
    for name, credential in credentials.items():
        _write_json(folder / "credentials" / f"{name}.json", credential)
    with serving(folder) as port:
        yield Site(folder, f"http://localhost:{port}", credentials)


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.errors = errors  # type: ignore[attr-defined]
    try:
        yield page
    finally:
        context.close()
    assert errors == [], f"uncaught errors in the page: {errors}"


@pytest.fixture(scope="session")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Screenshots go to a temporary folder, never into the repository."""
    return tmp_path_factory.mktemp("screenshots")


