"""/insights/ and /api/insights.json: the numbers (hand-built models and the example registry with --now), the JSON
shape, charts that are escaped, bounded and deterministic, the empty registry, and the reserved path."""
from __future__ import annotations

import json
import re
import shutil
import time
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from insights_support import (HOSTILE_BADGE, HOSTILE_ISSUER, PWN, URLS, award, badge, chart_svgs, model, page_tables,
                              utc, write_hostile)
from support import REPO, award_for, copy_example_registry

from registry.charts import Chart, hbar_chart
from registry.check import check_registry
from registry.cli import main
from registry.model import Registry
from registry.publish.build import build_site
from registry.publish.insights import MAX_MONTHS, Insights, compute, rate, to_json, top
from registry.publish.insights_page import MAX_ROWS, TOP_N, insights_page
from registry.publish.pages import SiteModel

AS_OF = utc("2026-06-30")
A, B = badge("acme/a"), badge("acme/b", "micro-credential")
G = badge("globex/g", "full-credential")


def totals(ins: Insights) -> tuple[int, int, int]:
    return ins.total.awards, ins.total.revoked, ins.total.expired


COUNT_CASES = [  # (awards, revoked {id: when}, expected (awards, revoked, expired))
    pytest.param([award("1", "acme/a", "2026-01-05")], {}, (1, 0, 0), id="an award without validUntil never expires"),
    pytest.param([award("1", "acme/a", "2025-01-05", "2026-06-29")], {}, (1, 0, 1), id="validUntil before as-of: expired"),
    pytest.param([award("1", "acme/a", "2025-01-05", "2026-06-30")], {}, (1, 0, 0), id="validUntil at as-of: still valid, through it"),
    pytest.param([award("1", "acme/a", "2025-01-05", "2026-07-01")], {}, (1, 0, 0), id="validUntil after as-of: not yet"),
    pytest.param([award("1", "acme/a", "2026-07-01")], {}, (0, 0, 0), id="an award after the as-of date is not counted"),
    pytest.param([award("1", "acme/a", "2026-01-05")], {"1": "2026-03-01"}, (1, 1, 0), id="revoked before as-of"),
    pytest.param([award("1", "acme/a", "2026-01-05")], {"1": "2026-08-01"}, (1, 0, 0),
                 id="a revocation after the as-of date is not counted yet"),
    pytest.param([award("1", "acme/a", "2025-01-05", "2026-02-01")], {"1": "2026-03-01"}, (1, 1, 0),
                 id="revoked and expired counts as revoked only"),
]


@pytest.mark.parametrize("awards, revoked, expected", COUNT_CASES)
def test_counts_as_of_the_date(awards: list[Any], revoked: dict[str, str], expected: tuple[int, int, int]) -> None:
    assert totals(compute(model([A], awards, revoked), AS_OF, "--now")) == expected


def test_rates_by_issuer_and_badge() -> None:
    awards = [award("1", "acme/a", "2026-01-05"), award("2", "acme/a", "2026-01-06", "2026-02-01"),
              award("3", "acme/b", "2026-02-07"), award("4", "acme/b", "2026-02-08"), award("5", "globex/g", "2026-03-01")]
    ins = compute(model([A, B, G], awards, {"3": "2026-04-01"}), AS_OF, "--now")
    assert [(s.key, s.awards, s.revoked, s.expired, s.revocation_rate, s.expiry_rate) for s in ins.issuers] == [
        ("acme", 4, 1, 1, 0.25, 0.25), ("globex", 1, 0, 0, 0.0, 0.0)]
    assert [(s.key, s.level, s.awards) for s in ins.badges] == [
        ("acme/a", "badge", 2), ("acme/b", "micro-credential", 2), ("globex/g", "full-credential", 1)]
    assert ins.by_level == (2, 2, 1)
    assert (ins.total.revocation_rate, ins.total.expiry_rate) == (0.2, 0.2)
    assert rate(1, 3) == 0.3333 and rate(0, 0) is None


