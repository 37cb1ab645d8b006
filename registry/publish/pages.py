"""The site's generated pages (home, issuers, badge classes, catalog, pathways, verify) as Markdown sources.

Each page is one escaped HTML block (Markdown passes it through untouched) with a
front-matter title that is HTML-escaped too, because themes print titles raw.
"""
from __future__ import annotations

import html
import json
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from markupsafe import Markup

from ..dates import add_months
from ..model import BadgeClass, Issuer, IssuerKey, Label, Registry, Rubric
from ..urls import SiteUrls
from . import endorsements
from .pathway_svg import Drawing, pathway_figure
from .pathways import Pathway, all_pathways, focused, overview
from .render import render, spaced

KIND_LABELS = {"training-provider": "Training provider", "school": "School", "university": "University",
               "marketplace": "Freelance marketplace", "employer": "Employer", "accreditor": "Accreditor",
               "professional-body": "Professional body", "community": "Community"}


@dataclass(frozen=True)
class PageSource:
    """One generated page: where it goes (docs-relative .md path) and its Markdown text."""

    path: str
    title: str
    text: str


def relative(from_page: str, target: str) -> str:
    """A link from the page at docs path `from_page` (…/index.md) to a site path like 'badges/'."""
    base = posixpath.dirname(from_page)
    rel = posixpath.relpath(target or ".", base or ".")
    if target.endswith("/") and not rel.endswith("/"):
        rel += "/"
    return "./" if rel == "./" or rel == "." else rel


def key_status(key: IssuerKey) -> str:
    """How a key stands, in words."""
    if key.revoked_at is not None:
        return f"revoked ({key.revocation_reason})"
    if key.valid_until is not None:
        return "retired"
    return "current"


def page_path(urls: SiteUrls, url: str) -> str:
    """The generated Markdown page MkDocs serves at `url` (its path from the URL, as for every published file)."""
    return urls.site_path(url).removesuffix("index.html") + "index.md"


def page_source(path: str, title: str, template: str, **context: Any) -> PageSource:
    rel: Callable[[str], str] = lambda target: relative(path, target)  # noqa: E731
    body = render(template, rel=rel, kind_label=lambda k: KIND_LABELS.get(k, k), key_status=key_status,
                  rubric_table=lambda r: Markup(render("rubric.html", rubric=r)), **context)
    # The home page takes no title of its own: the theme would show "<site name> - <site name>"
    front = "" if path == "index.md" else f"---\ntitle: {json.dumps(html.escape(title, quote=False))}\n---\n\n"
    return PageSource(path, title, f"{front}<div class=\"credreg-page\" markdown=\"0\">\n{spaced(body)}\n</div>\n")


class SiteModel:
    """Derived views of the registry that several pages need (counts, accreditations, pathways)."""

    def __init__(self, registry: Registry, urls: SiteUrls, site_name: str) -> None:
        self.registry, self.urls, self.site_name = registry, urls, site_name
        self.earners: dict[str, int] = {}
        self.revoked: dict[str, int] = {}
        for award in registry.awards.values():
            if award.id not in registry.revocations:
                self.earners[award.badge_key] = self.earners.get(award.badge_key, 0) + 1
            else:
                self.revoked[award.issuer_id] = self.revoked.get(award.issuer_id, 0) + 1
        self.leads_to: dict[str, list[BadgeClass]] = {}
        for badge in registry.badges.values():
            for ref in badge.builds_on:
                self.leads_to.setdefault(ref, []).append(badge)
        self.pathways = all_pathways(registry.badges)
        self.pathway_of = {key: p for p in self.pathways for key in p.badges}
        self._figures: dict[str, Markup] = {}
        self.renewed_by: dict[str, list[str]] = {}  # award id → the awards that renew it
        self.counts_in: dict[str, list[str]] = {}  # award id → the stacked awards that list it as a component
        for award in registry.awards.values():
            if award.renews:
                self.renewed_by.setdefault(award.renews, []).append(award.id)
            for component in award.components:
                self.counts_in.setdefault(component, []).append(award.id)

    def figure(self, pathway: Pathway, current: str | None, href: Callable[[str], str], ident: str,
               caption: str = "") -> Markup:
        """One pathway drawn, with its list; `current` highlighted. Links come from `href` (badge key → URL)."""
        return pathway_figure(Drawing(pathway, self.registry.badges, self.registry.issuers, current, href, ident),
                              caption)

    def evidence_figure(self, badge_key: str) -> Markup | None:
        """The compact pathway of one class as evidence pages draw it (the same for each of its awards: made once)."""
        pathway = self.pathway_of.get(badge_key)
        if pathway is None:
            return None
        if badge_key not in self._figures:
            reg = self.registry
            self._figures[badge_key] = self.figure(
                focused(reg.badges, pathway, badge_key, compact=True), badge_key,
                lambda key: "../../badges/{}/{}/".format(*key.split("/")), "credreg-pathway",
                "Where this credential sits on its pathway.")
        return self._figures[badge_key]

    def badges_with_counts(self, issuer_id: str | None = None) -> list[tuple[BadgeClass, Issuer, int]]:
        """Badge classes (of one issuer, or all) with their issuer and number of earners."""
        badges = self.registry.badges_of(issuer_id) if issuer_id else tuple(self.registry.badges.values())
        return [(b, self.registry.issuers[b.issuer_id], self.earners.get(b.key, 0)) for b in badges]


