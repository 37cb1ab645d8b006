"""Evidence pages of awards, rendered with a lean template outside MkDocs' page pipeline.

Awards are the bulk of a registry (a marketplace may hold 100,000): they stay out of
the navigation and the search index, and each renders in well under a millisecond
while reusing the theme's stylesheets for the same look.
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..dates import iso
from ..model import Award, BadgeClass, Outcome, Registry, Step
from ..ob3.document import LINK_GENRES
from ..verify.stacking import undecided
from .pages import SiteModel
from .render import environment, plain_text, safe_url, shortened

LEVELS = {"badge": "Badge", "micro-credential": "Micro-credential", "full-credential": "Full credential"}


def _day(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment else ""


def status_of(award: Award, registry: Registry, now: datetime | None) -> dict[str, str]:
    """The award's status as of the build: revoked (with reason), expired, not yet valid, or valid."""
    revocation = registry.revocations.get(award.id)
    if revocation is not None:
        return {"kind": "revoked", "title": "Revoked",
                "detail": f"on {revocation.revoked_at.date()}: {revocation.reason}"}
    until = award.valid_until
    if now is not None:
        if until and until < now:
            return {"kind": "expired", "title": "Expired", "detail": f"on {_day(until)}"}
        if award.valid_from > now:
            return {"kind": "pending", "title": "Not yet valid", "detail": f"valid from {_day(award.valid_from)}"}
        return {"kind": "valid", "title": "Valid", "detail": f"as of {now.date()}" + (f", until {_day(until)}" if until else "")}
    return {"kind": "valid", "title": "Valid", "detail": "not revoked" + (f"; expires {_day(until)}" if until else "")}


def verification_log(award: Award, status: dict[str, str]) -> list[Step]:
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
    off = status["kind"] in ("expired", "pending")
    steps.append(Step("dates", Outcome.FAIL if off else Outcome.PASS, status["detail"] if off else
                      f"valid from {_day(award.valid_from)}" + (f" until {_day(award.valid_until)}" if award.valid_until else "")))
    return steps


SUMMARY_LIMIT = 300  # characters of the badge description an evidence page shows, cut at a word
CROSS_ISSUER_NOTE = ("Across issuers the recipient hashes differ by design, so this page cannot match another issuer's "
                     "components to the holder: credreg matched them with the recipient's email when the award was "
                     "made, and the issuer vouches for that with its signature")


def accreditation_on(site: SiteModel, badge: BadgeClass, awarded: date) -> list[dict[str, Any]]:
    """Each accreditation of the badge class as it stood on the award date: it counts only if the date lies in
    [since, until]; otherwise the text says when the accreditation held instead."""
    out = []
    for accreditor, a in site.accreditations_of(badge.key):
        held = a.since <= awarded and (a.until is None or awarded <= a.until)
        span = f"from {a.since}" + (f" until {a.until}" if a.until else "")
        if held:
            text = f"Accredited by {accreditor.name} on the award date (accredited {span})"
        else:
            text = f"Not accredited on the award date (accredited by {accreditor.name} {span})"
        out.append({"held": held, "text": text, "href": f"issuers/{accreditor.id}/"})
    return out


def _linked(site: SiteModel, award: Award, ids: list[str] | tuple[str, ...], now: datetime | None) -> list[dict[str, Any]]:
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
                    "cross_issuer": other.issuer_id != award.issuer_id})
    return out


def stacking(site: SiteModel, award: Award, now: datetime | None) -> dict[str, Any]:
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


def render_award(site: SiteModel, award: Award, stylesheets: list[str], now: datetime | None) -> str:
    """The HTML of one evidence page (a standalone document, served at /credentials/<id>/)."""
    reg, urls = site.registry, site.urls
    badge, issuer = reg.badges[award.badge_key], reg.issuers[award.issuer_id]
    status = status_of(award, reg, now)
    rows = [{"criterion": r.criterion.name, "level": r.level.name, "points": r.level.points} for r in award.results]
    steps: list[dict[str, Any]] = [{"outcome": s.outcome.value, "name": s.name, "detail": s.detail}
                                   for s in verification_log(award, status)]
    evidence = [{"url": safe_url(e.url), "name": e.name} for e in award.evidence
                if safe_url(e.url) and e.genre not in LINK_GENRES]  # linked credentials are listed apart
    root = "../../"
    return environment().get_template("evidence.html").render(
        site_name=site.site_name, root=root, stylesheets=stylesheets, page_url=urls.evidence_page(award.id),
        credential_id=award.id, badge=badge, issuer=issuer, level=LEVELS[badge.level], status=status,
        recipient_name=award.recipient.name, awarded=_day(award.awarded),
        valid_until=iso(award.valid_until) if award.valid_until else "",
        valid_until_text=_day(award.valid_until) or "does not expire",
        summary=shortened(plain_text(badge.description), SUMMARY_LIMIT), results=rows, rubric_version=str(award.rubric.version),
        threshold=award.rubric.pass_threshold, max_points=award.rubric.max_points,
        total=award.total, evidence=evidence, steps=steps,
        built_at=now.date().isoformat() if now else "",
        verify_href=f"{root}verify/?url={quote(urls.credential(award.id), safe=':/')}",
        methods=", ".join(m.replace("-", " ") for m in badge.assessment_methods),
        accreditation=accreditation_on(site, badge, award.awarded.date()),
        pathway=site.evidence_figure(badge.key), stack=stacking(site, award, now), cross_issuer_note=CROSS_ISSUER_NOTE)


def write_award_pages(site: SiteModel, site_dir: Path, stylesheets: list[str], now: datetime | None) -> int:
    """Render every award's evidence page into `site_dir`; returns how many."""
    for award in site.registry.awards.values():
        path = site_dir / site.urls.site_path(site.urls.evidence_page(award.id))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_award(site, award, stylesheets, now), encoding="utf-8")
    return len(site.registry.awards)
