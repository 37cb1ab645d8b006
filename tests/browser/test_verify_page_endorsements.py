"""The /verify/ page of the built example site, in Debian's Chromium: the endorsement an award embeds is one step of
its log, and the display says whether it holds, as `credreg verify` does.

A Sprintwise award of 2026-01 embeds the Open Skills Accreditation Council's accreditation of Vetted Front-end
Developer (valid 2025-10-15 → 2027-10-14): it holds. A Northlight Junior Product Designer award of 2025-09 embeds the
Council's accreditation, withdrawn 2026-02-20, after the award: held on the award date, withdrawn now. A status list
only says that an entry is set, not since when, so both runtimes say it does not hold (a WARN step, a note in the
banner), and the award's own verdict stays VALID.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from serve_support import serving
from support import CHROMIUM, NO_CHROMIUM, REPO
from verify_site import HOSTILE, result_of

from registry.check import load_registry
from registry.config import load_site_urls
from registry.crypto.dataintegrity import create_proof
from registry.publish.build import build_site
from registry.verify.identity import KnownIssuer, KnownIssuers
from registry.verify.local import RegistryFiles, registry_fetcher
from registry.verify.report import verify_sources

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)
BUILT = datetime(2026, 11, 28, tzinfo=timezone.utc)
SITE = "https://demo.credreg.example/"
VETTED = "07b084089a4b7ad1"  # sprintwise/vetted-frontend-developer, 2026-01-18
JUNIOR = "4bf8d5ee9352c259"  # northlight-design-school/junior-product-designer, 2025-09
AWARD_FILES = {VETTED: "credentials/sprintwise/vetted-frontend-developer/awards/07b084089a4b7ad1.json",
               JUNIOR: "credentials/northlight-design-school/junior-product-designer/awards/4bf8d5ee9352c259.json"}
WITHDRAWN = ("'Open Skills Accreditation Council accredits Junior Product Designer': does not hold for this award: it "
             "was withdrawn by its endorser (status (revocation): ")
OSAC = "credentials/open-skills-accreditation-council/endorsements"
NOTE = "But endorsement 1 does not hold (1 of 1 embedded; the award's own verdict stands)."


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    site = build_site(REPO, tmp_path_factory.mktemp("example") / "site", now=BUILT)
    with serving(site) as port:
        yield f"http://localhost:{port}/"


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 1400})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield page
    context.close()
    assert errors == []


def cli_step(award_id: str) -> tuple[str, str]:
    """What `credreg verify` says of the award's endorsement inside the checkout, at this moment (the page's clock)."""
    loaded = load_registry(REPO)
    assert loaded.registry is not None
    files = RegistryFiles(loaded.registry, loaded.signed, load_site_urls(REPO), loaded.problems)
    known = KnownIssuers.of(KnownIssuer(files.urls.issuer_did(i), issuer.name, "this registry")
                            for i, issuer in loaded.registry.issuers.items())
    (result,) = verify_sources([str(REPO / AWARD_FILES[award_id])], registry_fetcher(files, {}, allow_network=False),
                               datetime.now(timezone.utc), None, known)
    step = next(s for s in result.steps if s.name == "endorsement 1")
    return step.outcome.value, step.detail


def verify_by_url(page: Any, base: str, award_id: str) -> tuple[str, list[dict[str, str]]]:
    page.goto(f"{base}verify/?url={SITE}credentials/{award_id}.json")  # the registry's URL, fetched from this site
    return result_of(page)


def test_embedded_endorsement_that_holds(page: Any, served: str) -> None:
    verdict, steps = verify_by_url(page, served, VETTED)
    assert verdict == "VALID"
    assert [s["name"] for s in steps][-2:] == ["valid until", "endorsement 1"]
    step = steps[-1]
    assert (step["outcome"], step["detail"]) == (
        "PASS", "'Open Skills Accreditation Council accredits Vetted Front-end Developer': verified; held on the award "
        "date (2026-01-18T11:00:00Z); valid 2025-10-15 → 2027-10-14")
    assert cli_step(VETTED) == ("pass", step["detail"])  # the same words as credreg verify
    assert page.inner_text('.credreg-verify__card dd[data-field="endorsements"]') == "endorsement 1 holds"
    assert page.locator(".credreg-verify__endorsement-note").count() == 0
    assert page.get_attribute(".credreg-verify__banner", "data-kind") == "valid"


def test_embedded_endorsement_withdrawn_after_the_award(page: Any, served: str) -> None:
    verdict, steps = verify_by_url(page, served, JUNIOR)
    assert verdict == "VALID"  # the award's own proofs, status and dates decide it
    step = next(s for s in steps if s["name"] == "endorsement 1")
    assert step["outcome"] == "WARN" and step["detail"].startswith(WITHDRAWN), step
    assert "is set" in step["detail"] and step["detail"].endswith(
        "a status list does not say since when, so it no longer counts")
    outcome, detail = cli_step(JUNIOR)
    assert outcome == "warning" and detail.startswith(WITHDRAWN)
    assert page.inner_text('.credreg-verify__card dd[data-field="endorsements"]') == "endorsement 1 does not hold"
    assert page.inner_text(".credreg-verify__endorsement-note") == NOTE
    assert page.get_attribute(".credreg-verify__banner", "data-kind") == "valid"


@pytest.mark.parametrize("endorsement, verdict, status", [("c9aa84e8e53db0cb", "VALID", "PASS"),
                                                          ("8df2af9514b784af", "REVOKED", "FAIL")])
def test_standalone_endorsement_pasted(page: Any, served: str, endorsement: str, verdict: str, status: str) -> None:
    page.goto(f"{served}verify/")
    page.fill("#credential-input", (REPO / OSAC / f"{endorsement}.json").read_text(encoding="utf-8"))
    page.click("#verify-button")
    got, steps = result_of(page)
    assert (got, next(s["outcome"] for s in steps if s["name"] == "status (revocation)")) == (verdict, status)
    endorsed = next(s for s in steps if s["name"] == "endorsed")
    assert endorsed["outcome"] == "PASS" and endorsed["detail"].startswith("endorses 'https://demo.credreg.example/badges/")
    assert page.inner_text('.credreg-verify__card dd[data-field="endorses"]') == endorsed["detail"][len("endorses "):]


def test_hostile_endorsement_text_is_shown_as_text(page: Any, served: str) -> None:
    """An award whose issuer embeds an endorsement named with markup: the step shows it literally, nothing runs."""
    award = json.loads((REPO / AWARD_FILES[VETTED]).read_text(encoding="utf-8"))
    award["credentialSubject"]["achievement"]["endorsement"][0]["name"] = HOSTILE
    key = Ed25519PrivateKey.from_private_bytes(hashlib.sha256(b"credreg-demo:sprintwise:key-2025").digest())
    award = {k: v for k, v in award.items() if k != "proof"}
    award["proof"] = [create_proof(award, key, "did:web:demo.credreg.example:issuers:sprintwise#key-2025", suite,
                                   "2026-01-18T11:00:00Z") for suite in ("eddsa-rdfc-2022", "eddsa-jcs-2022")]
    page.goto(f"{served}verify/")
    page.fill("#credential-input", json.dumps(award))
    page.click("#verify-button")
    verdict, steps = result_of(page)
    assert verdict == "VALID"  # Sprintwise signed the award as it is; the endorsement inside was changed
    step = next(s for s in steps if s["name"] == "endorsement 1")
    assert step["outcome"] == "WARN"
    assert step["detail"].startswith(f"'{HOSTILE}': does not hold for this award: proof 1 (eddsa-rdfc-2022): ")
    assert page.evaluate("window.__pwned") is None
    assert page.locator("#verify-result img[src=x]").count() == 0  # the badge image only, none from the text
