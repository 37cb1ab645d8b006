"""What the site says about endorsements and labels: each endorsement's state as of a moment, a badge class's
label as of the build, what held for an award on its date, and the figures of the labels page.

Pages never declare a label: it is computed here from the verified endorsements (Registry.label) and always
as of a moment, so the same sources and build date give the same words.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from ..dates import iso
from ..model import Award, BadgeClass, Endorsement, Issuer, Label, Registry, label_of
from ..urls import SiteUrls
from .insights import rate

LABELS = (Label.ACCREDITED, Label.CO_BRANDED, Label.IN_HOUSE)  # in the order pages list them


def _day(moment: datetime) -> str:
    return moment.date().isoformat()


@dataclass(frozen=True)
class State:
    """How an endorsement stands at a moment: current, pending (not started yet), expired or withdrawn."""

    kind: str
    text: str  # "current", "not started yet (from D)", "expired on D", "withdrawn on D"
    reason: str = ""  # why it was withdrawn (revocations.yaml), else ""


def state_of(endorsement: Endorsement, registry: Registry, moment: datetime) -> State:
    """The endorsement's state at `moment`; a withdrawal recorded after `moment` does not count yet."""
    revocation = registry.revocations.get(endorsement.id)
    if revocation is not None and revocation.revoked_at <= moment:
        return State("withdrawn", f"withdrawn on {_day(revocation.revoked_at)}", revocation.reason)
    if moment < endorsement.starts:
        return State("pending", f"not started yet (from {_day(endorsement.starts)})")
    if endorsement.valid_until is not None and moment > endorsement.valid_until:
        return State("expired", f"expired on {_day(endorsement.valid_until)}")
    return State("current", "current")


@dataclass(frozen=True)
class Row:
    """One endorsement as a page lists it: who gives it, what it endorses (name and site path), its state."""

    endorsement: Endorsement
    endorser: Issuer
    subject_name: str
    subject_path: str  # a site path like "badges/<issuer>/<badge>/" or "issuers/<issuer>/"
    subject_issuer: Issuer | None
    state: State

    @property
    def accreditor(self) -> bool:
        """Whether the endorser is an accreditor (its endorsement makes a badge class Accredited)."""
        return self.endorser.kind == "accreditor"


def _row(registry: Registry, endorsement: Endorsement, moment: datetime) -> Row:
    owner = registry.issuers.get(endorsement.endorsed_issuer)
    badge = registry.badges.get(endorsement.subject) if endorsement.of_badge else None
    if badge is not None:
        name, path = badge.name, f"badges/{badge.issuer_id}/{badge.id}/"
    else:
        name, path = (owner.name if owner else endorsement.subject), f"issuers/{endorsement.endorsed_issuer}/"
    return Row(endorsement, registry.issuers[endorsement.endorser_id], name, path, owner,
               state_of(endorsement, registry, moment))


def rows(registry: Registry, endorsements: Iterable[Endorsement], moment: datetime) -> list[Row]:
    """The endorsements as rows, oldest first (then by id), with their state at `moment`."""
    return [_row(registry, e, moment) for e in sorted(endorsements, key=lambda e: (e.valid_from, e.id))]


def of_subject(registry: Registry, subject: str, moment: datetime) -> list[Row]:
    """Every endorsement of a badge class (`issuer/badge`) or of an issuer."""
    return rows(registry, registry.endorsements_of(subject), moment)


def given_by(registry: Registry, issuer_id: str, moment: datetime) -> list[Row]:
    """Every endorsement an issuer signed, of badge classes and of issuers."""
    return rows(registry, (e for e in registry.endorsements.values() if e.endorser_id == issuer_id), moment)


def received_by(registry: Registry, issuer_id: str, moment: datetime) -> list[Row]:
    """Every endorsement of an issuer or of one of its badge classes."""
    return rows(registry, (e for e in registry.endorsements.values() if e.endorsed_issuer == issuer_id), moment)


def current_version(badge: BadgeClass) -> int | None:
    """The rubric version new awards are assessed on (None when the class has no rubric)."""
    return badge.current_rubric.version if badge.current_rubric else None


def badge_label(registry: Registry, badge: BadgeClass, moment: datetime) -> Label:
    """The badge class's label at `moment`, for the rubric version it is awarded on now."""
    return registry.label(badge.key, moment, current_version(badge))


def holding_now(registry: Registry, badge: BadgeClass, moment: datetime) -> tuple[Endorsement, ...]:
    """The endorsements that give the badge class its label at `moment`."""
    return registry.endorsements_holding(badge.key, moment, current_version(badge))


