"""Pathways: the graph from `requires`, its build-time SVG (escaped, bounded), the /pathways/ page, and evidence
pages that show components, later revocations, renewals and what recruiters ask first."""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from markupsafe import escape
from pathways_support import ADA, KEPT_REASON, NOW, REVOKED_REASON, Stacked, build_stacked, stacked_site, verified_model

from registry.model import BadgeClass, Component, Issuer, Label, Requirement
from registry.publish.endorsements import on_award_date
from registry.publish.evidence import CROSS_ISSUER_NOTE, evidence_article
from registry.publish.pages import SiteModel, badge_pages, pathways_page
from registry.publish.pathway_svg import Drawing, label, pathway_figure, pathway_svg
from registry.publish.pathways import MAX_NODES, NODE_W, ROWS_PER_COLUMN, all_pathways, focused, layout, overview
from registry.urls import SiteUrls

SVG_NS = "{http://www.w3.org/2000/svg}"


def badge(key: str, level: str = "badge", *groups: tuple[int, list[str]], name: str | None = None) -> BadgeClass:
    """A badge class as the model holds it; each group is (count, members), count 0 meaning all of them."""
    issuer, bid = key.split("/")
    reqs = tuple(Requirement(tuple(Component(m if "/" in m else f"{issuer}/{m}") for m in members),
                             count or len(members)) for count, members in groups)
    return BadgeClass(issuer, bid, name or bid.replace("-", " ").title(), "About it.", level, "Badge", "badge.svg",
                      ("project",), False, False, 12, date(2026, 1, 1), requires=reqs)


def registry_of(*classes: BadgeClass) -> dict[str, BadgeClass]:
    return {b.key: b for b in classes}


ISSUERS = {i: Issuer(i, f"{i.title()} Inc", "school", "https://x.example/", "a@x.example", "", (), ())
           for i in ("acme", "globex")}


def drawing(badges: dict[str, BadgeClass], current: str | None, compact: bool = False) -> Drawing:
    (pathway,) = [p for p in all_pathways(badges) if current is None or current in p.badges]
    shown = focused(badges, pathway, current, compact) if current else overview(badges, pathway)
    return Drawing(shown, badges, ISSUERS, current, lambda k: "../../badges/{}/{}/".format(*k.split("/")), "t")


def svg_tree(d: Drawing) -> ET.Element:
    return ET.fromstring(str(pathway_svg(d)))  # well-formed XML, or this raises


def shown(node: ET.Element) -> str:
    """The text a box shows (its <title> is the tooltip, not drawn)."""
    return " | ".join("".join(t.itertext()) for t in node.iter(f"{SVG_NS}text"))


def nodes(root: ET.Element) -> dict[str, ET.Element]:
    return {a.get("data-badge", ""): a for a in root.iter(f"{SVG_NS}a")}


PATHWAY_CASES = {
    "one stack": ([badge("acme/a"), badge("acme/b"), badge("acme/m", "micro-credential", (0, ["a", "b"]))],
                  [["acme/a", "acme/b", "acme/m"]]),
    "two pathways": ([badge("acme/a"), badge("acme/m", "micro-credential", (0, ["a"])), badge("globex/x"),
                      badge("globex/y", "full-credential", (0, ["x"]))], [["acme/a", "acme/m"], ["globex/x", "globex/y"]]),
    "stand-alone classes are no pathway": ([badge("acme/a"), badge("acme/b")], []),
    "a dangling name is left to the check": ([badge("acme/a"), badge("acme/m", "micro-credential", (0, ["a", "gone"]))],
                                             [["acme/a", "acme/m"]]),
    "a self reference is ignored": ([badge("acme/m", "micro-credential", (0, ["m"]))], []),
    "a cycle (refused by the check) is cut, not looped": (
        [badge("acme/a", "badge", (0, ["b"])), badge("acme/b", "badge", (0, ["a"]))], [["acme/a", "acme/b"]]),
    "co-branded step joins the pathway": (
        [badge("acme/a"), badge("globex/x"), badge("acme/m", "micro-credential", (0, ["a"]), (1, ["globex/x", "a"]))],
        [["acme/a", "acme/m", "globex/x"]]),
}


