"""Building the example site: every page has real content, hosted JSON is exact, awards stay lean and out of search."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import markupsafe
import pytest
from support import REPO

from registry.check import check_registry
from registry.config import load_site_urls
from registry.did import did_document
from registry.publish.build import build_site

NOW = datetime(2026, 11, 28, tzinfo=timezone.utc)


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(REPO, tmp_path_factory.mktemp("site") / "out", strict=True, now=NOW)


@pytest.fixture(scope="session")
def registry():  # type: ignore[no-untyped-def]
    return check_registry(REPO).registry


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_every_page_has_real_content(site: Path, registry) -> None:  # type: ignore[no-untyped-def]
    home = page(site, "")
    assert "Featured badges" in home and "Vetted Front-end Developer" in home and "How to check a credential" in home
    assert "Sprintwise" in page(site, "issuers") and "Accreditor" in page(site, "issuers")
    issuer = page(site, "issuers/sprintwise")
    assert "key-2024" in issuer and "retired" in issuer and "did:web:demo.credreg.example:issuers:sprintwise" in issuer
    assert "accredited by" in issuer and "Open Skills Accreditation Council" in issuer
    badge = page(site, "badges/sprintwise/sprint-ready-frontend")
    for text in ("Rubric (version 2", "Earlier rubric versions", "Version 1", "Programming/software development",
                 "expires 24 months after the award", "Leads to:", "Proctored", "earners"):
        assert text in badge, text
    catalog = page(site, "badges")
    assert catalog.count('class="credreg-card"') == len(registry.badges)
    assert 'data-level="micro-credential"' in catalog and "catalog.js" in catalog
    verify = page(site, "verify")
    assert 'id="credential-input"' in verify and '"siteUrl": "https://demo.credreg.example/"' in verify


def test_evidence_pages_show_status_as_of_the_build(site: Path, registry) -> None:  # type: ignore[no-untyped-def]
    kinds: dict[str, int] = {}
    for award in registry.awards.values():
        html = page(site, f"credentials/{award.id}")
        kind = html.split('data-kind="', 1)[1].split('"', 1)[0]
        kinds[kind] = kinds.get(kind, 0) + 1
        if award.id in registry.revocations:
            assert kind == "revoked" and markupsafe.escape(registry.revocations[award.id].reason) in html
        assert len(html.encode()) < 32_000  # the site frame (about 10 KB) and the article, whose pathway figure is the bulk
        assert "Verify live in your browser" in html and f"{award.id}.json" in html
    assert kinds.keys() == {"valid", "expired", "revoked"}


def test_hosted_json_is_exact(site: Path, registry) -> None:  # type: ignore[no-untyped-def]
    urls = load_site_urls(REPO)
    for award in registry.awards.values():
        assert (site / "credentials" / f"{award.id}.json").read_bytes() == (REPO / award.source).read_bytes()
    for status in registry.status_lists:
        assert (site / "status" / status.issuer_id / f"{status.number}.json").read_bytes() == \
            (REPO / status.source).read_bytes()
    for issuer in registry.issuers.values():
        assert json.loads((site / "issuers" / issuer.id / "did.json").read_text()) == did_document(issuer, urls)
    credentials = json.loads((site / "api/credentials.json").read_text())
    assert credentials["version"] == 1 and len(credentials["credentials"]) == len(registry.awards)
    assert {c["url"] for c in credentials["credentials"]} == {urls.credential(a) for a in registry.awards}
    badges = json.loads((site / "api/badges.json").read_text())["badges"]
    assert {b["id"] for b in badges} == set(registry.badges)
    revocations = json.loads((site / "api/revocations.json").read_text())["revocations"]
    assert {r["credential"] for r in revocations} == set(registry.revocations)
    assert json.loads((site / "api/issuers.json").read_text())["issuers"][0]["didDocument"].endswith("/did.json")


def test_awards_stay_out_of_search_and_nav(site: Path, registry) -> None:  # type: ignore[no-untyped-def]
    index = json.loads((site / "search/search_index.json").read_text())
    locations = [d["location"] for d in index["docs"]]
    assert not [loc for loc in locations if loc.startswith("credentials/")]
    text = json.dumps(index)
    assert "Accessible UI Engineering" in text and "Accessibility and inclusion" in text  # badges and skills
    nav = page(site, "")
    assert not any(f"credentials/{a}/" in nav for a in registry.awards)


def test_same_sources_same_bytes(tmp_path: Path, site: Path) -> None:
    again = build_site(REPO, tmp_path / "again", strict=True, now=NOW)
    different = [p.relative_to(site) for p in site.rglob("*") if p.is_file() and p.suffix != ".gz"
                 and (again / p.relative_to(site)).read_bytes() != p.read_bytes()]
    assert different == []


def test_plain_mkdocs_build_gives_the_same_site(tmp_path: Path, site: Path) -> None:
    import os
    import subprocess
    import sys
    env = {**os.environ, "CREDREG_NOW": "2026-11-28T00:00:00Z", "SOURCE_DATE_EPOCH": str(int(NOW.timestamp()))}
    out = tmp_path / "mkdocs-site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(out)], cwd=REPO, env=env,
                   check=True, capture_output=True)
    different = [p.relative_to(site) for p in site.rglob("*") if p.is_file() and p.suffix != ".gz"
                 and (out / p.relative_to(site)).read_bytes() != p.read_bytes()]
    assert different == []


def test_theme_override_applies(site: Path) -> None:
    assert "Verify a credential yourself" in page(site, "badges/sprintwise/accessible-ui")


def test_evidence_summaries_end_at_a_word(site: Path, registry) -> None:  # type: ignore[no-untyped-def]
    """Sprint-Ready Front-end Developer's description runs past 300 characters: its evidence pages cut it at a
    word, with an ellipsis, before the link to the badge page."""
    award = next(a for a in registry.awards.values() if a.badge_key == "sprintwise/sprint-ready-frontend")
    html = (site / "credentials" / award.id / "index.html").read_text("utf-8")
    assert "Two senior engineers reviewed every pull request and… <a href=" in html