def home_page(site: SiteModel, featured: list[str]) -> PageSource:
    """The home page: what this is, search, featured badges, how to verify."""
    cards = site.badges_with_counts()
    chosen = [c for c in cards if c[0].key in featured] or sorted(cards, key=lambda c: (-c[2], c[0].key))[:6]
    return page_source("index.md", site.site_name, "home.html", site_name=site.site_name, site_url=site.urls.site_url,
                 issuers=site.registry.issuers, badge_count=len(site.registry.badges),
                 award_count=len(site.registry.awards), featured=chosen, pathway_count=len(site.pathways))


def issuer_pages(site: SiteModel, now: datetime) -> list[PageSource]:
    """The issuer directory and one page per issuer, with the endorsements it gives and receives as of `now`."""
    reg = site.registry
    rows = []
    pages = []
    for issuer in reg.issuers.values():
        badges = site.badges_with_counts(issuer.id)
        awards = sum(1 for a in reg.awards.values() if a.issuer_id == issuer.id)
        accredited = sum(1 for b, _, _ in badges if endorsements.badge_label(reg, b, now) is Label.ACCREDITED)
        rows.append((issuer, len(badges), awards, f"{accredited} accredited" if accredited else "—"))
        pages.append(page_source(
            page_path(site.urls, site.urls.issuer_page(issuer.id)), issuer.name, "issuer.html", issuer=issuer,
            badges=[(b, n) for b, _, n in badges], award_count=awards, revoked_count=site.revoked.get(issuer.id, 0),
            received=endorsements.received_by(reg, issuer.id, now), given=endorsements.given_by(reg, issuer.id, now),
            as_of=now.date().isoformat(), did=site.urls.issuer_did(issuer.id), keys=issuer.keys))
    return [page_source("issuers/index.md", "Issuers", "issuers_index.html", rows=rows), *pages]


def badge_pages(site: SiteModel, now: datetime) -> list[PageSource]:
    """The badge catalog and one page per badge class, each with its label and endorsements as of `now`."""
    reg = site.registry
    cards = site.badges_with_counts()
    labels = {b.key: endorsements.badge_label(reg, b, now) for b, _, _ in cards}
    skills = sorted({s.name.lower() for b in reg.badges.values() for s in b.skills})
    pages = [page_source("badges/index.md", "Badge catalog", "catalog.html", cards=cards, skills=skills,
                   issuers=list(reg.issuers.values()), labels=labels, label_choices=endorsements.LABELS)]
    for badge, issuer, earners in cards:
        rubric: Rubric | None = badge.current_rubric
        pages.append(page_source(
            page_path(site.urls, site.urls.badge_page(badge.issuer_id, badge.id)), badge.name, "badge.html", badge=badge, issuer=issuer,
            earners=earners, rubric=rubric, past_rubrics=list(reversed(badge.rubrics[:-1])),
            review_due=add_months(badge.last_reviewed, badge.review_cadence_months),
            builds_on=[reg.badges[k] for k in badge.builds_on if k in reg.badges],
            leads_to=site.leads_to.get(badge.key, []), label=labels[badge.key],
            endorsements=endorsements.of_subject(reg, badge.key, now), as_of=now.date().isoformat(),
            pathway=_badge_figure(site, badge)))
    return pages


def _badge_href(page: str) -> Callable[[str], str]:
    """Links from the page at docs path `page` to badge pages, by badge key."""
    return lambda key: relative(page, "badges/{}/{}/".format(*key.split("/")))


def _badge_figure(site: SiteModel, badge: BadgeClass) -> Markup | None:
    pathway = site.pathway_of.get(badge.key)
    if pathway is None:
        return None
    page = page_path(site.urls, site.urls.badge_page(badge.issuer_id, badge.id))
    return site.figure(focused(site.registry.badges, pathway, badge.key), badge.key, _badge_href(page),
                       "credreg-pathway")


def pathways_page(site: SiteModel) -> PageSource:
    """/pathways/: every pathway of the registry drawn, with each issuer's and the co-branded steps."""
    reg = site.registry
    href = _badge_href("pathways/index.md")
    drawn = [(p, reg.issuers.get(p.home_issuer),
              sorted({reg.issuers[reg.badges[k].issuer_id].name for k in p.badges if reg.badges[k].issuer_id in reg.issuers}),
              site.figure(overview(reg.badges, p), None, href, f"credreg-pathway-{n}"))
             for n, p in enumerate(site.pathways, 1)]
    return page_source("pathways/index.md", "Pathways", "pathways.html", pathways=drawn, badges=reg.badges)


def my_credentials_page(site: SiteModel) -> PageSource:
    """The page where someone types their email and the browser lists their credentials: it hashes the email with
    each published salt and compares (my-credentials.js); nothing is sent."""
    return page_source(page_path(site.urls, site.urls.my_credentials()), "All my credentials", "my_credentials.html")


def verify_page(site: SiteModel) -> PageSource:
    """The in-browser verification page."""
    config = json.dumps({"siteUrl": site.urls.site_url}).replace("<", "\\u003c")
    return page_source("verify/index.md", "Verify a credential", "verify.html", config_json=Markup(config))