def test_months_run_from_the_first_award_to_the_as_of_month_with_gaps_as_zero() -> None:
    awards = [award("1", "acme/a", "2026-02-28T23:59"), award("2", "acme/b", "2026-03-01"),
              award("3", "acme/b", "2026-05-31")]
    ins = compute(model([A, B], awards), AS_OF, "--now")
    assert [(m.month, m.awards, m.by_level) for m in ins.months] == [
        ("2026-02", 1, (1, 0, 0)), ("2026-03", 1, (0, 1, 0)), ("2026-04", 0, (0, 0, 0)), ("2026-05", 1, (0, 1, 0)),
        ("2026-06", 0, (0, 0, 0))]
    assert ins.earlier == 0


def test_months_are_bounded_and_the_rest_summed_as_earlier() -> None:
    awards = [award("old", "acme/a", "1990-01-01"), award("older", "acme/a", "1980-06-01"),
              award("new", "acme/a", "2026-06-01")]
    ins = compute(model([A], awards), AS_OF, "--now")
    assert len(ins.months) == MAX_MONTHS and ins.months[0].month == "2016-07" and ins.months[-1].month == "2026-06"
    assert ins.earlier == 2 and sum(m.awards for m in ins.months) == 1


REVIEW_CASES = [  # (last reviewed, cadence in months, "overdue" | "soon" | None, days until due)
    pytest.param("2025-06-29", 12, "overdue", -1, id="due yesterday: overdue"),
    pytest.param("2025-06-30", 12, "soon", 0, id="due on the as-of date: due soon"),
    pytest.param("2026-03-28", 6, "soon", 90, id="due in 90 days: due soon"),
    pytest.param("2026-03-29", 6, None, 91, id="due in 91 days: neither"),
    pytest.param("2020-01-31", 1, "overdue", -2313, id="months clamp: Jan 31 + 1 month is Feb 29"),
]


@pytest.mark.parametrize("reviewed, cadence, where, days", REVIEW_CASES)
def test_review_due(reviewed: str, cadence: int, where: str | None, days: int) -> None:
    ins = compute(model([badge("acme/a", reviewed=reviewed, cadence=cadence)], []), AS_OF, "--now")
    found = {"overdue": [r.days for r in ins.overdue], "soon": [r.days for r in ins.due_soon]}
    assert found == {k: ([days] if k == where else []) for k in found}


def test_expiring_within_90_days_soonest_first_revoked_left_out() -> None:
    awards = [award("late", "acme/a", "2026-01-01", "2026-09-28"), award("soon", "acme/a", "2026-01-01", "2026-07-02"),
              award("beyond", "acme/a", "2026-01-01", "2026-09-29"), award("gone", "acme/a", "2026-01-01", "2026-07-03")]
    ins = compute(model([A], awards, {"gone": "2026-05-01"}), AS_OF, "--now")
    assert [e.credential_id for e in ins.expiring] == ["soon", "late"]


def test_top_n_sums_the_rest_as_others() -> None:
    ins = compute(model([badge(f"acme/b{n:02d}") for n in range(15)],
                        [award(f"{n}-{k}", f"acme/b{n:02d}", "2026-01-01") for n in range(15) for k in range(n + 1)]),
                  AS_OF, "--now")
    shown, others = top(ins.badges, TOP_N)
    assert [s.key for s in shown] == [f"acme/b{n:02d}" for n in range(14, 4, -1)]
    assert others is not None and (others.name, others.awards) == ("5 others", 1 + 2 + 3 + 4 + 5)


def test_unknown_as_of_source_is_refused() -> None:
    with pytest.raises(ValueError, match="as-of source 'guess' is not one of"):
        compute(model([A], []), AS_OF, "guess")


# --- the example registry ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def example_model(tmp_path_factory: pytest.TempPathFactory) -> Registry:
    result = check_registry(REPO)
    assert result.registry is not None
    return result.registry


EXAMPLE_CASES = [  # (as of, totals, per issuer (awards, revoked, expired), expiring count, due soon, overdue)
    pytest.param("2026-11-28", (49, 5, 8), {"sprintwise": (23, 2, 6), "northlight-design-school": (23, 2, 2),
                                            "open-skills-accreditation-council": (3, 1, 0)}, 0,
                 ["northlight-design-school/ui-prototyping", "northlight-design-school/ux-research-basics",
                  "northlight-design-school/junior-product-designer", "sprintwise/accessible-ui"], [],
                 id="2026-11-28"),
    pytest.param("2026-02-20", (45, 4, 0), {"sprintwise": (21, 2, 0), "northlight-design-school": (21, 2, 0),
                                            "open-skills-accreditation-council": (3, 0, 0)}, 7,
                 [], [], id="2026-02-20"),
]


