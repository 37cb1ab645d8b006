"""What an evidence page offers for carrying a credential elsewhere, as data: LinkedIn's "Add to profile" URL, the
VerifierPlus link, link-preview tags, the embed snippet and oEmbed document; hostile names stay inert, and an
issuer's `linkedinOrganizationId` gets an exact problem for every bad value."""
from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest
from support import REPO, fixture_key, issuer_yaml

from registry.check import check_registry
from registry.config import load_site_urls
from registry.model import Award, Registry
from registry.publish.sharing import embed_html, linkedin_url, oembed_document, preview_tags, qr_svg, verifier_plus_url

URLS = load_site_urls(REPO)
HOSTILE = 'Acme & Sons #1 "<script>alert(1)</script>" Ünïcødé?x=1'


def award_with(registry: Registry, expires: bool) -> Award:
    return next(a for a in sorted(registry.awards.values(), key=lambda a: a.id) if bool(a.valid_until) == expires)


def query(url: str) -> list[tuple[str, str]]:
    parts = urlsplit(url)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "www.linkedin.com", "/profile/add")
    return parse_qsl(parts.query, strict_parsing=True)


LINKEDIN_CASES = {
    "no expiry, no organization id": (False, None, HOSTILE),
    "with expiry": (True, None, "Sprintwise"),
    "with organization id": (True, "1337", "Sprintwise"),
    "hostile names": (True, "42", HOSTILE),
}


@pytest.mark.parametrize("expires, org_id, name", LINKEDIN_CASES.values(), ids=LINKEDIN_CASES.keys())
def test_linkedin_add_to_profile(registry: Registry, expires: bool, org_id: str | None, name: str) -> None:
    award = award_with(registry, expires)
    badge = replace(registry.badges[award.badge_key], name=name + " badge")
    issuer = replace(registry.issuers[award.issuer_id], name=name, linkedin_organization_id=org_id)
    url = linkedin_url(award, badge, issuer, URLS)
    expected = [("startTask", "CERTIFICATION_NAME"), ("name", name + " badge"), ("organizationName", name)]
    expected += [("organizationId", org_id)] if org_id else []
    expected += [("issueYear", str(award.awarded.year)), ("issueMonth", str(award.awarded.month))]
    if award.valid_until:
        expected += [("expirationYear", str(award.valid_until.year)), ("expirationMonth", str(award.valid_until.month))]
    expected += [("certUrl", f"https://demo.credreg.example/credentials/{award.id}/"), ("certId", award.id)]
    assert query(url) == expected
    assert all(c not in url for c in ' "<>#') and url.count("?") == 1


def test_verifier_plus_link_carries_the_credential_url_encoded() -> None:
    url = verifier_plus_url("https://demo.credreg.example/credentials/abc.json")
    assert url == "https://verifierplus.org/#verify?vc=https%3A%2F%2Fdemo.credreg.example%2Fcredentials%2Fabc.json"


