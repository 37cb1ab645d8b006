"""Bulk exports of the built example site: each badge class's awards.csv (no personal data, formulas neutralised),
/api/registry.jsonl (one object per line, every signed credential as published), /api/recipients.json."""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from support import REPO

from registry.model import Registry
from registry.publish.build import build_site
from registry.publish.exports import CSV_COLUMNS, _cell

NOW = datetime(2026, 12, 3, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(REPO, tmp_path_factory.mktemp("exports") / "site", now=NOW)


CELLS = {
    "formula": ("=HYPERLINK(\"https://evil.example\")", "'=HYPERLINK(\"https://evil.example\")"),
    "plus": ("+1+1", "'+1+1"), "minus": ("-2", "'-2"), "at": ("@SUM(A1)", "'@SUM(A1)"),
    "tab": ("\tx", "'\tx"), "carriage return": ("\rx", "'\rx"),
    "plain text": ("Accessible UI", "Accessible UI"), "number": (7, "7"), "empty": (None, ""),
    "date": ("2026-05-13T09:00:00Z", "2026-05-13T09:00:00Z"),
}


@pytest.mark.parametrize("value, shown", CELLS.values(), ids=CELLS.keys())
def test_cells_that_a_spreadsheet_would_run_are_neutralised(value: object, shown: str) -> None:
    assert _cell(value) == shown


def test_awards_csv_lists_each_award_without_personal_data(site: Path, registry: Registry) -> None:
    secrets = {a.recipient.salt for a in registry.awards.values()} | {a.recipient.identity_hash.split("$")[1]
                                                                       for a in registry.awards.values()}
    names = {a.recipient.name for a in registry.awards.values() if a.recipient.name}
    for badge in registry.badges.values():
        text = (site / "badges" / badge.issuer_id / badge.id / "awards.csv").read_text("utf-8")
        rows = list(csv.DictReader(io.StringIO(text)))
        awards = sorted((a for a in registry.awards.values() if a.badge_key == badge.key), key=lambda a: (a.awarded, a.id))
        assert tuple(rows[0].keys() if rows else CSV_COLUMNS) == CSV_COLUMNS
        assert [r["credential_id"] for r in rows] == [a.id for a in awards]
        for row, award in zip(rows, awards):
            assert row["credential_url"] == f"https://demo.credreg.example/credentials/{award.id}.json"
            assert row["status"] == ("revoked" if award.id in registry.revocations else
                                     "expired" if award.valid_until and award.valid_until < NOW else "valid")
            assert row["total_points"] == str(award.total) and row["rubric_version"] == str(award.rubric.version)
        assert not any(s in text for s in secrets) and not any(n in text for n in names)
        page = (site / "badges" / badge.issuer_id / badge.id / "index.html").read_text("utf-8")
        assert 'href="awards.csv" download' in page


def test_the_dump_carries_every_signed_credential(site: Path, registry: Registry) -> None:
    lines = (site / "api" / "registry.jsonl").read_text("utf-8").splitlines()
    objects = [json.loads(line) for line in lines]
    assert all(isinstance(o, dict) and "\n" not in line for o, line in zip(objects, lines))
    header = objects[0]
    assert header == {"type": "header", "version": 1, "site": "https://demo.credreg.example/",
                      "asOf": "2026-12-03T00:00:00Z", "counts": {"issuers": 3, "badges": len(registry.badges),
                      "credentials": len(registry.awards), "endorsements": len(registry.endorsements),
                      "revocations": len(registry.revocations), "statusLists": 3}}
    kinds = [o["type"] for o in objects[1:]]
    assert kinds == sorted(kinds, key=["issuer", "badge", "credential", "endorsement", "revocation", "statusList"].index)
    endorsements = [o for o in objects if o["type"] == "endorsement"]
    assert sorted(o["id"] for o in endorsements) == sorted(registry.endorsements)
    for line in endorsements:  # each with its signed credential, as the site hosts it at its id
        assert line["credential"] == json.loads((site / "endorsements" / f"{line['id']}.json").read_bytes())
        assert line["url"] == line["credential"]["id"]
    credentials = [o for o in objects if o["type"] == "credential"]
    assert len(credentials) == len(registry.awards)
    for line in credentials:
        published = json.loads((site / "credentials" / f"{line['id']}.json").read_bytes())
        assert line["credential"] == published and line["url"] == published["id"]
    status = [o for o in objects if o["type"] == "statusList"]
    assert all(json.loads((site / o["url"].removeprefix("https://demo.credreg.example/")).read_bytes())
               == o["credential"] for o in status)


def test_the_recipients_index_is_what_the_credentials_already_show(site: Path, registry: Registry) -> None:
    index = json.loads((site / "api" / "recipients.json").read_text("utf-8"))
    assert index["version"] == 1 and len(index["credentials"]) == len(registry.awards)
    for entry in index["credentials"]:
        signed = json.loads((site / "credentials" / f"{entry['id']}.json").read_bytes())
        identity = signed["credentialSubject"]["identifier"][0]
        assert (entry["salt"], entry["identityHash"]) == (identity["salt"], identity["identityHash"])
        assert set(entry) == {"id", "badge", "issuer", "awarded", "validUntil", "revoked", "page", "salt",
                              "identityHash"}  # no name, no email