@pytest.mark.parametrize("as_of, expected, by_issuer, soon, due_soon, overdue", EXAMPLE_CASES)
def test_example_registry_numbers(example_model: Registry, as_of: str, expected: tuple[int, int, int],
                                  by_issuer: dict[str, tuple[int, int, int]], soon: int, due_soon: list[str],
                                  overdue: list[str]) -> None:
    ins = compute(example_model, utc(as_of), "--now")
    assert totals(ins) == expected
    assert {s.key: (s.awards, s.revoked, s.expired) for s in ins.issuers} == by_issuer
    assert len(ins.expiring) == soon
    assert [r.badge for r in ins.due_soon] == due_soon and [r.badge for r in ins.overdue] == overdue
    assert sum(m.awards for m in ins.months) + ins.earlier == expected[0] == sum(ins.by_level)


@pytest.fixture(scope="module")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("insights-example")
    root = copy_example_registry(work / "registry")
    shutil.copytree(REPO / "overrides", root / "overrides")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CREDREG_CACHE_DIR", str(work / "cache"))
        assert main(["build", "--root", str(root), "--out", str(work / "site"), "--now", "2026-02-20"]) == 0
    return work / "site"


def test_json_shape(example_site: Path) -> None:
    doc = json.loads((example_site / "api" / "insights.json").read_text("utf-8"))
    assert list(doc) == ["version", "asOf", "asOfSource", "totals", "issuance", "reviews", "expiring"]
    assert (doc["version"], doc["asOf"], doc["asOfSource"]) == (1, "2026-02-20T00:00:00Z", "--now")
    assert doc["totals"] == {"awards": 45, "revoked": 4, "expired": 0, "active": 41, "revocationRate": 0.0889,
                             "expiryRate": 0.0}
    assert list(doc["issuance"]) == ["byMonth", "earlier", "byLevel", "byIssuer", "byBadge"]
    assert doc["issuance"]["byMonth"][0] == {"month": "2024-03", "awards": 4,
                                             "byLevel": {"badge": 4, "micro-credential": 0, "full-credential": 0}}
    assert doc["issuance"]["byMonth"][-1]["month"] == "2026-02" and len(doc["issuance"]["byMonth"]) == 24
    assert doc["issuance"]["byLevel"] == {"badge": 39, "micro-credential": 6, "full-credential": 0}
    assert doc["issuance"]["byIssuer"][1] == {  # 21 awards each: Northlight first, by id
        "issuer": "sprintwise", "name": "Sprintwise", "page": "https://demo.credreg.example/issuers/sprintwise/",
        "awards": 21, "revoked": 2, "expired": 0, "active": 19, "revocationRate": 0.0952, "expiryRate": 0.0}
    assert set(doc["issuance"]["byBadge"][0]) == {"badge", "name", "issuer", "level", "page", "awards", "revoked",
                                                  "expired", "active", "revocationRate", "expiryRate"}
    assert len(doc["issuance"]["byBadge"]) == 12  # every class, also those with no award yet
    assert doc["reviews"] == {"windowDays": 90, "overdue": [], "dueSoon": []}  # reviewed after that date
    expiring = doc["expiring"]
    assert (expiring["windowDays"], expiring["count"]) == (90, 7)
    assert expiring["credentials"][0] == {
        "id": "2d739a60eb856959", "badge": "sprintwise/sprint-ready-frontend", "name": "Sprint-Ready Front-end Developer",
        "validUntil": "2026-03-04T09:00:00Z", "page": "https://demo.credreg.example/credentials/2d739a60eb856959/",
        "renewed": False, "renewedBy": None}


