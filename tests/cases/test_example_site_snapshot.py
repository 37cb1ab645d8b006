"""tests/vectors/example-site/ holds what the example registry's site serves for the cases of tests/cases/registry/:
its DID documents, status lists, issuer indexes and a few awards, byte for byte as `credreg build` writes them.

This test rebuilds them and compares, so the cases never run on a stale copy. After a deliberate change to the
example registry or to what the site publishes, refresh the copy with
`CREDREG_REFRESH_SNAPSHOTS=1 python3 -m pytest tests/cases/test_example_site_snapshot.py` and review the diff.
"""
from __future__ import annotations

import os
from pathlib import Path

from support import REPO, VECTORS

from registry.check import check_registry
from registry.config import load_site_urls
from registry.publish.hosted import write_hosted

SNAPSHOT = VECTORS / "example-site"
AWARDS = ("07b084089a4b7ad1", "189e78ce0f5c5914", "2d739a60eb856959", "cf34a557de9b2b79")
KEPT = ("issuers/*/did.json", "issuers/*/keys.json", "status/*/*.json", "api/issuers.json", "api/issuer-registry.json",
        *(f"credentials/{award}.json" for award in AWARDS))


def built(site: Path) -> dict[str, bytes]:
    registry = check_registry(REPO).registry
    assert registry is not None, "the example registry does not check"
    write_hosted(registry, load_site_urls(REPO), site)
    return {p.relative_to(site).as_posix(): p.read_bytes() for pattern in KEPT for p in sorted(site.glob(pattern))}


def test_snapshot_is_what_the_site_serves(tmp_path: Path) -> None:
    fresh = built(tmp_path / "site")
    if os.environ.get("CREDREG_REFRESH_SNAPSHOTS") == "1":
        for old in SNAPSHOT.rglob("*.json"):
            old.unlink()
        for rel, content in fresh.items():
            (SNAPSHOT / rel).parent.mkdir(parents=True, exist_ok=True)
            (SNAPSHOT / rel).write_bytes(content)
    kept = {p.relative_to(SNAPSHOT).as_posix(): p.read_bytes() for p in sorted(SNAPSHOT.rglob("*"))
            if p.is_file() and p.name != "README.md"}
    assert sorted(kept) == sorted(fresh), "refresh tests/vectors/example-site (see this module's docstring)"
    stale = [rel for rel in fresh if kept[rel] != fresh[rel]]
    assert not stale, f"stale copies {stale}: refresh tests/vectors/example-site (see this module's docstring)"
