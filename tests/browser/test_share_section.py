"""Sharing an award from its evidence page in headless Chromium: LinkedIn's "Add to profile" link, a QR code that an
independent decoder (OpenCV) reads as the credential's URL, links to other verifiers, link previews, an oEmbed
document, an embed snippet, and a print view that is a one-page certificate."""
from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pytest
from serve_support import serving, watched_page
from support import CHROMIUM, NO_CHROMIUM, REPO

from registry.model import Award, Registry
from registry.publish.build import build_site

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)
NOW = datetime(2026, 12, 3, tzinfo=timezone.utc)
SITE = "https://demo.credreg.example/"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_site(REPO, tmp_path_factory.mktemp("share") / "site", now=NOW)
    with serving(site) as port:
        yield f"http://localhost:{port}/"


@pytest.fixture
def page(browser: Any, served: str) -> Iterator[Any]:
    with watched_page(browser, (served,)) as page:
        yield page


def entry_award(registry: Registry) -> Award:
    """A typical award: an entry-level badge with an expiry, not revoked, on no pathway of components."""
    return next(a for a in sorted(registry.awards.values(), key=lambda a: a.id)
                if a.id not in registry.revocations and a.valid_until and a.valid_until > NOW and not a.components
                and registry.badges[a.badge_key].level == "badge" and not a.renews)


def test_linkedin_add_to_profile(page: Any, served: str, registry: Registry) -> None:
    award = entry_award(registry)
    badge, issuer = registry.badges[award.badge_key], registry.issuers[award.issuer_id]
    page.goto(served + f"credentials/{award.id}/")
    link = page.get_by_role("link", name="Add to LinkedIn profile")
    parts = urlsplit(link.get_attribute("href"))
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "www.linkedin.com", "/profile/add")
    assert dict(parse_qsl(parts.query)) == {
        "startTask": "CERTIFICATION_NAME", "name": badge.name, "organizationName": issuer.name,
        "issueYear": str(award.awarded.year), "issueMonth": str(award.awarded.month),
        "expirationYear": str(award.valid_until.year), "expirationMonth": str(award.valid_until.month),  # type: ignore[union-attr]
        "certUrl": f"{SITE}credentials/{award.id}/", "certId": award.id}
    assert link.get_attribute("rel") == "noopener noreferrer"
    assert page.get_by_text('LinkedIn then links "Show credential" to this page').is_visible()


def test_a_revoked_credential_has_no_linkedin_link(page: Any, served: str, registry: Registry) -> None:
    page.goto(served + f"credentials/{sorted(registry.revocations)[0]}/")
    assert page.get_by_role("link", name="Add to LinkedIn profile").count() == 0
    assert "this credential was revoked by its issuer" in page.locator("#credreg-linkedin-none").inner_text()


def test_the_qr_code_reads_as_the_credential_url(page: Any, served: str, registry: Registry, tmp_path: Path) -> None:
    import cv2
    award = entry_award(registry)
    page.goto(served + f"credentials/{award.id}/")
    shot = tmp_path / "qr.png"
    page.locator("#credreg-qr svg").screenshot(path=str(shot))
    text, points, _ = cv2.QRCodeDetector().detectAndDecode(cv2.imread(str(shot)))
    assert points is not None and text == f"{SITE}credentials/{award.id}.json"
    assert page.locator("#credreg-credential-url").inner_text() == text  # the URL to paste is the same


def test_links_to_other_verifiers(page: Any, served: str, registry: Registry) -> None:
    award = entry_award(registry)
    page.goto(served + f"credentials/{award.id}/")
    credential = f"{SITE}credentials/{award.id}.json"
    plus = page.get_by_role("link", name="VerifierPlus").get_attribute("href")
    assert plus == "https://verifierplus.org/#verify?vc=" + credential.replace(":", "%3A").replace("/", "%2F")
    own = page.get_by_role("link", name="This registry's verify page").get_attribute("href")
    assert own == f"../../verify/?url={credential}"


def test_the_registry_verify_link_verifies(browser: Any, served: str, registry: Registry) -> None:
    """Followed, the registry's own link verifies the credential (the page then shows the badge image from the
    credential's absolute URL, so this page is not watched for other origins)."""
    page = browser.new_page()
    page.goto(served + f"credentials/{entry_award(registry).id}/")
    page.get_by_role("link", name="This registry's verify page").click()
    page.wait_for_url(re.compile(r"/verify/\?url="))
    page.wait_for_selector("#verify-result[data-verdict]", timeout=20_000)
    assert page.get_attribute("#verify-result", "data-verdict") == "VALID"
    page.close()


def meta(page: Any) -> dict[str, str]:
    return page.eval_on_selector_all(
        "meta[property^='og:'], meta[name^='twitter:']",
        "els => Object.fromEntries(els.map(e => [e.getAttribute('property') || e.getAttribute('name'), e.content]))")