# --- an award on its date -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Line:
    """One sentence of an evidence page about one endorsement of the badge class on the award date."""

    held: bool
    accreditor: bool
    text: str
    endorser: Issuer
    id: str  # the signed endorsement's id: it is served at endorsements/<id>.json


@dataclass(frozen=True)
class Standing:
    """The label an award had on its date (for its rubric version) and one line per endorsement of its class."""

    label: Label
    lines: tuple[Line, ...]


def _verb(accreditor: bool, held: bool) -> str:
    if accreditor:
        return "Accredited by" if held else "Not accredited by"
    return "Co-branded with" if held else "Not co-branded with"


def _since(state: State) -> str:
    """What became of a held endorsement by the build: nothing to say while it is current."""
    return "" if state.kind == "current" else f"; {state.text.replace(' on ', ' ', 1)}"


def _why_not(endorsement: Endorsement, registry: Registry, award: Award) -> str:
    """Why an endorsement of the class did not hold for the award: its dates, its withdrawal or its scope."""
    version = award.rubric.version
    if version not in endorsement.rubric_versions:
        covered = ", ".join(str(v) for v in endorsement.rubric_versions) or "none"
        return f"it covers rubric version {covered}, not version {version}"
    state = state_of(endorsement, registry, award.awarded)
    if state.kind == "pending":
        return f"it began on {_day(endorsement.starts)}, after the award"
    return f"it had {state.text.replace('expired', 'ended')}"


def on_award_date(registry: Registry, award: Award, now: datetime) -> Standing:
    """The award's label on its date and rubric version, and a line per endorsement of its class: held then
    (and what became of it by `now`), or not, and why."""
    held = registry.endorsements_holding(award.badge_key, award.awarded, award.rubric.version)
    held_ids = {e.id for e in held}
    lines = []
    for row in of_subject(registry, award.badge_key, now):
        e = row.endorsement
        name = row.endorser.name
        if e.id in held_ids:
            text = f"{_verb(row.accreditor, True)} {name} on the award date{_since(row.state)}"
        else:
            text = f"{_verb(row.accreditor, False)} {name} on the award date: {_why_not(e, registry, award)}"
        lines.append(Line(e.id in held_ids, row.accreditor, text, row.endorser, e.id))
    return Standing(label_of(held, registry.issuers), tuple(lines))


# --- /api/ --------------------------------------------------------------------------------------------------

def api_entry(endorsement: Endorsement, registry: Registry, urls: SiteUrls, now: datetime | None) -> dict[str, Any]:
    """One endorsement in /api/endorsements.json; `state` is as of the build (left out without a moment)."""
    revocation = registry.revocations.get(endorsement.id)
    entry: dict[str, Any] = {
        "id": endorsement.id, "url": endorsement.url, "endorser": endorsement.endorser_id,
        "subject": endorsement.subject, "validFrom": iso(endorsement.valid_from),
        "validUntil": iso(endorsement.valid_until) if endorsement.valid_until else None,
        "withdrawn": {"withdrawnAt": iso(revocation.revoked_at), "reason": revocation.reason} if revocation else None,
        "rubricVersions": list(endorsement.rubric_versions),
        "ob2Endorsement": urls.ob2_endorsement(endorsement.id) if endorsement.of_badge and revocation is None else None}
    if now is not None:
        entry["state"] = state_of(endorsement, registry, now).kind
    return entry


# --- the labels page ------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Figures:
    """The registry's numbers for the badge classes of one label as of the build: awards made by then, those
    revoked by then, and the awards of proctored and of identity-checked classes."""

    label: Label
    badges: int
    awards: int
    revoked: int
    proctored: int
    id_checked: int

    @property
    def revocation_rate(self) -> float | None:
        return rate(self.revoked, self.awards)

    @property
    def proctored_share(self) -> float | None:
        return rate(self.proctored, self.awards)

    @property
    def id_checked_share(self) -> float | None:
        return rate(self.id_checked, self.awards)


def label_figures(registry: Registry, now: datetime) -> tuple[Figures, ...]:
    """Per label (as each badge class stands at `now`), its classes and the figures of their awards to `now`."""
    label_by_badge = {b.key: badge_label(registry, b, now) for b in registry.badges.values()}
    out = []
    for label in LABELS:
        keys = {k for k, v in label_by_badge.items() if v is label}
        awards = [a for a in registry.awards.values() if a.badge_key in keys and a.awarded <= now]
        revoked = sum(1 for a in awards if a.id in registry.revocations and registry.revocations[a.id].revoked_at <= now)
        proctored = sum(1 for a in awards if registry.badges[a.badge_key].proctored)
        checked = sum(1 for a in awards if registry.badges[a.badge_key].id_checked)
        out.append(Figures(label, len(keys), len(awards), revoked, proctored, checked))
    return tuple(out)
