"""What an evidence page offers for carrying a credential elsewhere: LinkedIn's "Add to profile" link, a QR code
of the credential's URL for wallets, links to other verifiers, link-preview tags and an embed snippet.

Every URL is built here from checked values and percent-encoded; every piece of markup is escaped. Nothing on
the page loads a third-party script: the links only leave when the reader follows them.
"""
from __future__ import annotations

import html
from typing import Any
from urllib.parse import quote, urlencode

from ..model import Award, BadgeClass, Issuer, Registry
from ..urls import SiteUrls
from . import qr
from .pages import page_path
from .render import plain_text, shortened

LINKEDIN_ADD = "https://www.linkedin.com/profile/add"  # LinkedIn's documented "Add to profile" form
VERIFIER_PLUS = "https://verifierplus.org/#verify?vc="  # the DCC's VerifierPlus, which fetches the credential URL


def linkedin_url(award: Award, badge: BadgeClass, issuer: Issuer, urls: SiteUrls) -> str:
    """LinkedIn's "Add license or certification" form filled in: the badge's name, the issuer (its page id when it
    gives one), the issue and expiry month, the evidence page as certUrl and the credential id as certId."""
    params = [("startTask", "CERTIFICATION_NAME"), ("name", badge.name), ("organizationName", issuer.name)]
    if issuer.linkedin_organization_id:
        params.append(("organizationId", issuer.linkedin_organization_id))
    params += [("issueYear", str(award.awarded.year)), ("issueMonth", str(award.awarded.month))]
    if award.valid_until:
        params += [("expirationYear", str(award.valid_until.year)), ("expirationMonth", str(award.valid_until.month))]
    params += [("certUrl", urls.evidence_page(award.id)), ("certId", award.id)]
    return f"{LINKEDIN_ADD}?{urlencode(params, quote_via=quote)}"


def verifier_plus_url(credential_url: str) -> str:
    """The credential opened in VerifierPlus, which fetches and verifies it in the reader's browser."""
    return VERIFIER_PLUS + quote(credential_url, safe="")


def qr_svg(text: str) -> str:
    """An inline SVG QR code of `text` (segno's output, made faster by qr.py): black modules on white, a title for
    screen readers, no script. Wallets such as the Learner Credential Wallet import a credential by scanning its URL."""
    return qr.qr_svg(text, "QR code of " + text)


def image_url(badge: BadgeClass, urls: SiteUrls) -> str:
    """The badge image's absolute URL, as link previews need it."""
    return urls.badge_image(badge.issuer_id, badge.id, badge.image)


def preview_tags(title: str, description: str, page_url: str, image: str, site_name: str) -> str:
    """OpenGraph and Twitter card tags for a page's head: what chat apps, social sites and link unfurlers show
    for a shared link."""
    pairs = [("property", "og:type", "website"), ("property", "og:site_name", site_name),
             ("property", "og:title", title), ("property", "og:description", description),
             ("property", "og:url", page_url), ("property", "og:image", image),
             ("name", "twitter:card", "summary"), ("name", "twitter:title", title),
             ("name", "twitter:description", description), ("name", "twitter:image", image)]
    tags = [f'<meta {attr}="{name}" content="{html.escape(value)}">' for attr, name, value in pairs
            if value or not name.endswith(":image")]  # an issuer without a logo has no image to show
    return "\n".join(tags) + "\n"


def embed_html(award: Award, badge: BadgeClass, issuer: Issuer, urls: SiteUrls) -> str:
    """A snippet to paste into another site: plain HTML (a linked image and a line of text), no script, no
    frame, every value escaped; it links back to the evidence page, where the credential is verified."""
    page, e = urls.evidence_page(award.id), html.escape
    who = f" to {e(award.recipient.name)}" if award.recipient.name else ""
    return (f'<blockquote class="credreg-embed" cite="{e(page)}"><a href="{e(page)}"><img src="{e(image_url(badge, urls))}" '
            f'alt="" width="96" height="96"></a><p><a href="{e(page)}">{e(badge.name)}</a>, awarded{who} by '
            f'{e(issuer.name)} on {award.awarded.date().isoformat()}. <a href="{e(page)}">Verify it</a>.</p></blockquote>')


def oembed_document(award: Award, badge: BadgeClass, issuer: Issuer, urls: SiteUrls, site_name: str) -> dict[str, Any]:
    """The oEmbed 1.0 "rich" document of an evidence page: the embed snippet, with the badge image as thumbnail."""
    return {"version": "1.0", "type": "rich", "title": badge.name, "author_name": issuer.name,
            "author_url": urls.issuer_page(issuer.id), "provider_name": site_name, "provider_url": urls.site_url,
            "html": embed_html(award, badge, issuer, urls), "width": 480, "height": 120,
            "thumbnail_url": image_url(badge, urls), "thumbnail_width": 96, "thumbnail_height": 96}


def share_context(award: Award, badge: BadgeClass, issuer: Issuer, urls: SiteUrls, revoked: bool) -> dict[str, Any]:
    """Everything the evidence page's share section shows (templates/evidence_share.html)."""
    credential = urls.credential(award.id)
    return {"linkedin": None if revoked else linkedin_url(award, badge, issuer, urls),
            "qr": qr_svg(credential), "credential_url": credential, "verifier_plus": verifier_plus_url(credential),
            "embed": embed_html(award, badge, issuer, urls), "page_url": urls.evidence_page(award.id),
            "oembed": urls.oembed(award.id)}


def page_previews(registry: Registry, urls: SiteUrls, site_name: str) -> dict[str, str]:
    """Link-preview tags of the badge and issuer pages, by the generated page's source path ("badges/…/index.md"),
    for the plugin to put in their heads."""
    out: dict[str, str] = {}
    for badge in registry.badges.values():
        issuer = registry.issuers[badge.issuer_id]
        page = urls.badge_page(badge.issuer_id, badge.id)
        out[page_path(urls, page)] = preview_tags(f"{badge.name} · {issuer.name}",
                                                shortened(plain_text(badge.description), 160), page,
                                                image_url(badge, urls), site_name)
    for issuer in registry.issuers.values():
        page = urls.issuer_page(issuer.id)
        image = urls.issuer_image(issuer.id, issuer.image) if issuer.image else None
        out[page_path(urls, page)] = preview_tags(issuer.name, shortened(plain_text(issuer.description), 160), page,
                                                image or "", site_name)
    return out

