"""Bulk exports of the published registry: a CSV of each badge class's public awards, a JSON Lines dump of the
whole registry, and the index the "all my credentials" page matches an email against in the browser.

None adds personal data to what the site already publishes: the CSV and the dump carry no name, hash or salt
beyond the signed credentials themselves; the recipients index carries each credential's salt and identity
hash, which its signed credential already shows to anyone.
"""
from __future__ import annotations

import csv
import io
import itertools
import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

from ..dates import iso
from ..load.signed import signed_bytes
from ..model import Award, Registry
from ..urls import SiteUrls
from .evidence import status_of
from .hosted import api_indexes, json_bytes, publish_file
from .pages import SiteModel

EXPORTS_VERSION = 1  # of the CSV columns, the dump's lines and the recipients index: changes only with their shape
CSV_COLUMNS = ("credential_id", "credential_url", "evidence_page", "awarded", "valid_until", "status",
               "rubric_version", "total_points")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet would run as a formula


def _cell(value: object) -> str:
    """A CSV cell a spreadsheet shows as text: one starting like a formula is prefixed with an apostrophe."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def awards_csv(site: SiteModel, awards: list[Award], now: datetime) -> str:
    """A badge class's `awards`, one row each, oldest first: ids, URLs, dates, status as of `now`, rubric and
    points; no recipient name, hash or salt."""
    reg, urls = site.registry, site.urls
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for award in sorted(awards, key=lambda a: (a.awarded, a.id)):
        writer.writerow([_cell(v) for v in (
            award.id, urls.credential(award.id), urls.evidence_page(award.id), iso(award.awarded),
            iso(award.valid_until) if award.valid_until else "", status_of(award, reg, now)["kind"],
            award.rubric.version, award.total)])
    return out.getvalue()


def registry_jsonl(registry: Registry, urls: SiteUrls, now: datetime) -> Iterator[str]:
    """The whole registry as JSON Lines, a line at a time (at 100,000 awards the dump is larger than the memory a
    build may take): a header, then issuers, badge classes, credentials (each with its signed credential, so a
    consumer can verify from the dump alone), endorsements (each with its signed credential), revocations and
    signed status lists."""
    indexes = {name: document[name] for name, document in api_indexes(registry, urls, now).items()}
    credentials = sorted(registry.awards.values(), key=lambda a: a.id)
    statuses = sorted(registry.status_lists, key=lambda s: s.url)
    header = {"type": "header", "version": EXPORTS_VERSION, "site": urls.site_url, "asOf": iso(now),
              "counts": {"issuers": len(indexes["issuers"]), "badges": len(indexes["badges"]),
                         "credentials": len(credentials), "endorsements": len(indexes["endorsements"]),
                         "revocations": len(indexes["revocations"]), "statusLists": len(statuses)}}
    signed = {e.id: e.signed for e in registry.endorsements.values()}
    lines: Iterable[dict[str, Any]] = itertools.chain(
        [header],
        ({"type": "issuer", **entry} for entry in sorted(indexes["issuers"], key=lambda e: e["id"])),
        ({"type": "badge", **entry} for entry in sorted(indexes["badges"], key=lambda e: e["id"])),
        ({"type": "credential", "id": a.id, "url": a.url, "issuer": a.issuer_id, "badge": a.badge_key,
          "revoked": a.id in registry.revocations, "credential": json.loads(signed_bytes(registry, a))}
         for a in credentials),
        ({"type": "endorsement", **entry, "credential": json.loads(signed[entry["id"]])}
         for entry in sorted(indexes["endorsements"], key=lambda e: e["id"])),
        ({"type": "revocation", **entry} for entry in sorted(indexes["revocations"], key=lambda e: e["credential"])),
        ({"type": "statusList", "url": s.url, "issuer": s.issuer_id, "credential": json.loads(s.signed)}
         for s in statuses))
    return (json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n" for line in lines)


def recipients_index(registry: Registry, urls: SiteUrls) -> dict[str, Any]:
    """What the "all my credentials" page hashes an email against: each credential's salt and identity hash
    (as its signed credential shows them) with what the page lists for a match."""
    entries = [{"id": a.id, "badge": registry.badges[a.badge_key].name, "issuer": registry.issuers[a.issuer_id].name,
                "awarded": iso(a.awarded), "validUntil": iso(a.valid_until) if a.valid_until else None,
                "revoked": a.id in registry.revocations, "page": urls.evidence_page(a.id),
                "salt": a.recipient.salt, "identityHash": a.recipient.identity_hash}
               for a in sorted(registry.awards.values(), key=lambda a: a.id)]
    return {"version": EXPORTS_VERSION, "credentials": entries}


def write_exports(site: SiteModel, site_dir: Path, now: datetime) -> int:
    """Write every badge class's awards.csv, /api/registry.jsonl and /api/recipients.json; returns how many files."""
    reg, urls = site.registry, site.urls
    by_badge: dict[str, list[Award]] = {key: [] for key in reg.badges}
    for award in reg.awards.values():
        by_badge[award.badge_key].append(award)
    for b in reg.badges.values():
        publish_file(site_dir, urls, urls.awards_csv(b.issuer_id, b.id), awards_csv(site, by_badge[b.key], now).encode("utf-8"))
    dump = site_dir / urls.site_path(urls.registry_dump())
    dump.parent.mkdir(parents=True, exist_ok=True)
    with dump.open("w", encoding="utf-8", newline="") as out:
        out.writelines(registry_jsonl(reg, urls, now))
    publish_file(site_dir, urls, urls.api_index("recipients"), json_bytes(recipients_index(reg, urls)))
    return len(reg.badges) + 2