@pytest.mark.parametrize("kind", ["evidence", "badge", "issuer"])
def test_link_previews(page: Any, served: str, registry: Registry, kind: str) -> None:
    award = entry_award(registry)
    badge, issuer = registry.badges[award.badge_key], registry.issuers[award.issuer_id]
    path, title, image = {
        "evidence": (f"credentials/{award.id}/", f"{badge.name} · {issuer.name}", f"{SITE}credentials/{award.id}.png"),
        "badge": (f"badges/{badge.issuer_id}/{badge.id}/", f"{badge.name} · {issuer.name}",
                  f"{SITE}badges/{badge.issuer_id}/{badge.id}/{badge.image}"),
        "issuer": (f"issuers/{issuer.id}/", issuer.name, f"{SITE}issuers/{issuer.id}/{issuer.image}"),
    }[kind]
    page.goto(served + path)
    tags = meta(page)
    assert tags["og:title"] == tags["twitter:title"] == title and tags["og:url"] == SITE + path
    assert tags["og:image"] == tags["twitter:image"] == image and tags["twitter:card"] == "summary"
    assert tags["og:site_name"] == "credreg demo registry" and 20 < len(tags["og:description"]) <= 160
    served_image = page.request.get(served + image.removeprefix(SITE))
    assert served_image.status == 200


def test_oembed_document_and_embed_snippet_are_inert_html(page: Any, served: str, registry: Registry) -> None:
    award = entry_award(registry)
    page.goto(served + f"credentials/{award.id}/")
    href = page.locator("#credreg-oembed").text_content()
    assert href == f"{SITE}api/oembed/{award.id}.json"
    document = json.loads(page.request.get(served + href.removeprefix(SITE)).text())
    assert document["type"] == "rich" and document["version"] == "1.0"
    page.locator("#credreg-embed summary").click()
    snippet = page.locator("#credreg-embed textarea").input_value()
    assert snippet == document["html"]
    # pasted into another site's page, the snippet shows the badge and links back, and runs nothing
    other = page.context.browser.new_page()
    def from_served(route: Any) -> None:  # the registry's URLs answered by the test server
        answer = other.context.request.get(served + route.request.url.removeprefix(SITE))
        route.fulfill(status=answer.status, headers=answer.headers, body=answer.body())
    other.route(SITE + "**", from_served)
    other.set_content(f"<!doctype html><body>{snippet}</body>")
    other.wait_for_function("document.querySelector('blockquote img').complete")
    assert other.locator("blockquote img").evaluate("i => i.naturalWidth") > 0
    assert other.locator("script, iframe, object, embed").count() == 0
    assert other.locator("blockquote a").first.get_attribute("href") == f"{SITE}credentials/{award.id}/"
    other.close()


PRINTED = """() => {
  const shown = s => [...document.querySelectorAll(s)].some(e => e.offsetParent !== null || getComputedStyle(e).position === 'fixed' && getComputedStyle(e).display !== 'none');
  return {header: shown('.md-header'), tabs: shown('.md-tabs'), sidebar: shown('.md-sidebar'), footer: shown('.md-footer'),
          buttons: shown('.md-button, button'), share: shown('#share, .credreg-share__ways'), downloads: shown('#credreg-downloads'),
          qr: shown('#credreg-qr svg'), url: shown('#credreg-print-url'), status: shown('#credreg-status'),
          results: document.body.innerText.includes('Assessment results')};
}"""


def test_print_view_is_a_one_page_certificate(page: Any, served: str, registry: Registry) -> None:
    award = entry_award(registry)
    page.goto(served + f"credentials/{award.id}/")
    assert page.evaluate(PRINTED)["url"] is False  # the print-only line stays off the screen
    page.emulate_media(media="print")
    assert page.evaluate(PRINTED) == {"header": False, "tabs": False, "sidebar": False, "footer": False,
                                      "buttons": False, "share": False, "downloads": False, "qr": True, "url": True,
                                      "status": True, "results": True}
    assert page.locator("#credreg-print-url").inner_text() == (
        f"Verify this credential at {SITE}credentials/{award.id}/ (signed credential: {SITE}credentials/{award.id}.json).")
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(re.findall(rb"/Type\s*/Page[^s]", pdf)) == 1


def test_baked_badges_download_and_render(page: Any, served: str, registry: Registry) -> None:
    """Both downloads are there, served as images that the browser draws, and carry the signed credential."""
    award = entry_award(registry)
    page.goto(served + f"credentials/{award.id}/")
    for name, kind in (("Baked badge (PNG)", "image/png"), ("baked badge (SVG)", "image/svg+xml")):
        link = page.get_by_role("link", name=name, exact=True)
        assert link.get_attribute("download") is not None
        url = page.evaluate("h => new URL(h, location.href).href", link.get_attribute("href"))
        response = page.request.get(url)
        assert response.status == 200 and response.headers["content-type"] == kind
        assert b"openbadgecredential" in response.body() or b"openbadges:credential" in response.body()
        width = page.evaluate("""u => new Promise((ok, no) => { const i = new Image(); i.onload = () => ok(i.naturalWidth);
                                  i.onerror = () => no(new Error('not drawn: ' + u)); i.src = u; })""", url)
        assert width > 0


def test_the_trust_list_is_served_as_wallets_read_it(page: Any, served: str, registry: Registry) -> None:
    """/api/issuer-registry.json, fetched by a page as a wallet's web view would: every issuer keyed by its DID,
    with name, url and (where given) location, in the DCC issuer-registry shape."""
    page.goto(served)
    document = page.evaluate("fetch('api/issuer-registry.json').then(r => r.json())")
    assert set(document) == {"meta", "registry"} and set(document["meta"]) == {"created", "updated"}
    for issuer in registry.issuers.values():
        entry = document["registry"][f"did:web:demo.credreg.example:issuers:{issuer.id}"]
        assert entry == {"name": issuer.name, **({"location": issuer.location} if issuer.location else {}),
                         "url": issuer.url}
