"""The numbers of /insights/ and /api/insights.json: pure functions of the verified model and an as-of moment.

The registry is read as it stood at the moment: awards made after it are not counted, and neither are
revocations recorded after it, so a build with `--now` in the past shows the past. Nothing here reads a clock
(the plugin picks the moment); every list is sorted, so the same model and moment give the same numbers.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from ..currency import EXPIRY_WINDOW_DAYS, expiring
from ..dates import add_months, iso
from ..model import Award, Registry
from ..urls import SiteUrls

INSIGHTS_VERSION = 1  # of /api/insights.json: changes only with its shape
LEVELS = ("badge", "micro-credential", "full-credential")
REVIEW_WINDOW_DAYS = 90  # a badge class is "due soon" when its review falls this many days after the as-of date, or less
MAX_MONTHS = 120  # months listed one by one in byMonth; awards before them are summed in `earlier`
SOURCES = ("--now", "SOURCE_DATE_EPOCH", "clock")  # where the build date came from (build_date.py)


@dataclass(frozen=True)
class Month:
    """Awards made in one calendar month (UTC), in total and by level."""

    month: str  # YYYY-MM
    awards: int
    by_level: tuple[int, ...]  # in LEVELS order


@dataclass(frozen=True)
class Share:
    """Awards of one issuer or badge class, with what stands of them: the rows of the rankings and rates."""

    key: str  # issuer id, or issuer/badge
    name: str
    issuer: str
    level: str  # a badge class's level; "" for an issuer
    awards: int
    revoked: int
    expired: int

    @property
    def revocation_rate(self) -> float | None:
        return rate(self.revoked, self.awards)

    @property
    def expiry_rate(self) -> float | None:
        return rate(self.expired, self.awards)


@dataclass(frozen=True)
class Review:
    """A badge class whose review (last_reviewed + review_cadence_months) is past or near."""

    badge: str
    name: str
    issuer: str
    last_reviewed: date
    cadence_months: int
    due: date
    days: int  # days from the as-of date to the due date: negative when overdue


@dataclass(frozen=True)
class Soon:
    """A valid credential whose validUntil falls within the expiry window."""

    credential_id: str
    badge: str
    badge_name: str
    valid_until: datetime
    renewed_by: str | None


@dataclass(frozen=True)
class Insights:
    """Everything the page and the JSON show, as of one moment."""

    as_of: datetime
    source: str  # one of SOURCES
    total: Share  # the whole registry (key "")
    months: tuple[Month, ...]
    earlier: int  # awards before the first month of `months`
    by_level: tuple[int, ...]
    issuers: tuple[Share, ...]  # most awards first
    badges: tuple[Share, ...]
    overdue: tuple[Review, ...]  # most overdue first
    due_soon: tuple[Review, ...]  # soonest first
    expiring: tuple[Soon, ...]  # soonest first


def rate(part: int, whole: int) -> float | None:
    """part / whole rounded to 4 places (a fraction, not a percentage); None when there is nothing to divide."""
    return round(part / whole, 4) if whole else None


def _month(moment: datetime | date) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def _months(counted: list[Award], level_of: dict[str, str], as_of: datetime) -> tuple[tuple[Month, ...], int]:
    """Every month from the first award's to the as-of month (at most MAX_MONTHS, the latest), and the rest."""
    if not counted:
        return (), 0
    last = date(as_of.year, as_of.month, 1)
    first = max(date(min(a.awarded for a in counted).year, min(a.awarded for a in counted).month, 1),
                add_months(last, -(MAX_MONTHS - 1)))
    by_month: dict[str, Counter[str]] = {}
    earlier = 0
    start = _month(first)
    for award in counted:
        key = _month(award.awarded)
        if key < start:
            earlier += 1
        else:
            by_month.setdefault(key, Counter())[level_of.get(award.badge_key, "")] += 1
    months = []
    current = first
    while current <= last:
        tally = by_month.get(_month(current), Counter())
        months.append(Month(_month(current), sum(tally.values()), tuple(tally[level] for level in LEVELS)))
        current = add_months(current, 1)
    return tuple(months), earlier


