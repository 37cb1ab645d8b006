"""Helpers of the insights tests: hand-built registry models (for the numbers, at any size), hostile names in a real
signed registry (for the escaping), and reading the built page's tables back as numbers."""
from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime, timezone
from html.parser import HTMLParser
from pathlib import Path

from support import MKDOCS_YML, SITE_CONFIG, SVG, badge_yaml, signing_files, write_tree

from registry.model import Award, BadgeClass, Issuer, Recipient, Registry, Revocation, Rubric, StatusEntry, frozen_map
from registry.urls import SiteUrls

URLS = SiteUrls.parse("https://registry.test/")
PWN = "window.__pwned=1"
HOSTILE_ISSUER = f'Acme <img src=x onerror="{PWN}"> & </text><script>{PWN}</script> --> $x$'
HOSTILE_BADGE = f"<script>{PWN}</script> Intro ]]> <!-- --!>"
RUBRIC = Rubric(1, date(2026, 1, 1), 0, ())


def utc(text: str) -> datetime:
    """A moment from '2026-01-31' or '2026-01-31T10:00'."""
    return datetime.fromisoformat(text if "T" in text else text + "T00:00").replace(tzinfo=timezone.utc)


def badge(key: str, level: str = "badge", name: str | None = None, reviewed: str = "2026-01-01",
          cadence: int = 12) -> BadgeClass:
    issuer, bid = key.split("/")
    return BadgeClass(issuer, bid, name or bid.replace("-", " ").title(), "About it.", level, "Badge", "badge.svg",
                      ("project",), False, False, cadence, date.fromisoformat(reviewed))


def award(cid: str, badge_key: str, awarded: str, valid_until: str | None = None) -> Award:
    """An award as the verified model holds it (the numbers read only its dates and badge)."""
    issuer, bid = badge_key.split("/")
    when = utc(awarded)
    return Award(cid, issuer, bid, f"credentials/{badge_key}/awards/{cid}.json", URLS.credential(cid), when, when,
                 utc(valid_until) if valid_until else None, RUBRIC, (), Recipient("sha256$00", "salt"),
                 StatusEntry(URLS.status_list(issuer, 1), 0), (), (), ())


def model(badges: Iterable[BadgeClass], awards: Iterable[Award], revoked: dict[str, str] | None = None,
          issuer_names: dict[str, str] | None = None) -> Registry:
    """A registry model of these badge classes and awards; `revoked` maps credential id → revocation moment."""
    classes = {b.key: b for b in badges}
    names = issuer_names or {}
    issuers = {i: Issuer(i, names.get(i, f"{i.title()} Inc"), "school", "https://x.example/", "a@x.example", "", (), ())
               for i in sorted({b.issuer_id for b in classes.values()} | set(names))}
    made = {a.id: a for a in awards}
    revocations = {cid: Revocation(made[cid].issuer_id, cid, utc(when), "Copied work.")
                   for cid, when in (revoked or {}).items()}
    return Registry(frozen_map(issuers), frozen_map(classes), frozen_map(made), frozen_map(revocations))


def hostile_files() -> dict[str, str | bytes]:
    """A real registry whose issuer and badge class names are hostile (awards are signed by the tests)."""
    files = signing_files()
    files["issuers/acme/issuer.yaml"] = str(files["issuers/acme/issuer.yaml"]).replace(
        "name: Acme Training", "name: " + _yaml_string(HOSTILE_ISSUER), 1)
    files["credentials/acme/intro-python/badge.yaml"] = badge_yaml("Intro to Python").replace(
        "name: Intro to Python", "name: " + _yaml_string(HOSTILE_BADGE), 1)
    files["credentials/acme/intro-python/badge.svg"] = SVG
    files["mkdocs.yml"] = MKDOCS_YML + SITE_CONFIG
    files["overrides/docs/about.md"] = "# About\n"
    return files


def _yaml_string(text: str) -> str:
    import json
    return json.dumps(text)


def write_hostile(root: Path) -> Path:
    return write_tree(root, hostile_files())


class _Tables(HTMLParser):
    """Each <table id=…> of a page as rows of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: list[list[str]] | None = None
        self._cell: list[str] | None = None
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self._table = self.tables.setdefault(dict(attrs).get("id") or f"table-{len(self.tables)}", [])
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr" and self._table is not None and not self._in_head:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None and not self._in_head:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        elif tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._cell is not None and self._table is not None:
            self._table[-1].append(re.sub(r"\s+", " ", "".join(self._cell)).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def page_tables(html: str) -> dict[str, list[list[str]]]:
    """The body rows of every table of the page, by table id, as the text a screen reader reads."""
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def chart_svgs(html: str) -> list[str]:
    """The inline SVG of each chart of the page."""
    return re.findall(r'<svg class="credreg-chart-svg".*?</svg>', html, flags=re.S)
