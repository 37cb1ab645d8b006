"""The evidence page's verification log is the steps `credreg check` ran on the award, with their outcomes."""
from __future__ import annotations

import html
import hashlib
import json
import re
from dataclasses import replace
from datetime import datetime, timezone

import pytest
from support import REPO

from registry.check import check_registry, load_registry
from registry.config import load_site_urls
from registry.load.json_source import load_json
from registry.model import Outcome, Registry
from registry.publish.evidence import evidence_article, status_of, verification_log
from registry.publish.pages import SiteModel
from registry.verify.cache import PassCache
from registry.verify.signed_checks import SignedChecks

NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
CHECK_STEPS = ["credential id", "schema", "dates", "issuer", "badge class", "rubric", "status entry", "content"]


@pytest.fixture(scope="module")
def registry() -> Registry:
    result = check_registry(REPO)
    assert result.registry is not None
    return result.registry


def test_every_award_carries_the_steps_the_check_ran(registry: Registry) -> None:
    for award in registry.awards.values():
        assert [s.name for s in award.checks] == CHECK_STEPS, award.id
        assert all(s.outcome is Outcome.PASS and s.detail for s in award.checks)
        assert [p.cryptosuite for p in award.proofs] == ["eddsa-rdfc-2022", "eddsa-jcs-2022"]
        assert all([s.name for s in p.steps] == ["key", "signature"] for p in award.proofs)


def test_the_page_shows_exactly_the_model_log(registry: Registry) -> None:
    site = SiteModel(registry, load_site_urls(REPO), "Test")
    revoked = next(a for a in registry.awards.values() if a.id in registry.revocations)
    for award in (next(iter(registry.awards.values())), revoked):
        page = evidence_article(site, award, NOW)
        shown = [(html.unescape(m[0]), html.unescape(m[1]), html.unescape(m[2])) for m in re.findall(
            r'<li class="credreg-log--(\w+)"[^>]*><strong>\w+</strong> ([^:<]+): ([^<]*)</li>', page)]
        expected = [(s.outcome.value, s.name, s.detail) for s in verification_log(award, status_of(award, registry, NOW), NOW)]
        assert shown == expected
        assert [name for _, name, _ in shown] == [*CHECK_STEPS, "proof 1 (eddsa-rdfc-2022)", "proof 2 (eddsa-jcs-2022)",
                                                 "status", "dates"]
    assert ("fail", "status") == shown[-2][:2]  # the revoked award's status step fails


def test_a_failing_check_is_logged_with_its_problem() -> None:
    loaded = load_registry(REPO)
    assert loaded.registry is not None
    award = next(s for s in loaded.signed if s.place.kind.value == "award")
    document = dict(award.data, id="https://elsewhere.example/x.json")
    raw = json.dumps(document).encode()
    tampered = replace(award, doc=load_json(raw, award.source), digest=hashlib.sha256(raw).digest())
    checks = SignedChecks(loaded.registry, load_site_urls(REPO), PassCache(None, REPO))
    checks.check_award(tampered, loaded.registry.badges.get(f"{award.place.issuer_id}/{award.place.badge_id}"), {})
    log = checks.logs[award.source]
    assert [(s.name, s.outcome) for s in log][:2] == [("credential id", Outcome.FAIL), ("schema", Outcome.PASS)]
    assert log[0].detail == checks.problems[0].message and "https://elsewhere.example/x.json" in log[0].detail
    assert all(s.outcome is Outcome.PASS for s in log[1:])
