"""`credreg check` applies the verifier's rules plus its own: for every award of the example registry, the status its
model gives (revoked, expired or valid, as the evidence pages show it) is the verdict `credreg verify` gives inside
the checkout, through the same entry and the same checkout-answering fetcher the CLI uses.
"""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from support import REPO

from registry.check import check_registry, load_registry
from registry.config import load_site_urls
from registry.verify.identity import KnownIssuer, KnownIssuers
from registry.verify.local import RegistryFiles, registry_fetcher
from registry.verify.report import verify_sources

NOW = datetime(2026, 11, 28, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def checkout() -> RegistryFiles:
    loaded = load_registry(REPO)
    assert loaded.registry is not None
    return RegistryFiles(loaded.registry, loaded.signed, load_site_urls(REPO), loaded.problems)


def test_every_award_gets_the_verdict_the_check_gives(checkout: RegistryFiles) -> None:
    registry, urls = check_registry(REPO).registry, checkout.urls  # the check's model: awards with their facts
    assert registry is not None and registry.awards
    known = KnownIssuers.of(KnownIssuer(urls.issuer_did(i.id), i.name, "this registry")
                            for i in registry.issuers.values())
    expected, sources = {}, []
    for award in sorted(registry.awards.values(), key=lambda a: a.id):
        until = award.valid_until
        expected[award.source] = ("revoked" if award.id in registry.revocations else
                                  "expired" if until and until <= NOW else "valid")
        sources.append(award.source)
    fetcher = registry_fetcher(checkout, {}, allow_network=False)
    results = verify_sources([str(REPO / s) for s in sources], fetcher, NOW, None, known)
    got = {source: result.verdict.value for source, result in zip(sources, results, strict=True)}
    assert got == expected
    assert set(expected.values()) == {"valid", "revoked", "expired"}
    assert all(next(s for s in r.steps if s.name == "issuer").outcome.value == "pass" for r in results)