@pytest.mark.parametrize("classes, expected", PATHWAY_CASES.values(), ids=PATHWAY_CASES.keys())
def test_pathways_are_connected_components_with_a_stacked_class(classes: list[BadgeClass],
                                                                 expected: list[list[str]]) -> None:
    found = [sorted(p.badges) for p in all_pathways(registry_of(*classes))]
    assert found == expected
    for p in all_pathways(registry_of(*classes)):  # every one lays out and draws
        ET.fromstring(str(pathway_svg(Drawing(p, registry_of(*classes), ISSUERS, None, lambda k: k, "x"))))


def test_lower_levels_left_and_any_n_of_drawn_as_such() -> None:
    badges = registry_of(badge("acme/a"), badge("acme/b"), badge("acme/c"),
                         badge("acme/m", "micro-credential", (0, ["a"]), (1, ["b", "c"])),
                         badge("acme/f", "full-credential", (0, ["m"])))
    d = drawing(badges, "acme/m")
    lay = layout(badges, d.pathway)
    assert lay.boxes["acme/a"].x < lay.boxes["acme/m"].x < lay.boxes["acme/f"].x
    assert lay.boxes["acme/b"].x == lay.boxes["acme/a"].x
    root = svg_tree(d)
    texts = ["".join(t.itertext()) for t in root.iter(f"{SVG_NS}text")]
    assert texts.count("any 1 of 2") == 1  # one junction, for the "any" group only
    assert root.get("role") == "img" and root.get("aria-labelledby") == "t-title t-desc"
    assert root.find(f"{SVG_NS}title").text == "Pathway to F"  # type: ignore[union-attr]
    links = nodes(root)
    assert links["acme/m"].get("aria-current") == "page" and "credreg-pathway-node--current" in links["acme/m"].get("class", "")
    assert links["acme/a"].get("href") == "../../badges/acme/a/" and links["acme/a"].get("aria-current") is None
    html = str(pathway_figure(d))
    assert 'requires all of: <a href="../../badges/acme/a/"><bdi>A</bdi></a>' in html
    assert "any 1 of: " in html and 'An "any N of" junction' in html


def test_co_branded_steps_are_marked_with_their_issuer() -> None:
    badges = registry_of(badge("acme/a"), badge("globex/x"),
                         badge("acme/m", "micro-credential", (1, ["a", "globex/x"])))
    root = svg_tree(drawing(badges, "acme/m"))
    other, own = nodes(root)["globex/x"], nodes(root)["acme/a"]
    assert other.find(f"{SVG_NS}rect").get("stroke-dasharray") and not own.find(f"{SVG_NS}rect").get("stroke-dasharray")  # type: ignore[union-attr]
    assert shown(other) == "X | Badge · Globex Inc" and shown(own) == "A | Badge"
    html = str(pathway_figure(drawing(badges, "acme/m")))
    assert "co-branded: <bdi>Globex Inc</bdi>" in html and "Dashed boxes are badge classes of another issuer" in html


HOSTILE_NAMES = {
    "script tag": "<script>alert(1)</script>",
    "ampersand and entities": "Tom & Jerry &amp; &#x3c;",
    "quotes break attributes": 'a" onload="alert(1)\' x=\'',
    "rtl override": "Safe\u202egnp.exe",
    "xml-invalid control and bidi isolate": "Bell\x07 \u2066Iso\u2069",
    "cdata end": "]]><svg onload=alert(1)>",
}


@pytest.mark.parametrize("name", HOSTILE_NAMES.values(), ids=HOSTILE_NAMES.keys())
def test_issuer_controlled_names_are_escaped(name: str) -> None:
    badges = registry_of(badge("acme/a", name=name), badge("globex/x"),
                         badge("acme/m", "micro-credential", (1, ["a", "globex/x"])))
    issuers = {**ISSUERS, "globex": Issuer("globex", name, "school", "https://x.example/", "a@x.example", "", (), ())}
    d = Drawing(drawing(badges, "acme/m").pathway, badges, issuers, "acme/a", lambda k: k, "t")
    svg = str(pathway_svg(d))
    root = ET.fromstring(svg)
    assert not [e for e in root.iter() if e.tag.split("}")[-1] in ("script", "foreignObject", "svg") and e is not root]
    assert all(not k.startswith("on") for e in root.iter() for k in e.attrib)
    drawn = shown(nodes(root)["acme/a"])
    assert label(name)[:20] in drawn and not set(drawn) & set("\u202e\u2066\u2069\x07")
    assert "Badge · " + label(name)[:10] in shown(nodes(root)["globex/x"])
    html = str(pathway_figure(d))
    assert f"<bdi>{escape(name)}</bdi>" in html and "<script>" not in html


