"""Evidence pages of awards, rendered with a lean template outside MkDocs' page pipeline.

Awards are the bulk of a registry (a marketplace may hold 100,000): they stay out of the navigation and the
search index, and each renders in well under a millisecond into the site's own frame (frame.py), so it looks
like every other page. What depends on the date is shown as of the build and re-worded by evidence.js as of
the reader's date.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..dates import iso
from ..model import Award, Outcome, Registry, Step
from ..ob3.document import LINK_GENRES
from ..progress import Progress
from ..verify.stacking import undecided
from .endorsements import on_award_date
from .frame import Frame
from .hosted import json_bytes, publish_file
from .pages import SiteModel
from .parallel import for_each_award
from .sharing import oembed_document, preview_tags, share_context
from .render import environment, plain_text, safe_url, shortened

LEVELS = {"badge": "Badge", "micro-credential": "Micro-credential", "full-credential": "Full credential"}


def _day(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else ""


def status_of(award: Award, registry: Registry, now: datetime) -> dict[str, str]:
    """The award's status as of `now` (the build's date): revoked (with reason), else its dates' status."""
    revocation = registry.revocations.get(award.id)
    if revocation is not None:
        return {"kind": "revoked", "title": "Revoked", "ended": _day(revocation.revoked_at),
                "detail": f"on {_day(revocation.revoked_at)}: {revocation.reason}"}
    return dates_status(award, now)


def dates_status(award: Award, now: datetime) -> dict[str, str]:
    """Whether `now` lies within the award's dates: expired, not yet valid, or valid. evidence.js words it the
    same way as of the reader's date (stateOf), so keep the two in step."""
    until = award.valid_until
    if until and until < now:
        return {"kind": "expired", "title": "Expired", "ended": _day(until), "detail": f"on {_day(until)}"}
    if award.valid_from > now:
        return {"kind": "pending", "title": "Not yet valid", "detail": f"valid from {_day(award.valid_from)}"}
    return {"kind": "valid", "title": "Valid", "detail": f"as of {now.date()}" + (f", until {_day(until)}" if until else "")}


def dates_row(award: Award, status: dict[str, str]) -> dict[str, str]:
    """The facts table's row on the award's end: "Valid until" while it may be used, else when it ended."""
    if "ended" in status:
        return {"label": status["title"], "value": status["ended"]}
    return {"label": "Valid until", "value": _day(award.valid_until) or "does not expire"}


def dates_step(award: Award, dates: dict[str, str]) -> Step:
    """The log's last step: whether the award is within its dates (`dates_status`) as of the build."""
    if dates["kind"] != "valid":
        return Step("dates", Outcome.FAIL, dates["detail"])
    return Step("dates", Outcome.PASS, f"valid from {_day(award.valid_from)}"
                + (f" until {_day(award.valid_until)}" if award.valid_until else ""))


def verification_log(award: Award, status: dict[str, str], now: datetime) -> list[Step]:
    """The steps the verify stage of `credreg check` ran on the award (it loaded and passed validation to get
    there) and their outcomes, then its status and dates as of the build."""
    steps = list(award.checks)
    for number, proof in enumerate(award.proofs, 1):
        failed = next((s for s in proof.steps if s.outcome is not Outcome.PASS), None)
        steps.append(Step(f"proof {number} ({proof.cryptosuite})", failed.outcome if failed else Outcome.PASS,
                          f"signed {_day(proof.created)} with {proof.verification_method}: "
                          + "; ".join(s.detail for s in proof.steps)))
    revoked = status["kind"] == "revoked"
    steps.append(Step("status", Outcome.FAIL if revoked else Outcome.PASS,
                      f"revoked: {status['detail']}" if revoked else "not revoked in the issuer's signed status list"))
    steps.append(dates_step(award, dates_status(award, now)))
    return steps


SUMMARY_LIMIT = 300  # characters of the badge description an evidence page shows, cut at a word
CROSS_ISSUER_NOTE = ("Across issuers the recipient hashes differ by design, so this page cannot match another issuer's "
                     "components to the holder: credreg matched them with the recipient's email when the award was "
                     "made, and the issuer vouches for that with its signature")


def _linked(site: SiteModel, award: Award, ids: list[str] | tuple[str, ...], now: datetime) -> list[dict[str, Any]]:
    """Other awards of the registry, as the page lists them: badge, issuer, award date and their state now."""
    reg = site.registry
    out: list[dict[str, Any]] = []
    for cid in ids:
        other = reg.awards.get(cid)
        if other is None:  # the check refuses it; a page never breaks on it
            out.append({"id": cid, "missing": True})
            continue
        badge, issuer = reg.badges[other.badge_key], reg.issuers[other.issuer_id]
        out.append({"id": cid, "missing": False, "badge": badge.name, "level": LEVELS[badge.level],
                    "issuer": issuer.name, "awarded": _day(other.awarded), "state": status_of(other, reg, now),
                    "valid_from": iso(other.valid_from), "valid_until": iso(other.valid_until) if other.valid_until else "",
                    "cross_issuer": other.issuer_id != award.issuer_id})
    return out


