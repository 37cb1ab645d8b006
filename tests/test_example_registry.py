"""The shipped example registry: it checks clean, has what the issues ask for, and regenerates byte for byte."""
from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from support import REPO

from registry.check import check_registry
from registry.verify.requirements import evaluate

AS_OF = datetime(2026, 11, 28, tzinfo=timezone.utc)


def test_example_registry_checks_clean() -> None:
    result = check_registry(REPO)
    assert result.problems == ()
    registry = result.registry
    assert registry is not None
    assert {i.kind for i in registry.issuers.values()} >= {"marketplace", "school", "accreditor"}
    assert all(i.demo for i in registry.issuers.values())
    assert len(registry.badges) >= 8
    assert {b.level for b in registry.badges.values()} == {"badge", "micro-credential", "full-credential"}
    assert sum(len(b.rubrics) > 1 for b in registry.badges.values()) >= 3
    assert len(registry.awards) >= 40
    assert len(registry.revocations) >= 3
    expired = [a for a in registry.awards.values()
               if a.valid_until and a.valid_until < AS_OF]
    assert len(expired) >= 2
    old_key = [a for a in registry.awards.values() if a.proofs[0].key_id == "key-2024"]
    assert old_key, "some awards predate Sprintwise's key rotation"


def test_demo_awards_regenerate_byte_for_byte(tmp_path: Path) -> None:
    copy = tmp_path / "registry"
    shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns(".git", "site", "node_modules", "__pycache__", "*.egg-info"))
    subprocess.run([sys.executable, str(REPO / "scripts" / "make_demo_registry.py"), "--root", str(copy)],
                   check=True, capture_output=True)
    for path in sorted((REPO / "credentials").rglob("*")):
        if path.is_file():
            assert (copy / path.relative_to(REPO)).read_bytes() == path.read_bytes(), path
    generated = {p.relative_to(copy) for p in (copy / "credentials").rglob("*") if p.is_file()}
    assert generated == {p.relative_to(REPO) for p in (REPO / "credentials").rglob("*") if p.is_file()}


def test_example_pathways_are_coherent() -> None:
    """Every stacked award records components that met its requirement when it was made (the rule `credreg award`
    enforced); within one issuer they carry the same salted recipient hash (see the README's Recipients)."""
    registry = check_registry(REPO).registry
    assert registry is not None
    stacked = 0
    for award in registry.awards.values():
        badge = registry.badges[award.badge_key]
        if not badge.stacked:
            assert award.components == ()
            continue
        stacked += 1
        parts = [registry.awards[c] for c in award.components]
        assert evaluate(badge, parts, award.awarded, registry.revocations).met, award.id
        assert all(p.recipient.identity_hash == award.recipient.identity_hash
                   for p in parts if p.issuer_id == award.issuer_id), award.id
    assert stacked >= 10


def test_example_shows_the_issue_11_pathways() -> None:
    """The sprint micro-credential on its three badges, the designer path badge → micro-credential → full
    credential, a co-branded step held through another issuer, and a component revoked after its stacked award."""
    registry = check_registry(REPO).registry
    assert registry is not None
    badges = registry.badges
    assert badges["sprintwise/vetted-frontend-developer"].builds_on == (
        "sprintwise/sprint-ready-frontend", "sprintwise/accessible-ui", "sprintwise/web-performance")
    assert badges["northlight-design-school/product-design-certificate"].builds_on == (
        "northlight-design-school/junior-product-designer",)
    assert badges["northlight-design-school/junior-product-designer"].level == "micro-credential"
    assert "sprintwise/sprint-lead" in badges["northlight-design-school/ux-research-basics"].counts_towards
    leads = [a for a in registry.awards.values() if a.badge_key == "sprintwise/sprint-lead"]
    through_northlight = [a for a in leads
                          if any(registry.awards[c].issuer_id == "northlight-design-school" for c in a.components)]
    assert len(through_northlight) == 1 and through_northlight[0].recipient.name == "Katherine Johnson"
    later = [(a.id, c) for a in registry.awards.values() for c in a.components
             if c in registry.revocations and registry.revocations[c].revoked_at > a.awarded]
    assert later and all(award_id in registry.kept for award_id, _ in later)


# What the example's endorsements give each badge class: (badge class, label at its awards' dates, label as of AS_OF).
EXAMPLE_LABELS = {
    "accredited while it held": ("sprintwise/vetted-frontend-developer", {"accredited"}, "accredited"),
    "awarded before the accreditation began": ("northlight-design-school/product-design-certificate", {"in-house"},
                                               "accredited"),
    "accredited then, withdrawn since": ("northlight-design-school/junior-product-designer", {"accredited"},
                                         "in-house"),
    "accredited then, expired since": ("sprintwise/web-performance", {"accredited"}, "in-house"),
    "co-branded by a partner": ("northlight-design-school/ux-research-basics", {"co-branded"}, "co-branded"),
    "no endorsement": ("sprintwise/accessible-ui", {"in-house"}, "in-house"),
}


def test_example_endorsements_give_each_badge_its_label_as_of_each_date() -> None:
    """The example's accreditations are signed endorsements (one withdrawn, one expired) and one is a partner's
    co-branding; awards embed exactly the endorsements that held on their date, and the label follows."""
    registry = check_registry(REPO).registry
    assert registry is not None
    assert len(registry.endorsements) == 5
    withdrawn = [e for e in registry.endorsements.values() if e.id in registry.revocations]
    assert [e.subject for e in withdrawn] == ["northlight-design-school/junior-product-designer"]
    for name, (badge, at_award, now) in EXAMPLE_LABELS.items():
        awards = [a for a in registry.awards.values() if a.badge_key == badge]
        assert awards, name
        labels = {registry.label(badge, a.awarded, a.rubric.version).value for a in awards}
        assert labels == at_award, name
        assert registry.label(badge, AS_OF).value == now, name
        for award in awards:
            holding = registry.endorsements_holding(badge, award.awarded, award.rubric.version)
            assert award.endorsements == tuple(e.id for e in holding), (name, award.id)