def test_a_graph_of_sixty_classes_renders_whole_and_wide() -> None:
    members = [f"b{n:02}" for n in range(60)]
    badges = registry_of(*(badge(f"acme/{m}") for m in members), badge("acme/m", "micro-credential", (3, members)))
    d = drawing(badges, "acme/m")
    root = svg_tree(d)
    assert len(nodes(root)) == 61 and len(d.pathway.badges) == 61
    lay = layout(badges, d.pathway)
    assert {round(b.x) for k, b in lay.boxes.items() if k != "acme/m"}.__len__() == 60 // ROWS_PER_COLUMN
    assert lay.height < 1000 and lay.width < 8 * NODE_W * 1.5  # wrapped into sub-columns, not 60 rows tall
    assert "any 3 of 60" in "".join(root.itertext())


def test_a_huge_pathway_is_drawn_near_the_class_and_listed_in_full() -> None:
    members = [f"b{n:03}" for n in range(300)]
    badges = registry_of(*(badge(f"acme/{m}") for m in members), badge("acme/m", "micro-credential", (0, members)),
                         badge("acme/f", "full-credential", (0, ["m"])))
    d = drawing(badges, "acme/b150")
    drawn = nodes(svg_tree(d))
    assert len(drawn) == MAX_NODES and {"acme/b150", "acme/m", "acme/f"} <= drawn.keys()
    html = str(pathway_figure(d))
    assert all(f"<bdi>{m.title()}</bdi>" in html for m in members)  # the list names every class
    assert html.count("<bdi>") == 303 and f"The drawing shows the {MAX_NODES} classes nearest this one of 302" in html
    assert len(nodes(svg_tree(drawing(badges, None)))) == MAX_NODES


def test_compact_form_keeps_only_where_the_class_sits() -> None:
    badges = registry_of(badge("acme/a"), badge("acme/b"), badge("acme/m", "micro-credential", (0, ["a"])),
                         badge("acme/n", "micro-credential", (0, ["b"])), badge("acme/f", "full-credential", (0, ["m", "n"])))
    assert sorted(drawing(badges, "acme/m", compact=True).pathway.badges) == ["acme/a", "acme/f", "acme/m"]
    assert len(drawing(badges, "acme/m").pathway.badges) == 5


# --- a real build of a stacked registry with real signed awards ------------------------------------------------

@pytest.fixture(scope="module")
def stacked(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stacked, Path]]:
    yield stacked_site(tmp_path_factory.mktemp("stacked"))


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def test_badge_page_draws_its_pathway(stacked: tuple[Stacked, Path]) -> None:
    _, site = stacked
    html = page(site, "badges/acme/python-developer")
    svg = ET.fromstring(re.search(r'<svg [^>]*class="credreg-pathway-svg".*?</svg>', html, re.S).group(0))  # type: ignore[union-attr]
    links = nodes(svg)
    assert set(links) == {"acme/intro-python", "acme/testing-basics", "acme/git-basics", "acme/python-developer",
                          "acme/python-engineer"}
    assert links["acme/python-developer"].get("aria-current") == "page"
    for key, a in links.items():  # each box links to that badge page, relatively, and the page is there
        target = (site / "badges/acme/python-developer" / a.get("href", "")).resolve() / "index.html"
        assert a.get("href", "") == ("./" if key == "acme/python-developer" else f"../{key.split('/')[1]}/")
        assert target.is_file() and key.split("/")[1] in str(target)
    assert "any 1 of 2" in html and 'id="credreg-label" data-label="accredited"' in html
    assert "from 2026-03-01 until 2027-12-31 (signed 2026-03-01)" in html and 'data-state="current">current<' in html