def test_page_tables_give_the_json_numbers(example_site: Path) -> None:
    html = (example_site / "insights" / "index.html").read_text("utf-8")
    doc = json.loads((example_site / "api" / "insights.json").read_text("utf-8"))
    tables = page_tables(html)
    months = {row[0]: [int(v) for v in row[1:]] for row in tables["credreg-insights-months-table"]}
    assert months == {m["month"]: [*m["byLevel"].values(), m["awards"]] for m in doc["issuance"]["byMonth"]}
    issuers = {row[0]: int(row[1]) for row in tables["credreg-insights-issuers-table"]}
    assert issuers == {i["name"]: i["awards"] for i in doc["issuance"]["byIssuer"] if i["awards"]}
    rates = {row[0]: row[1:] for row in tables["credreg-insights-rates-table"]}
    assert rates["Sprintwise"] == ["21", "2", "9.5 %", "0", "0.0 %"]
    assert [row[0] for row in tables["credreg-insights-expiring-table"]] == [
        c["id"] for c in doc["expiring"]["credentials"]]
    assert len(chart_svgs(html)) == 5
    assert '<time datetime="2026-02-20T00:00:00Z">2026-02-20</time>' in html
    assert re.search(r'<a href="insights/" class="md-tabs__link">\s*Insights\s*</a>',
                     (example_site / "index.html").read_text("utf-8"))


def test_review_entry(example_model: Registry) -> None:
    doc = to_json(compute(example_model, utc("2026-11-28"), "--now"), URLS)
    assert doc["reviews"]["dueSoon"][0] == {
        "badge": "northlight-design-school/ui-prototyping", "name": "UI Prototyping",
        "issuer": "northlight-design-school", "page": "https://registry.test/badges/northlight-design-school/ui-prototyping/",
        "lastReviewed": "2026-01-19", "reviewCadenceMonths": 12, "reviewDue": "2027-01-19", "daysUntilDue": 52}


def test_page_is_deterministic(example_model: Registry) -> None:
    site = SiteModel(example_model, URLS, "Test")
    first = insights_page(site, compute(example_model, utc("2026-11-28"), "--now")).text
    assert insights_page(site, compute(example_model, utc("2026-11-28"), "--now")).text == first


# --- hostile names, empty and large registries ----------------------------------------------------------------

SVG_NS = "{http://www.w3.org/2000/svg}"


def _assert_inert_svg(svg: str) -> None:
    root = ET.fromstring(svg)  # well-formed, or this raises
    tags = {el.tag.removeprefix(SVG_NS) for el in root.iter()}
    assert not tags & {"script", "foreignObject", "iframe", "image", "a"}, tags
    assert not [k for el in root.iter() for k in el.attrib if k.lower().startswith("on")]
    comments = re.findall(r"<!--(.*?)-->", svg, flags=re.S)  # matplotlib keeps each label's text in a comment:
    assert all("<" not in c and "--" not in c for c in comments)  # escaped, so it can never end the comment early
    assert PWN not in re.sub(r"<!--.*?-->", "", svg, flags=re.S)  # and nowhere else but drawn as paths


def test_hostile_label_in_a_chart_is_inert() -> None:
    svg = hbar_chart(Chart(HOSTILE_ISSUER), [HOSTILE_BADGE, HOSTILE_ISSUER], {HOSTILE_BADGE: [1, 2]})
    _assert_inert_svg(svg)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("insights-hostile")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CREDREG_CACHE_DIR", str(work / "cache"))
        root = write_hostile(work / "registry")
        award_for(root, datetime(2026, 3, 1, tzinfo=timezone.utc), results={"quality": "good"})
        award_for(root, datetime(2026, 3, 2, tzinfo=timezone.utc), email="bob@example.net", seed=2,
                  results={"quality": "good"}, valid_until=datetime(2026, 5, 1, tzinfo=timezone.utc))
        mp.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2026, 6, 1, tzinfo=timezone.utc).timestamp())))
        return build_site(root, work / "site")  # no --now: as of SOURCE_DATE_EPOCH


def test_hostile_names_are_escaped_in_page_and_charts(hostile_site: Path) -> None:
    html = (hostile_site / "insights" / "index.html").read_text("utf-8")
    body = html[html.index('<div class="credreg-page"'):]
    assert "<script>" + PWN not in body and f'onerror="{PWN}"' not in body
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt; Intro" in body
    assert "Acme &lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt; &amp;" in body
    svgs = chart_svgs(html)
    assert len(svgs) == 5
    for svg in svgs:
        _assert_inert_svg(svg)
    ids = re.findall(r'\bid="([^"]+)"', "".join(svgs))
    assert len(ids) == len(set(ids)), "two charts share an element id"
    doc = json.loads((hostile_site / "api" / "insights.json").read_text("utf-8"))
    assert doc["issuance"]["byIssuer"][0]["name"] == HOSTILE_ISSUER  # JSON keeps the text; it is data, not markup


