"""Labels and endorsements on the example site built with real MkDocs as of 2026-11-28: badge pages (label as of the
build, every endorsement with its state), evidence pages (as of the award date and rubric version), issuer pages,
the catalog, the hosted signed bytes, /api/ and the OB 2.0 documents."""
from __future__ import annotations

import html as htmllib
import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest
from support import REPO

from registry.ob3.endorsement import RUBRIC_VERSIONS
from registry.model import Registry
from registry.publish.build import build_site
from registry.publish.endorsements import label_figures, state_of
from registry.publish.render import markdown_html

NOW = datetime(2026, 11, 28, tzinfo=timezone.utc)
SITE = "https://demo.credreg.example/"
COUNCIL = "Open Skills Accreditation Council"
WITHDRAWN_REASON = "The annual review found portfolio reviews were no longer re-marked blind."


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_site(REPO, tmp_path_factory.mktemp("endorsements") / "site", strict=True, now=NOW)


def page(site: Path, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


def words(markup: str) -> str:
    """The text of some HTML, tags dropped and spaces folded, as a reader sees it."""
    return re.sub(r"\s+", " ", htmllib.unescape(re.sub(r"<[^>]+>", " ", markup))).strip()


def label_row(markup: str) -> str:
    start = markup.index('<tr id="credreg-award-label">')
    return markup[start:markup.index("</tr>", start)]


# --- evidence pages: as of the award date and the award's rubric version ------------------------------------------

AWARD_CASES = {  # badge class, award month → label on the award date, the line about each endorsement of the class
    "product design certificate of 2026-03: before its accreditation began": (
        "northlight-design-school/product-design-certificate", "2026-03", "in-house",
        [f"Not accredited by {COUNCIL} on the award date: it began on 2026-04-01, after the award"]),
    "web performance of 2025-09: accredited then, expired since": (
        "sprintwise/web-performance", "2025-09", "accredited",
        [f"Accredited by {COUNCIL} on the award date; expired 2026-01-31"]),
    "junior product designer of 2025-09: accredited then, withdrawn since": (
        "northlight-design-school/junior-product-designer", "2025-09", "accredited",
        [f"Accredited by {COUNCIL} on the award date; withdrawn 2026-02-20"]),
    "vetted front-end developer of 2026-01: accredited and still current": (
        "sprintwise/vetted-frontend-developer", "2026-01", "accredited", [f"Accredited by {COUNCIL} on the award date"]),
    "ux research basics of 2025-04: co-branded by Sprintwise": (
        "northlight-design-school/ux-research-basics", "2025-04", "co-branded",
        ["Co-branded with Sprintwise on the award date"]),
    "accessible ui: endorsed by no one": ("sprintwise/accessible-ui", "", "in-house", []),
}


@pytest.mark.parametrize("badge, month, label, lines", AWARD_CASES.values(), ids=AWARD_CASES.keys())
def test_evidence_page_shows_the_label_of_the_award_date(site: Path, registry: Registry, badge: str, month: str,
                                                         label: str, lines: list[str]) -> None:
    awards = [a for a in registry.awards.values() if a.badge_key == badge and a.awarded.isoformat().startswith(month)]
    assert awards, f"the example registry has no award of {badge} in {month!r}"
    for award in awards:
        row = label_row(page(site, f"credentials/{award.id}"))
        assert re.findall(r'class="credreg-label credreg-label--([\w-]+)" data-label="([\w-]+)"', row) == [(label, label)]
        assert re.findall(r'<span class="credreg-endorsement-line" data-held="\w+">(.*?)</span>', row) == \
            [htmllib.escape(line, quote=True) for line in lines]
        if not lines:
            assert "No other issuer of this registry endorses this badge class." in row
        for e in registry.endorsements_of(badge):  # each line links the signed endorsement, relatively
            assert f'href="../../endorsements/{e.id}.json"' in row


def test_no_accredited_pill_on_an_award_made_before_its_accreditation(site: Path, registry: Registry) -> None:
    """The 2026-03 awards of the product design certificate predate the accreditation of 2026-04-01: nothing on
    their page says accredited but the sentence saying it was not."""
    awards = [a for a in registry.awards.values() if a.badge_key == "northlight-design-school/product-design-certificate"]
    assert [a.awarded.date().isoformat()[:7] for a in awards] == ["2026-03"] * len(awards) and awards
    for award in awards:
        markup = page(site, f"credentials/{award.id}")
        assert "credreg-label--accredited" not in markup and 'data-held="yes"' not in markup
        assert not re.search(r"(?<!Not )[Aa]ccredited by", words(markup))
        assert award.endorsements == ()  # and the signed award embeds none


# --- badge pages: as of the build -------------------------------------------------------------------------------

BADGE_CASES = {  # badge class → its label as of 2026-11-28, each endorsement's endorser and state text
    "product-design-certificate": ("northlight-design-school/product-design-certificate", "accredited",
                                   [(COUNCIL, "current")]),
    "web-performance": ("sprintwise/web-performance", "in-house", [(COUNCIL, "expired on 2026-01-31")]),
    "junior-product-designer": ("northlight-design-school/junior-product-designer", "in-house",
                                [(COUNCIL, f"withdrawn on 2026-02-20: {WITHDRAWN_REASON}")]),
    "vetted-frontend-developer": ("sprintwise/vetted-frontend-developer", "accredited", [(COUNCIL, "current")]),
    "ux-research-basics": ("northlight-design-school/ux-research-basics", "co-branded", [("Sprintwise", "current")]),
    "accessible-ui": ("sprintwise/accessible-ui", "in-house", []),
}
LABEL_TEXT = {"accredited": "Accredited", "co-branded": "Co-branded", "in-house": "In-house"}


@pytest.mark.parametrize("badge, label, rows", BADGE_CASES.values(), ids=BADGE_CASES.keys())
def test_badge_page_shows_its_label_and_every_endorsement(site: Path, registry: Registry, badge: str, label: str,
                                                          rows: list[tuple[str, str]]) -> None:
    markup = page(site, f"badges/{badge}")
    pill = re.search(r'<a class="credreg-label credreg-label--([\w-]+)" id="credreg-label" data-label="([\w-]+)" '
                     r'href="([^"]+)"[^>]*>([^<]*)</a>', markup)
    assert pill and pill.groups() == (label, label, "../../../insights/labels/#" + label, f"Label: {LABEL_TEXT[label]}")
    assert "as of 2026-11-28" in markup and "Accredited by" not in markup  # the old pill is gone
    found = re.findall(r'<tr data-endorsement="(\w+)">(.*?)</tr>', markup, re.S)
    assert [e.id for e in registry.endorsements_of(badge)] == [ident for ident, _ in found]
    for (ident, cells), (endorser, state) in zip(found, rows, strict=True):
        e = registry.endorsements[ident]
        issuer = registry.issuers[e.endorser_id]
        assert f'<a href="../../../issuers/{issuer.id}/">{endorser}</a>' in cells
        assert f"({'Accreditor' if issuer.kind == 'accreditor' else 'Freelance marketplace'})" in cells
        assert f"from {e.valid_from.date()}" in cells and f"(signed {e.signed_at.date()})" in cells
        assert (f"until {e.valid_until.date()}" if e.valid_until else "no end date") in cells
        assert f"<td>{', '.join(map(str, e.rubric_versions))}</td>" in cells
        assert words(re.search(r'<span class="credreg-endorsement-state[^>]*>(.*?)</span>\s*</td>', cells, re.S)
                     .group(1)) == state  # type: ignore[union-attr]
        assert f'href="../../../endorsements/{ident}.json"' in cells
        assert str(markdown_html(e.comment)) in cells and "**" not in cells  # its Markdown rendered, as sanitized
    if not rows:
        assert "No other issuer of this registry endorses" in markup


def test_states_as_of_other_moments(registry: Registry) -> None:
    """The same endorsement reads differently as the build moment moves: not started, current, ended, withdrawn."""
    by_subject = {e.subject: e for e in registry.endorsements.values()}
    cases = {
        ("northlight-design-school/product-design-certificate", "2026-03-15T00:00:00"): ("pending", "not started yet (from 2026-04-01)"),
        ("northlight-design-school/product-design-certificate", "2026-04-01T08:00:00"): ("current", "current"),
        ("sprintwise/web-performance", "2026-01-31T23:00:00"): ("current", "current"),
        ("sprintwise/web-performance", "2026-01-31T23:00:01"): ("expired", "expired on 2026-01-31"),
        ("northlight-design-school/junior-product-designer", "2026-02-20T14:59:59"): ("current", "current"),
        ("northlight-design-school/junior-product-designer", "2026-02-20T15:00:00"): ("withdrawn", "withdrawn on 2026-02-20"),
    }
    for (subject, moment), expected in cases.items():
        state = state_of(by_subject[subject], registry, datetime.fromisoformat(moment).replace(tzinfo=timezone.utc))
        assert (state.kind, state.text) == expected, (subject, moment)
        assert state.reason == (WITHDRAWN_REASON if state.kind == "withdrawn" else "")


# --- issuer pages and the catalog ------------------------------------------------------------------------------

def _listed(markup: str, ident: str) -> list[str]:
    block = re.search(rf'<ul class="credreg-endorsement-list" id="credreg-endorsements-{ident}">(.*?)</ul>', markup, re.S)
    return [words(li) for li in re.findall(r"<li [^>]*>(.*?)</li>", block.group(1), re.S)] if block else []


def test_issuer_pages_list_endorsements_given_and_received(site: Path) -> None:
    council = page(site, "issuers/open-skills-accreditation-council")
    assert [text.split(",")[0].strip() for text in _listed(council, "given")] == [
        "Web Performance Tuning of Sprintwise", "Junior Product Designer of Northlight Design School",
        "Vetted Front-end Developer of Sprintwise", "Product Design Certificate of Northlight Design School"]
    assert [text.split(": ", 1)[1].split(" · ")[0] for text in _listed(council, "given")] == [
        "expired on 2026-01-31", f"withdrawn on 2026-02-20: {WITHDRAWN_REASON}", "current", "current"]
    assert _listed(council, "received") == [] and "No issuer of this registry endorses Open Skills" in council
    sprintwise = page(site, "issuers/sprintwise")
    assert [t.split(" (")[0] for t in _listed(sprintwise, "received")] == [
        f"Web Performance Tuning is accredited by {COUNCIL}", f"Vetted Front-end Developer is accredited by {COUNCIL}"]
    assert _listed(sprintwise, "given") == [
        "UX Research Basics of Northlight Design School , from 2025-04-01, no end date (signed 2025-04-01), rubric "
        "version 1: current · signed JSON"]
    northlight = page(site, "issuers/northlight-design-school")
    assert len(_listed(northlight, "received")) == 3 and "Northlight Design School endorses nothing" in northlight
    assert 'id="accreditation"' not in northlight  # the old section is gone


def test_catalog_cards_carry_their_label(site: Path, registry: Registry) -> None:
    catalog = page(site, "badges")
    cards = dict(re.findall(r'<a class="credreg-card" href="([\w-]+/[\w-]+)/"[^>]* data-label="([\w-]+)"',
                            catalog))
    expected = {case[0]: case[1] for case in BADGE_CASES.values()}
    assert set(cards) == set(registry.badges) and {k: cards[k] for k in expected} == expected
    assert sorted(set(cards.values())) == ["accredited", "co-branded", "in-house"]
    options = re.search(r'<select name="label">(.*?)</select>', catalog, re.S).group(1)  # type: ignore[union-attr]
    assert re.findall(r'<option value="([\w-]*)">([^<]+)</option>', options) == [
        ("", "All labels"), ("accredited", "Accredited"), ("co-branded", "Co-branded"), ("in-house", "In-house")]
    for key, label in cards.items():
        card = catalog[catalog.index(f'class="credreg-card" href="{key}/"'):]
        card = card[:card.index("</a>")]
        assert f'<span class="credreg-label credreg-label--{label}">{LABEL_TEXT[label]}</span>' in card


# --- hosted documents, /api/ and OB 2.0 ------------------------------------------------------------------------

def test_each_endorsement_is_hosted_as_signed(site: Path, registry: Registry) -> None:
    assert sorted(p.stem for p in (site / "endorsements").glob("*.json")) == sorted(registry.endorsements)
    for e in registry.endorsements.values():
        hosted = site / "endorsements" / f"{e.id}.json"
        assert hosted.read_bytes() == (REPO / e.source).read_bytes()
        assert json.loads(hosted.read_bytes())["id"] == f"{SITE}endorsements/{e.id}.json" == e.url


def test_api_lists_labels_and_endorsements(site: Path, registry: Registry) -> None:
    badges = {b["id"]: b for b in json.loads((site / "api/badges.json").read_text())["badges"]}
    for key, label, rows in BADGE_CASES.values():
        assert badges[key]["label"] == label
        assert badges[key]["endorsements"] == [e.url for e in registry.endorsements_of(key)] and len(rows) == len(
            badges[key]["endorsements"])
    index = json.loads((site / "api/endorsements.json").read_text())
    assert index["version"] == 1
    entries = {e["id"]: e for e in index["endorsements"]}
    assert set(entries) == set(registry.endorsements)
    withdrawn = next(e for e in entries.values() if e["subject"] == "northlight-design-school/junior-product-designer")
    assert withdrawn == {
        "id": withdrawn["id"], "url": f"{SITE}endorsements/{withdrawn['id']}.json",
        "endorser": "open-skills-accreditation-council", "subject": "northlight-design-school/junior-product-designer",
        "validFrom": "2025-06-02T08:00:00Z", "validUntil": "2027-06-01T23:00:00Z",
        "withdrawn": {"withdrawnAt": "2026-02-20T15:00:00Z", "reason": WITHDRAWN_REASON},
        "rubricVersions": [1], "ob2Endorsement": None, "state": "withdrawn"}
    cobrand = next(e for e in entries.values() if e["endorser"] == "sprintwise")
    assert (cobrand["validUntil"], cobrand["withdrawn"], cobrand["state"]) == (None, None, "current")
    for entry in entries.values():  # what each entry says is what its signed credential says
        signed = json.loads((site / "endorsements" / f"{entry['id']}.json").read_bytes())
        assert entry["validFrom"] == signed["validFrom"] and entry["validUntil"] == signed.get("validUntil")
        assert entry["rubricVersions"] == [int(v) for v in signed["credentialSubject"][RUBRIC_VERSIONS]]
    revocations = {r["credential"]: r for r in json.loads((site / "api/revocations.json").read_text())["revocations"]}
    assert revocations[withdrawn["id"]]["url"] == withdrawn["url"]  # an endorsement's URL, not a credential's


OB2_HOLDING = {  # badge class → the endorsements its OB 2.0 BadgeClass lists: those holding as of the build
    "northlight-design-school/product-design-certificate": 1, "sprintwise/vetted-frontend-developer": 1,
    "northlight-design-school/ux-research-basics": 1,
}


def test_ob2_badge_classes_list_the_endorsements_holding_now(site: Path, registry: Registry) -> None:
    for key, badge in registry.badges.items():
        doc = json.loads((site / "api/ob2/badges" / f"{key}.json").read_text())
        iris = doc.get("endorsement", [])
        assert len(iris) == OB2_HOLDING.get(key, 0), key
        for iri in iris:
            assert iri.startswith(f"{SITE}api/ob2/endorsements/")
            endorsement = json.loads((site / iri.removeprefix(SITE)).read_text())
            source = registry.endorsements[iri.rsplit("/", 1)[1].removesuffix(".json")]
            assert endorsement == {
                "@context": "https://w3id.org/openbadges/v2", "type": "Endorsement", "id": iri,
                "claim": {"id": doc["id"], "endorsementComment": source.comment},
                "issuer": f"{SITE}api/ob2/issuers/{source.endorser_id}.json",
                "issuedOn": source.signed_at.isoformat().replace("+00:00", "Z"),
                "verification": {"type": "hosted"},
                **({"expires": source.valid_until.isoformat().replace("+00:00", "Z")} if source.valid_until else {})}
            assert (site / endorsement["issuer"].removeprefix(SITE)).is_file()
    withdrawn = registry.revocations.keys() & registry.endorsements.keys()
    assert withdrawn and not any((site / f"api/ob2/endorsements/{i}.json").exists() for i in withdrawn)
    council = json.loads((site / "api/ob2/revocations/open-skills-accreditation-council.json").read_text())
    assert all("/assertions/" in r["id"] for r in council["revokedAssertions"])  # no endorsement posing as one


# --- the labels page: the registry's figures, recomputed here from the model -------------------------------------

def _label_now(registry: Registry, key: str, now: datetime = NOW) -> str:
    """A badge class's label as of `now`, from the raw endorsements: an accreditor's current one for the current
    rubric version makes it accredited, another issuer's co-branded."""
    badge = registry.badges[key]
    version = badge.rubrics[-1].version if badge.rubrics else None
    kinds = set()
    for e in registry.endorsements.values():
        revoked = registry.revocations.get(e.id)
        if (e.subject == key and (version is None or version in e.rubric_versions) and e.valid_from <= now
                and (e.valid_until is None or now <= e.valid_until) and (revoked is None or now < revoked.revoked_at)):
            kinds.add(registry.issuers[e.endorser_id].kind)
    return "accredited" if "accreditor" in kinds else "co-branded" if kinds else "in-house"


def _percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "—"


def test_labels_page_figures_equal_those_computed_here(site: Path, registry: Registry) -> None:
    markup = page(site, "insights/labels")
    rows = {label: dict(re.findall(r'<td data-figure="([\w-]+)">([^<]*)</td>', cells))
            for label, cells in re.findall(r'<tr data-label="([\w-]+)">(.*?)</tr>', markup, re.S)}
    assert list(rows) == ["accredited", "co-branded", "in-house"]
    for label, shown in rows.items():
        keys = {k for k in registry.badges if _label_now(registry, k) == label}
        awards = [a for a in registry.awards.values() if a.badge_key in keys and a.awarded <= NOW]
        revoked = [a for a in awards if a.id in registry.revocations and registry.revocations[a.id].revoked_at <= NOW]
        proctored = [a for a in awards if registry.badges[a.badge_key].proctored]
        checked = [a for a in awards if registry.badges[a.badge_key].id_checked]
        assert shown == {"badges": str(len(keys)), "awards": str(len(awards)), "revoked": str(len(revoked)),
                         "revocation-rate": _percent(len(revoked), len(awards)),
                         "proctored": _percent(len(proctored), len(awards)),
                         "id-checked": _percent(len(checked), len(awards))}, label
    assert [rows[label]["badges"] for label in rows] == ["2", "1", "9"]  # the example registry, as of 2026-11-28
    for anchor in ("accredited", "co-branded", "in-house", "check"):
        assert f'<h2 id="{anchor}">' in markup
    assert 'href="../../verify/"' in markup and 'href="../../api/endorsements.json"' in markup
    assert 'href="../issuers/open-skills-accreditation-council/"' not in markup  # links are relative to the page
    assert 'href="../../issuers/open-skills-accreditation-council/"' in markup
    assert 'id="credreg-labels-link"' in page(site, "insights") and 'href="labels/"' in page(site, "insights")


LABELS_AT = {  # moment → the badge classes accredited and co-branded then (the rest are in-house)
    "2025-03-01, before any endorsement": ("2025-03-01", set(), set()),
    "2025-07-01": ("2025-07-01", {"sprintwise/web-performance", "northlight-design-school/junior-product-designer"},
                   {"northlight-design-school/ux-research-basics"}),
    "2026-01-10": ("2026-01-10", {"sprintwise/web-performance", "northlight-design-school/junior-product-designer",
                                  "sprintwise/vetted-frontend-developer"}, {"northlight-design-school/ux-research-basics"}),
    "2026-03-15, after the expiry and the withdrawal": ("2026-03-15", {"sprintwise/vetted-frontend-developer"},
                                                        {"northlight-design-school/ux-research-basics"}),
    "2026-11-28, the build": ("2026-11-28", {"sprintwise/vetted-frontend-developer",
                                             "northlight-design-school/product-design-certificate"},
                              {"northlight-design-school/ux-research-basics"}),
}


@pytest.mark.parametrize("day, accredited, co_branded", LABELS_AT.values(), ids=LABELS_AT.keys())
def test_label_figures_follow_the_moment(registry: Registry, day: str, accredited: set[str], co_branded: set[str]) -> None:
    """The figures of the labels page at other build moments: labels and awards as they stood then."""
    moment = datetime.fromisoformat(day).replace(tzinfo=timezone.utc)
    assert {k for k in registry.badges if _label_now(registry, k, moment) == "accredited"} == accredited
    assert {k for k in registry.badges if _label_now(registry, k, moment) == "co-branded"} == co_branded
    for figures in label_figures(registry, moment):
        keys = {k for k in registry.badges if _label_now(registry, k, moment) == figures.label.value}
        awards = [a for a in registry.awards.values() if a.badge_key in keys and a.awarded <= moment]
        revoked = sum(1 for a in awards if a.id in registry.revocations and registry.revocations[a.id].revoked_at <= moment)
        assert (figures.badges, figures.awards, figures.revoked) == (len(keys), len(awards), revoked), figures.label
        assert figures.proctored == sum(1 for a in awards if registry.badges[a.badge_key].proctored)
        assert figures.id_checked == sum(1 for a in awards if registry.badges[a.badge_key].id_checked)