def test_pathways_overview_page_is_in_the_nav(stacked: tuple[Stacked, Path]) -> None:
    _, site = stacked
    html = page(site, "pathways")
    assert html.count('class="credreg-pathway-svg"') == 1 and "Python Engineer" in html
    assert 'href="../badges/acme/python-developer/"' in html
    home = page(site, "")
    assert 'href="pathways/"' in home  # the home page links it
    assert re.search(r'<a href="pathways/" class="md-nav__link">\s*<span class="md-ellipsis">\s*Pathways\s*</span>', home)


def test_evidence_page_of_a_stacked_award(stacked: tuple[Stacked, Path]) -> None:
    made, site = stacked
    ids = made.ids
    html = page(site, f"credentials/{ids['ada-developer']}")
    facts = html[html.index('id="credreg-facts"'):html.index("</table>", html.index('id="credreg-facts"'))]
    for text in ("<th>Assessment</th><td>project, interview</td>", "<th>Proctored</th><td>no</td>",
                 "<th>Identity checked</th><td>yes</td>",
                 "Not accredited by Skills Council on the award date: it began on 2026-03-01, after the award"):
        assert text in facts
    assert html.index('id="credreg-facts"') < html.index("Assessment results") < html.index('id="components"')
    warning = html[html.index('id="credreg-stack-warning"'):html.index("</div>", html.index('id="credreg-stack-warning"'))]
    assert f"was revoked on 2026-05-01: <bdi>{escape(REVOKED_REASON)}</bdi>" in warning
    assert f"Acme Training decided on 2026-05-03 to keep this credential:</strong> <bdi>{escape(KEPT_REASON)}</bdi>" in warning
    rows = re.findall(r'<tr data-credential="(\w+)">(.*?)</tr>', html)
    assert [r[0] for r in rows] == [ids["ada-intro"], ids["ada-testing"]]
    assert "Intro to Python" in rows[0][1] and "2026-01-15" in rows[0][1] and "credreg-state--valid" in rows[0][1]
    assert "credreg-state--revoked" in rows[1][1] and "Acme Training" in rows[1][1]
    assert f'href="../../credentials/{ids["ada-intro"]}/"' in html and CROSS_ISSUER_NOTE not in html
    assert f"Counts towards:</strong> <a href=\"../../credentials/{ids['ada-engineer']}/\">" in html
    assert "<h2>Evidence</h2>" not in html  # component links are listed as components, not as plain evidence
    assert 'class="credreg-pathway-node credreg-pathway-node--current" data-badge="acme/python-developer"' in html
    assert len(html.encode()) < 30_000


def test_accreditation_and_warning_as_they_stood(stacked: tuple[Stacked, Path]) -> None:
    made, site = stacked
    bob = page(site, f"credentials/{made.ids['bob-developer']}")
    assert 'data-label="accredited"' in bob
    assert 'data-held="yes">Accredited by Skills Council on the award date</span>' in bob
    assert f'href="../../endorsements/{made.accreditation}.json"' in bob
    assert "was revoked on 2026-06-01" in bob and "has recorded no decision on this credential" in bob
    ada = page(site, f"credentials/{made.ids['ada-developer']}")  # 2026-02-10, before the accreditation began
    assert 'data-label="accredited"' not in ada and 'data-label="in-house"' in ada
    assert ('data-held="no">Not accredited by Skills Council on the award date: it began on 2026-03-01, after the '
            'award</span>') in ada
    intro = page(site, f"credentials/{made.ids['ada-intro']}")
    assert "Renewed by:" in intro and made.ids["ada-intro-renewed"] in intro and "credreg-stack-warning" not in intro
    assert 'data-label="in-house"' in intro and "No other issuer of this registry endorses this badge class." in intro
    renewed = page(site, f"credentials/{made.ids['ada-intro-renewed']}")
    renews = re.search(r"Renews:</strong> (.*?)</p>", renewed).group(1)  # type: ignore[union-attr]
    assert f'<a href="../../credentials/{made.ids["ada-intro"]}/"><bdi>Intro to Python</bdi></a> (2026-01-15, ' in renews
    assert re.sub(r"<[^>]+>", "", renews).endswith("(2026-01-15, valid)")
    assert "Verify live in your browser" in renewed and renewed.count('<li class="credreg-log--pass">') >= 5


def _utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=timezone.utc)  # type: ignore[misc]


