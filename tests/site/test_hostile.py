"""A registry full of hostile content builds into a site where nothing runs: checked in headless Chromium."""
from __future__ import annotations

import functools
import http.server
import json
import random
import threading
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

import pytest
from support import MKDOCS_YML, SITE_CONFIG, fixture_signing_key, signing_files, write_tree

from registry.award import issue
from registry.publish.build import build_site

PWN = "window.__pwned=1"
HOSTILE = [
    f"<script>{PWN}</script>",
    f'<img src=x onerror="{PWN}">',
    f'<svg onload="{PWN}"></svg>',
    f"[click](javascript:{PWN})",
    f'<a href="javascript:{PWN}">link</a>',
    f'"><iframe src="javascript:{PWN}"></iframe>',
    f"<style>body{{background:url(javascript:{PWN})}}</style>",
]
TEXT = " ".join(HOSTILE)
NOW = datetime(2026, 3, 1, tzinfo=timezone.utc)


def make_hostile(root: Path) -> Path:
    """Put hostile strings in every free-text field a pull request controls."""
    def edit(rel: str, old: str, new: str) -> None:
        path = root / rel
        text = path.read_text()
        assert old in text, (rel, old)
        path.write_text(text.replace(old, new, 1))

    quoted = json.dumps(TEXT)
    edit("issuers/acme/issuer.yaml", "  Acme Training trains people.", "  " + TEXT)
    edit("issuers/acme/issuer.yaml", "name: Acme Training", f"name: {json.dumps('Acme <img src=x onerror=' + PWN + '>')}")
    badge = "credentials/acme/intro-python/badge.yaml"
    edit(badge, "name: Intro to Python", f"name: {json.dumps('<script>' + PWN + '</script> Intro')}")
    edit(badge, "description: Shows Intro to Python.", f"description: {quoted}")
    edit(badge, "  narrative: Pass the project.", f"  narrative: {quoted}")
    edit(badge, "    name: Python", f"    name: {json.dumps('Py<script>' + PWN + '</script>')}")
    edit("credentials/acme/intro-python/rubrics/v1.yaml", "    name: Quality", f"    name: {json.dumps('<b onmouseover=' + PWN + '>Q</b>')}")
    ctx = issue.open_registry(root, fixture_signing_key("acme"), NOW)
    path = issue.award_one(ctx, "acme/intro-python", "a@example.net", NOW, random.Random(5),
                           results={"quality": "good"}, name=f"<script>{PWN}</script>",
                           evidence=(f'https://ex.example/"><script>{PWN}</script>',))
    later = datetime(2026, 4, 1, tzinfo=timezone.utc)
    issue.award_one(ctx, "acme/intro-python", "b@example.net", NOW, random.Random(6), results={"quality": "good"})
    issue.revoke(issue.open_registry(root, fixture_signing_key("acme"), later), path.stem, TEXT, later)
    return path


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path, str]]:
    import os
    tmp = tmp_path_factory.mktemp("hostile")
    os.environ.setdefault("CREDREG_CACHE_DIR", str(tmp / "cache"))
    files = signing_files()
    files["mkdocs.yml"] = MKDOCS_YML + SITE_CONFIG
    root = write_tree(tmp / "registry", files)
    (root / "overrides" / "docs").mkdir(parents=True)
    award = make_hostile(root)
    site = build_site(root, tmp / "site", strict=True, now=NOW)
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://localhost:{server.server_address[1]}/", site, award.stem
    server.shutdown()


PAGES = ["", "issuers/", "issuers/acme/", "badges/", "badges/acme/intro-python/", "verify/"]


def test_hostile_text_is_shown_as_text(served: tuple[str, Path, str]) -> None:
    _, site, award = served
    html = (site / "badges/acme/intro-python/index.html").read_text()
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt; Intro" in html
    assert 'href="javascript:' not in html and "<script>window" not in html
    evidence = (site / "credentials" / award / "index.html").read_text()
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in evidence and "<script>window" not in evidence


@pytest.mark.parametrize("path", PAGES + ["credentials/{award}/"])
def test_nothing_runs(served: tuple[str, Path, str], browser, path: str) -> None:  # type: ignore[no-untyped-def]
    base, site, award = served
    page = browser.new_page()
    dialogs: list[str] = []
    outside: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))
    page.goto(base + path.format(award=award))
    page.wait_for_load_state("networkidle")
    assert outside == []  # no font CDN, no tracker, nothing a PR could point at
    for link in page.locator("a").all():
        href = link.get_attribute("href") or ""
        assert not href.strip().lower().startswith(("javascript:", "data:", "vbscript:")), href
    page.mouse.move(10, 10)
    for element in page.locator("b, img").all()[:20]:
        try:
            element.hover(timeout=500)
        except Exception:  # noqa: BLE001 - hidden elements cannot be hovered; that is fine
            pass
    assert page.evaluate("window.__pwned") is None
    assert dialogs == []
    assert page.locator("iframe").count() == 0
    page.close()


def test_search_results_do_not_run_content(served: tuple[str, Path, str], browser) -> None:  # type: ignore[no-untyped-def]
    base, _, _ = served
    page = browser.new_page()
    page.goto(base)
    page.wait_for_load_state("networkidle")
    page.click("input.md-search__input")
    page.keyboard.type("Intro")
    page.wait_for_selector(".md-search-result__item", timeout=10_000)
    assert page.locator(".md-search-result__item").count() > 0  # results with the hostile text are shown
    assert "<script>window.__pwned=1</script>" in page.locator(".md-search-result").inner_text()
    assert page.evaluate("window.__pwned") is None
    page.close()