def compute(registry: Registry, as_of: datetime, source: str) -> Insights:
    """The insights of `registry` as of `as_of` (an aware datetime); `source` says where the moment came from."""
    if source not in SOURCES:
        raise ValueError(f"as-of source {source!r} is not one of {SOURCES}")
    counted = sorted((a for a in registry.awards.values() if a.awarded <= as_of), key=lambda a: (a.awarded, a.id))
    revoked = {cid for cid, r in registry.revocations.items() if r.revoked_at <= as_of}
    level_of = {key: b.level for key, b in registry.badges.items()}
    tallies: dict[tuple[str, str], list[int]] = {}  # ("i"|"b", key) → [awards, revoked, expired]
    for award in counted:
        state = (1, 0) if award.id in revoked else (0, 1) if award.valid_until is not None and award.valid_until < as_of \
            else (0, 0)
        for key in (("", ""), ("i", award.issuer_id), ("b", award.badge_key)):
            row = tallies.setdefault(key, [0, 0, 0])
            row[0] += 1
            row[1] += state[0]
            row[2] += state[1]

    def share(kind: str, key: str) -> Share:
        awards, rev, exp = tallies.get((kind, key), [0, 0, 0])
        if kind == "i":
            issuer = registry.issuers.get(key)
            return Share(key, issuer.name if issuer else key, key, "", awards, rev, exp)
        if kind == "b":
            badge = registry.badges.get(key)
            return Share(key, badge.name if badge else key, key.split("/")[0], badge.level if badge else "",
                         awards, rev, exp)
        return Share("", "", "", "", awards, rev, exp)

    ranked = lambda shares: tuple(sorted(shares, key=lambda s: (-s.awards, s.key)))  # noqa: E731
    issuers = ranked(share("i", key) for key in registry.issuers)
    badges = ranked(share("b", key) for key in registry.badges)
    months, earlier = _months(counted, level_of, as_of)
    levels = Counter(level_of.get(a.badge_key, "") for a in counted)

    today = as_of.date()
    reviews = [Review(b.key, b.name, b.issuer_id, b.last_reviewed, b.review_cadence_months, due, (due - today).days)
               for b in registry.badges.values()
               for due in (add_months(b.last_reviewed, b.review_cadence_months),)]
    overdue = tuple(sorted((r for r in reviews if r.days < 0), key=lambda r: (r.days, r.badge)))
    due_soon = tuple(sorted((r for r in reviews if 0 <= r.days <= REVIEW_WINDOW_DAYS), key=lambda r: (r.days, r.badge)))

    soon = tuple(Soon(e.credential_id, e.badge, registry.badges[e.badge].name if e.badge in registry.badges else e.badge,
                      e.valid_until, e.renewed_by)
                 for e in expiring(registry, as_of, EXPIRY_WINDOW_DAYS)
                 if e.credential_id not in revoked and registry.awards[e.credential_id].awarded <= as_of)
    return Insights(as_of, source, share("", ""), months, earlier, tuple(levels[level] for level in LEVELS),
                    issuers, badges, overdue, due_soon, soon)


def top(shares: tuple[Share, ...], n: int) -> tuple[tuple[Share, ...], Share | None]:
    """The first `n` shares and the rest summed as one "others" share (None when nothing is left over)."""
    if len(shares) <= n:
        return shares, None
    rest = shares[n:]
    return shares[:n], Share("", f"{len(rest)} others", "", "", sum(s.awards for s in rest),
                             sum(s.revoked for s in rest), sum(s.expired for s in rest))


def _counts(share: Share) -> dict[str, Any]:
    return {"awards": share.awards, "revoked": share.revoked, "expired": share.expired,
            "active": share.awards - share.revoked - share.expired,
            "revocationRate": share.revocation_rate, "expiryRate": share.expiry_rate}


def _review(r: Review, urls: SiteUrls) -> dict[str, Any]:
    issuer, badge = r.badge.split("/")
    return {"badge": r.badge, "name": r.name, "issuer": r.issuer, "page": urls.badge_page(issuer, badge),
            "lastReviewed": r.last_reviewed.isoformat(), "reviewCadenceMonths": r.cadence_months,
            "reviewDue": r.due.isoformat(), "daysUntilDue": r.days}


def to_json(insights: Insights, urls: SiteUrls) -> dict[str, Any]:
    """/api/insights.json (shape documented in the README; `version` changes only with it). Complete: the page
    shows the first rows of each ranking, this lists them all."""
    return {
        "version": INSIGHTS_VERSION,
        "asOf": iso(insights.as_of),
        "asOfSource": insights.source,
        "totals": _counts(insights.total),
        "issuance": {
            "byMonth": [{"month": m.month, "awards": m.awards, "byLevel": dict(zip(LEVELS, m.by_level))}
                        for m in insights.months],
            "earlier": insights.earlier,
            "byLevel": dict(zip(LEVELS, insights.by_level)),
            "byIssuer": [{"issuer": s.key, "name": s.name, "page": urls.issuer_page(s.key), **_counts(s)}
                         for s in insights.issuers],
            "byBadge": [{"badge": s.key, "name": s.name, "issuer": s.issuer, "level": s.level,
                         "page": urls.badge_page(*s.key.split("/")), **_counts(s)} for s in insights.badges],
        },
        "reviews": {"windowDays": REVIEW_WINDOW_DAYS,
                    "overdue": [_review(r, urls) for r in insights.overdue],
                    "dueSoon": [_review(r, urls) for r in insights.due_soon]},
        "expiring": {"windowDays": EXPIRY_WINDOW_DAYS, "count": len(insights.expiring),
                     "credentials": [{"id": e.credential_id, "badge": e.badge, "name": e.badge_name,
                                      "validUntil": iso(e.valid_until), "page": urls.evidence_page(e.credential_id),
                                      "renewed": e.renewed_by is not None, "renewedBy": e.renewed_by}
                                     for e in insights.expiring]},
    }
