"""Evidence pages of awards, rendered with a lean template outside MkDocs' page pipeline.

Awards are the bulk of a registry (a marketplace may hold 100,000): they stay out of
the navigation and the search index, and each renders in well under a millisecond
while reusing the theme's stylesheets for the same look.
"""
from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..dates import iso
from ..model import Award, Outcome, Registry, Step
from .pages import SiteModel
from .render import environment, plain_text, safe_url

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


def render_award(site: SiteModel, award: Award, stylesheets: list[str], now: datetime | None) -> str:
    """The HTML of one evidence page (a standalone document, served at /credentials/<id>/)."""
    reg, urls = site.registry, site.urls
    badge, issuer = reg.badges[award.badge_key], reg.issuers[award.issuer_id]
    status = status_of(award, reg, now)
    rows = [{"criterion": r.criterion.name, "level": r.level.name, "points": r.level.points} for r in award.results]
    steps: list[dict[str, Any]] = [{"outcome": s.outcome.value, "name": s.name, "detail": s.detail}
                                   for s in verification_log(award, status)]
    evidence = [{"url": safe_url(e.url), "name": e.name} for e in award.evidence if safe_url(e.url)]
    root = "../../"
    return environment().get_template("evidence.html").render(
        site_name=site.site_name, root=root, stylesheets=stylesheets, page_url=urls.evidence_page(award.id),
        credential_id=award.id, badge=badge, issuer=issuer, level=LEVELS[badge.level], status=status,
        recipient_name=award.recipient.name, awarded=_day(award.awarded),
        valid_until=iso(award.valid_until) if award.valid_until else "",
        valid_until_text=_day(award.valid_until) or "does not expire",
        summary=plain_text(badge.description)[:300], results=rows, rubric_version=str(award.rubric.version),
        threshold=award.rubric.pass_threshold, max_points=award.rubric.max_points,
        total=award.total, evidence=evidence, steps=steps,
        built_at=now.date().isoformat() if now else "",
        verify_href=f"{root}verify/?url={quote(urls.credential(award.id), safe=':/')}")


def write_award_pages(site: SiteModel, site_dir: Path, stylesheets: list[str], now: datetime | None) -> int:
    """Render every award's evidence page into `site_dir`; returns how many."""
    for award in site.registry.awards.values():
        path = site_dir / site.urls.site_path(site.urls.evidence_page(award.id))
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_award(site, award, stylesheets, now), encoding="utf-8")
    return len(site.registry.awards)