class Tags(HTMLParser):
    """Every start tag and its attributes, and all text, as a browser's parser sees them."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parsed(markup: str) -> Tags:
    parser = Tags()
    parser.feed(markup)
    parser.close()
    return parser


def test_preview_tags_are_escaped_and_complete() -> None:
    tags = parsed(preview_tags(HOSTILE, HOSTILE, "https://r.example/p/", "https://r.example/i.png", HOSTILE)).tags
    assert [t for t, _ in tags] == ["meta"] * 10
    meta = {a.get("property") or a.get("name"): a["content"] for _, a in tags[:10]}
    assert meta == {"og:type": "website", "og:site_name": HOSTILE, "og:title": HOSTILE, "og:description": HOSTILE,
                    "og:url": "https://r.example/p/", "og:image": "https://r.example/i.png",
                    "twitter:card": "summary", "twitter:title": HOSTILE, "twitter:description": HOSTILE,
                    "twitter:image": "https://r.example/i.png"}


def test_an_issuer_without_a_logo_has_no_image_tags() -> None:
    names = [a.get("property") or a.get("name") for _, a in parsed(preview_tags("t", "d", "https://r/", "", "s")).tags]
    assert "og:image" not in names and "twitter:image" not in names and "og:title" in names


def test_embed_and_oembed_are_inert_html(registry: Registry) -> None:
    award = replace(award_with(registry, True), recipient=replace(award_with(registry, True).recipient, name=HOSTILE))
    badge = replace(registry.badges[award.badge_key], name=HOSTILE)
    issuer = replace(registry.issuers[award.issuer_id], name=HOSTILE)
    snippet = embed_html(award, badge, issuer, URLS)
    found = parsed(snippet)
    assert [t for t, _ in found.tags] == ["blockquote", "a", "img", "p", "a", "a"]
    assert {a.get("href") for t, a in found.tags if t == "a"} == {URLS.evidence_page(award.id)}
    assert "".join(found.text) == f"{HOSTILE}, awarded to {HOSTILE} by {HOSTILE} on {award.awarded.date()}. Verify it."
    document = oembed_document(award, badge, issuer, URLS, "Registry")
    assert document["version"] == "1.0" and document["type"] == "rich" and document["html"] == snippet
    assert document["provider_url"] == "https://demo.credreg.example/" and document["title"] == HOSTILE


def test_qr_code_svg_is_escaped_and_scriptless() -> None:
    svg = qr_svg('https://r.example/"><script>x</script>')
    assert "<script" not in svg and svg.startswith('<svg width=') and html.escape("<script>", quote=False) in svg


# (id, the linkedinOrganizationId line of issuer.yaml, [(code, line, message, hint)])
FORM = ('the digits of the issuer\'s LinkedIn page id, as a quoted string (e.g. "1337"): the number in the page\'s '
        "admin URL linkedin.com/company/<digits>/admin")
BAD_ORG_IDS = [
    ("a number, not text", "linkedinOrganizationId: 1337\n",
     [("wrong-type", 17, "linkedinOrganizationId must be text, not a number",
       "quote text values; write numbers and true/false without quotes")]),
    ("a name", 'linkedinOrganizationId: "acme"\n',
     [("bad-format", 17, "linkedinOrganizationId 'acme' is not in the expected form", FORM)]),
    ("a URL", 'linkedinOrganizationId: "https://www.linkedin.com/company/1337/"\n',
     [("bad-format", 17, "linkedinOrganizationId 'https://www.linkedin.com/company/1337/' is not in the expected "
       "form", FORM)]),
    ("leading zero", 'linkedinOrganizationId: "01337"\n',
     [("bad-format", 17, "linkedinOrganizationId '01337' is not in the expected form", FORM)]),
    ("query smuggling", 'linkedinOrganizationId: "1&certUrl=https://evil.example/"\n',
     [("bad-format", 17, "linkedinOrganizationId '1&certUrl=https://evil.example/' is not in the expected form",
       FORM)]),
]


@pytest.mark.parametrize(("line", "expected"), [c[1:] for c in BAD_ORG_IDS], ids=[c[0] for c in BAD_ORG_IDS])
def test_bad_linkedin_organization_id_is_refused(make_registry: Callable[..., Path], line: str,
                                                 expected: list[tuple[str, int, str, str]]) -> None:
    acme = "issuers/acme/issuer.yaml"
    result = check_registry(make_registry({acme: issuer_yaml("Acme Training", fixture_key("acme"), extra=line)}))
    assert [(p.code, p.line, p.message, p.hint) for p in result.problems if p.file == acme] == expected


def test_linkedin_organization_id_reaches_the_model(make_registry: Callable[..., Path]) -> None:
    acme = "issuers/acme/issuer.yaml"
    line = 'linkedinOrganizationId: "1337"\n'
    result = check_registry(make_registry({acme: issuer_yaml("Acme Training", fixture_key("acme"), extra=line)}))
    assert result.problems == () and result.registry is not None
    assert result.registry.issuers["acme"].linkedin_organization_id == "1337"
    assert result.registry.issuers["globex"].linkedin_organization_id is None