def test_without_now_it_is_as_of_source_date_epoch(hostile_site: Path) -> None:
    """Without --now, SOURCE_DATE_EPOCH pins the date (reproducible builds), and the page says so."""
    doc = json.loads((hostile_site / "api" / "insights.json").read_text("utf-8"))
    assert doc["asOfSource"] == "SOURCE_DATE_EPOCH"
    assert doc["asOf"] == "2026-06-01T00:00:00Z"
    assert doc["totals"]["awards"] == 2 and doc["totals"]["expired"] == 1
    assert "pinned by SOURCE_DATE_EPOCH" in (hostile_site / "insights" / "index.html").read_text("utf-8")


def test_empty_registry() -> None:
    empty = model([A], [])
    ins = compute(empty, AS_OF, "--now")
    doc = to_json(ins, URLS)
    assert doc["totals"] == {"awards": 0, "revoked": 0, "expired": 0, "active": 0, "revocationRate": None,
                             "expiryRate": None}
    assert doc["issuance"]["byMonth"] == [] and doc["expiring"] == {"windowDays": 90, "count": 0, "credentials": []}
    text = insights_page(SiteModel(empty, URLS, "Empty"), ins).text
    assert "No credential has been awarded in this registry yet as of this date." in text
    assert "No badge class is overdue for review." in text and chart_svgs(text) == []


def test_a_large_registry_gives_a_bounded_page_quickly() -> None:
    classes = [badge(f"i{n % 50:02d}/b{n:03d}", ("badge", "micro-credential", "full-credential")[n % 3],
                     reviewed="2025-01-01" if n % 2 else "2026-05-01") for n in range(500)]
    awards = [award(f"{k:05d}", classes[k % 500].key, f"20{16 + k % 10}-{1 + k % 12:02d}-15",
                    f"2026-{1 + k % 12:02d}-20" if k % 4 == 0 else None) for k in range(10_000)]
    big = model(classes, awards, {f"{k:05d}": "2026-01-01" for k in range(0, 10_000, 7)})
    start = time.perf_counter()
    ins = compute(big, AS_OF, "--now")
    page = insights_page(SiteModel(big, URLS, "Big"), ins).text
    elapsed = time.perf_counter() - start
    tables = page_tables(page)
    assert len(tables["credreg-insights-badges-table"]) == len(tables["credreg-insights-issuers-table"]) == TOP_N + 1
    assert tables["credreg-insights-badges-table"][-1][0] == "490 others"
    assert len(tables["credreg-insights-overdue-table"]) == MAX_ROWS and f"the first {MAX_ROWS} of 250" in page
    assert len(tables["credreg-insights-months-table"]) == 24
    assert len(page) < 1_500_000 and elapsed < 20, (len(page), elapsed)


def test_insights_path_is_reserved(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    root = copy_example_registry(tmp_path / "registry")
    shutil.copytree(REPO / "overrides", root / "overrides")
    (root / "overrides" / "docs" / "insights").mkdir(parents=True)
    (root / "overrides" / "docs" / "insights" / "index.md").write_text("# Our own numbers\n")
    assert main(["build", "--root", str(root), "--out", str(tmp_path / "site")]) == 1
    assert (f"{root / 'overrides' / 'docs'}/insights/index.md would be published at /insights/index.html, which "
            "belongs to the registry") in caplog.text
    assert not (tmp_path / "site" / "insights").exists()


def test_horizontal_bars_are_byte_identical_and_labelled() -> None:
    draw = lambda: hbar_chart(Chart("Rates"), ["Acme", "Globex"], {"revoked": [8.7, 0.0], "expired": [26.1, 4.5]},  # noqa: E731
                              "{:.1f}")
    first = draw()
    assert draw() == first and "<svg" in first[:5]
    labels = re.findall(r"<!-- (.*?) -->", first)
    assert {"Rates", "Acme", "Globex", "revoked", "expired", "8.7", "0.0", "26.1", "4.5"} <= set(labels)
