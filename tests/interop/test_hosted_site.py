"""Every credential the example site hosts verifies with Digital Bazaar's verifier, from the site's own files."""
from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timezone
from pathlib import Path

import pytest
from support import REPO, context_documents, run_verify

from registry.publish.build import build_site

VERIFY_AT = "2024-06-01T00:00:00Z"  # before any demo award expires, so every signature and key check runs


@pytest.fixture(scope="module")
def hosted(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    site = build_site(REPO, tmp_path_factory.mktemp("hosted") / "site", now=datetime(2026, 11, 28, tzinfo=timezone.utc))
    index = json.loads((site / "api/credentials.json").read_text())
    return site, index


def test_every_hosted_credential_verifies(node: str, hosted: tuple[Path, dict]) -> None:
    site, index = hosted
    documents = context_documents()
    base = "https://demo.credreg.example/"
    for did_file in (site / "issuers").glob("*/did.json"):
        documents[base + did_file.relative_to(site).as_posix()] = json.loads(did_file.read_text())
    for status in (site / "status").glob("*/*.json"):
        documents[base + status.relative_to(site).as_posix()] = json.loads(status.read_text())

    def verify(entry: dict) -> tuple[str, bool, bool, str]:
        credential = json.loads((site / "credentials" / f"{entry['id']}.json").read_text())
        result = run_verify(node, credential, documents, now=max(VERIFY_AT, credential["validFrom"]))
        revoked = result.output.get("status", {}).get("revoked") == [True]
        return entry["id"], result.returncode == 0, revoked, result.describe()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(verify, index["credentials"]))
    assert len(results) >= 40
    failures = [(cid, text) for cid, ok, _, text in results if not ok]
    assert failures == [], failures[0][1] if failures else ""
    revoked = {cid for cid, _, is_revoked, _ in results if is_revoked}
    assert revoked == {c["id"] for c in index["credentials"] if c["revoked"]}