ACCREDITED_ON = {  # the signed accreditation of acme/python-developer: 2026-03-01 10:00 until 2027-12-31 23:59:59, v1
    "a minute before it began": (_utc(2026, 3, 1, 9, 59), 1, Label.IN_HOUSE,
                                 "Not accredited by Skills Council on the award date: it began on 2026-03-01, after the award"),
    "the moment it began": (_utc(2026, 3, 1, 10, 0), 1, Label.ACCREDITED, "Accredited by Skills Council on the award date"),
    "its last second": (_utc(2027, 12, 31, 23, 59, 59), 1, Label.ACCREDITED,
                        "Accredited by Skills Council on the award date"),
    "after it ended": (_utc(2028, 1, 1), 1, Label.IN_HOUSE,
                       "Not accredited by Skills Council on the award date: it had ended on 2027-12-31"),
    "a rubric version it does not cover": (_utc(2026, 6, 1), 2, Label.IN_HOUSE,
                                           "Not accredited by Skills Council on the award date: it covers rubric "
                                           "version 1, not version 2"),
}


@pytest.mark.parametrize("awarded, version, label, text", ACCREDITED_ON.values(), ids=ACCREDITED_ON.keys())
def test_accreditation_counts_only_on_dates_and_versions_it_covers(stacked: tuple[Stacked, Path], awarded: datetime,
                                                                  version: int, label: Label, text: str) -> None:
    """Bob's real award moved to other dates and rubric versions: only where the endorsement held is it accredited."""
    made, _ = stacked
    reg = verified_model(made.root)
    real = reg.awards[made.ids["bob-developer"]]
    moved = replace(real, awarded=awarded, rubric=replace(real.rubric, version=version))
    standing = on_award_date(reg, moved, NOW)
    assert standing.label is label and [line.text for line in standing.lines] == [text]


# --- a co-branded step: another issuer's class that counts towards Acme's micro-credential ------------------------

@pytest.fixture(scope="module")
def co_branded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Stacked, Any]]:
    work = tmp_path_factory.mktemp("co-branded")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CREDREG_CACHE_DIR", str(work / "cache"))
        made = build_stacked(work / "registry", co_branded=True)
        yield made, verified_model(made.root)


def test_co_branded_step_on_badge_overview_and_evidence_pages(co_branded: tuple[Stacked, Any]) -> None:
    made, reg = co_branded
    site = SiteModel(reg, SiteUrls.parse("https://registry.test/"), "Test Registry")
    badge_page = next(p for p in badge_pages(site, NOW) if p.path == "badges/acme/python-developer/index.md").text
    svg = ET.fromstring(re.search(r'<svg [^>]*class="credreg-pathway-svg".*?</svg>', badge_page, re.S).group(0))  # type: ignore[union-attr]
    globex = nodes(svg)["globex/data-basics"]
    assert globex.find(f"{SVG_NS}rect").get("stroke-dasharray") and shown(globex) == "Data Basics | Badge · Globex Academy"  # type: ignore[union-attr]
    assert globex.get("href") == "../../globex/data-basics/" and "any 1 of 3" in badge_page
    overview_page = pathways_page(site).text
    assert "co-branded: <bdi>Globex Academy</bdi>" in overview_page and "of <bdi>Acme Training</bdi>, <bdi>Globex Academy</bdi>" in overview_page
    html = evidence_article(site, reg.awards[made.ids["ada-developer-2"]], NOW)
    assert f"{escape(CROSS_ISSUER_NOTE)}." in html and '<span class="credreg-tag">another issuer</span>' in html
    assert "Data Basics" in html and "Globex Academy" in html and ADA not in html


def test_a_hand_written_page_may_not_take_the_pathways_page(stacked: tuple[Stacked, Path], tmp_path: Path,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    from registry.cli import main
    made, _ = stacked
    planted = made.root / "overrides/docs/pathways/index.md"
    planted.parent.mkdir(parents=True)
    planted.write_text("# Our own pathways\n")
    try:
        code = main(["build", "--root", str(made.root), "--out", str(tmp_path / "site")])
    finally:
        planted.unlink()
        planted.parent.rmdir()
    assert code == 1
    assert (f"{made.root / 'overrides/docs'}/pathways/index.md would be published at /pathways/index.html, which "
            "belongs to the registry") in capsys.readouterr().err
    assert not (tmp_path / "site/pathways").exists()
