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

from ..model import Award, BadgeClass, Registry
from ..ob3.fields import MAX_RUBRIC_VERSION, ascii_int
from .pages import SiteModel
from .render import environment, plain_text, safe_url

LEVELS = {"badge": "Badge", "micro-credential": "Micro-credential", "full-credential": "Full credential"}


def _date(value: Any) -> str:
    return str(value)[:10] if value else ""


def status_of(award: Award, registry: Registry, now: datetime | None) -> dict[str, str]:
    """The award's status as of the build: revoked (with reason), expired, not yet valid, or valid."""
    revocation = registry.revocations.get(award.id)
    if revocation is not None:
        return {"kind": "revoked", "title": "Revoked",
                "detail": f"on {revocation.revoked_at.date()}: {revocation.reason}"}
    doc = award.document
    until = doc.get("validUntil")
    if now is not None:
        if until and datetime.fromisoformat(until) < now:
            return {"kind": "expired", "title": "Expired", "detail": f"on {_date(until)}"}
        if datetime.fromisoformat(doc["validFrom"]) > now:
            return {"kind": "pending", "title": "Not yet valid", "detail": f"valid from {_date(doc['validFrom'])}"}
        return {"kind": "valid", "title": "Valid", "detail": f"as of {now.date()}" + (f", until {_date(until)}" if until else "")}
    return {"kind": "valid", "title": "Valid", "detail": "not revoked" + (f"; expires {_date(until)}" if until else "")}


def _results(award: Award, badge: BadgeClass) -> tuple[list[dict[str, Any]], Any, str]:
    subject = award.document.get("credentialSubject", {})
    achievement = subject.get("achievement", {})
    version = str(achievement.get("version", ""))
    number = ascii_int(version, MAX_RUBRIC_VERSION)
    rubric = badge.rubric(number) if number is not None else None
    if rubric is None:
        return [], None, version
    rows = []
    for result in subject.get("result", []):
        achieved = str(result.get("achievedLevel", ""))
        tail = achieved.rsplit(f"#rubric-v{version}-", 1)[-1]
        for c in rubric.criteria:
            for lv in c.levels:
                if tail == f"{c.id}-{lv.id}":
                    rows.append({"criterion": c.name, "level": lv.name, "points": lv.points})
    return rows, rubric, version


def render_award(site: SiteModel, award: Award, stylesheets: list[str], now: datetime | None) -> str:
    """The HTML of one evidence page (a standalone document, served at /credentials/<id>/)."""
    reg, urls = site.registry, site.urls
    badge, issuer = reg.badges[award.badge_key], reg.issuers[award.issuer_id]
    doc = award.document
    rows, rubric, version = _results(award, badge)
    status = status_of(award, reg, now)
    proofs = doc.get("proof", [])
    steps = [{"outcome": "pass", "name": "format", "detail": "W3C VC 2.0 OpenBadgeCredential, Open Badges 3.0.3"},
             {"outcome": "pass", "name": "schema", "detail": "matches the official OB 3.0 JSON Schema"}]
    for number, proof in enumerate(proofs if isinstance(proofs, list) else [proofs], 1):
        steps.append({"outcome": "pass", "name": f"proof {number} ({proof.get('cryptosuite')})",
                      "detail": f"signed {_date(proof.get('created'))} with {proof.get('verificationMethod')}"})
    steps.append({"outcome": "fail" if status["kind"] == "revoked" else "pass", "name": "status",
                  "detail": ("revoked: " + status["detail"]) if status["kind"] == "revoked"
                  else "not revoked in the issuer's signed status list"})
    steps.append({"outcome": "fail" if status["kind"] in ("expired", "pending") else "pass", "name": "dates",
                  "detail": status["detail"] if status["kind"] in ("expired", "pending")
                  else f"valid from {_date(doc.get('validFrom'))}" + (f" until {_date(doc.get('validUntil'))}" if doc.get("validUntil") else "")})
    evidence = [{"url": safe_url(e.get("id")), "name": e.get("name") or "Evidence"}
                for e in doc.get("evidence", []) if isinstance(e, dict) and safe_url(e.get("id"))]
    root = "../../"
    return environment().get_template("evidence.html").render(
        site_name=site.site_name, root=root, stylesheets=stylesheets, page_url=urls.evidence_page(award.id),
        credential_id=award.id, badge=badge, issuer=issuer, level=LEVELS[badge.level], status=status,
        recipient_name=doc.get("credentialSubject", {}).get("name"), awarded=_date(doc.get("awardedDate") or doc.get("validFrom")),
        valid_until=doc.get("validUntil") or "", valid_until_text=_date(doc.get("validUntil")) or "does not expire",
        summary=plain_text(badge.description)[:300], results=rows, rubric_version=version,
        threshold=rubric.pass_threshold if rubric else "", max_points=rubric.max_points if rubric else "",
        total=sum(r["points"] for r in rows), evidence=evidence, steps=steps,
        built_at=now.date().isoformat() if now else "",
        verify_href=f"{root}verify/?url={quote(urls.credential(award.id), safe=':/')}")


def write_award_pages(site: SiteModel, site_dir: Path, stylesheets: list[str], now: datetime | None) -> int:
    """Render every award's evidence page into `site_dir`; returns how many."""
    for award in site.registry.awards.values():
        path = site_dir / "credentials" / award.id / "index.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(render_award(site, award, stylesheets, now), encoding="utf-8")
    return len(site.registry.awards)