def stacking(site: SiteModel, award: Award, now: datetime) -> dict[str, Any]:
    """The award's place among stacked credentials: its components (and those revoked since it was made, with
    the issuer's decision), what it renews, what renews it and what it counts towards."""
    reg = site.registry
    kept = reg.kept.get(award.id)
    if kept is not None and undecided(reg, award, kept.decided_at):
        kept = None  # a component was revoked after the decision: it no longer speaks for the award
    components = _linked(site, award, award.components, now)
    return {
        "components": components,
        "cross_issuer": any(c.get("cross_issuer") for c in components),
        "revoked_later": [{"id": r.credential_id, "on": _day(r.revoked_at), "reason": r.reason,
                           "badge": reg.badges[reg.awards[r.credential_id].badge_key].name
                           if r.credential_id in reg.awards else r.credential_id}
                          for r in reg.revoked_components(award)],
        "kept": {"on": _day(kept.decided_at), "reason": kept.reason} if kept else None,
        "renews": _linked(site, award, [award.renews] if award.renews else [], now),
        "renewed_by": _linked(site, award, site.renewed_by.get(award.id, []), now),
        "counts_in": _linked(site, award, site.counts_in.get(award.id, []), now),
    }


def evidence_article(site: SiteModel, award: Award, now: datetime) -> str:
    """The article of one evidence page: everything inside the site's frame (frame.py)."""
    reg, urls = site.registry, site.urls
    badge, issuer = reg.badges[award.badge_key], reg.issuers[award.issuer_id]
    status = status_of(award, reg, now)
    rows = [{"criterion": r.criterion.name, "level": r.level.name, "points": r.level.points} for r in award.results]
    steps: list[dict[str, Any]] = [{"outcome": s.outcome.value, "name": s.name, "detail": s.detail}
                                   for s in verification_log(award, status, now)]
    evidence = [{"url": safe_url(e.url), "name": e.name} for e in award.evidence
                if safe_url(e.url) and e.genre not in LINK_GENRES]  # linked credentials are listed apart
    root = "../../"
    return environment().get_template("evidence.html").render(
        root=root, page_url=urls.evidence_page(award.id),
        credential_id=award.id, badge=badge, issuer=issuer, level=LEVELS[badge.level], status=status,
        recipient_name=award.recipient.name, awarded=_day(award.awarded),
        valid_from=iso(award.valid_from), valid_until=iso(award.valid_until) if award.valid_until else "",
        dates_row=dates_row(award, status), dates_kind=dates_status(award, now)["kind"],
        summary=shortened(plain_text(badge.description), SUMMARY_LIMIT), results=rows, rubric_version=str(award.rubric.version),
        threshold=award.rubric.pass_threshold, max_points=award.rubric.max_points,
        total=award.total, evidence=evidence, steps=steps, built_at=now.date().isoformat(),
        verify_href=f"{root}verify/?url={quote(urls.credential(award.id), safe=':/')}",
        methods=", ".join(m.replace("-", " ") for m in badge.assessment_methods),
        standing=on_award_date(reg, award, now),
        pathway=site.evidence_figure(badge.key), stack=stacking(site, award, now), cross_issuer_note=CROSS_ISSUER_NOTE,
        share=share_context(award, badge, issuer, urls, revoked=status["kind"] == "revoked"))


def render_award(site: SiteModel, award: Award, frame: Frame, now: datetime) -> str:
    """The HTML of one evidence page, served at /credentials/<id>/: the article in the site's own frame, with
    link-preview tags in the head. No oEmbed discovery link: the theme fetches a sitemap.xml beside every
    <link rel="alternate">; the embed section names the oEmbed document's URL instead."""
    urls = site.urls
    badge, issuer = site.registry.badges[award.badge_key], site.registry.issuers[award.issuer_id]
    topic = f"{badge.name} · {issuer.name}"
    description = shortened(plain_text(badge.description), 160)
    head = environment().get_template("evidence_head.html").render(page_url=urls.evidence_page(award.id))
    # the baked PNG as preview image: social sites show PNG, where many badge images are SVG
    head += preview_tags(topic, description, urls.evidence_page(award.id), urls.baked(award.id, "png"), site.site_name)
    return frame.page(f"{topic} - {site.site_name}", topic, description, head, evidence_article(site, award, now))


def award_page_writer(site: SiteModel, site_dir: Path, frame: Frame, now: datetime) -> Callable[[str], int]:
    """A function writing one award's evidence page and oEmbed document into `site_dir` (2 files)."""
    reg, urls = site.registry, site.urls

    def write(award_id: str) -> int:
        award = reg.awards[award_id]
        publish_file(site_dir, urls, urls.evidence_page(award.id), render_award(site, award, frame, now).encode("utf-8"))
        document = oembed_document(award, reg.badges[award.badge_key], reg.issuers[award.issuer_id], urls, site.site_name)
        publish_file(site_dir, urls, urls.oembed(award.id), json_bytes(document))
        return 2
    return write


def write_award_pages(site: SiteModel, site_dir: Path, frame: Frame, now: datetime,
                      progress: Progress | None = None) -> int:
    """Render every award's evidence page and its oEmbed document into `site_dir`; returns how many pages."""
    for_each_award(list(site.registry.awards), award_page_writer(site, site_dir, frame, now), progress, "evidence pages")
    return len(site.registry.awards)
