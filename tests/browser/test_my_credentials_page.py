"""/my-credentials/ in headless Chromium: an email typed finds exactly that person's credentials, as credreg's own
matching finds them, hashed in the browser; the email is never sent anywhere; bad input and a failed index say so;
and 10,000 published credentials are matched in a fraction of a second."""
from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from serve_support import serving, watch
from support import CHROMIUM, NO_CHROMIUM, REPO

from registry.model import Registry
from registry.ob3.recipient import matches
from registry.publish.build import build_site

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)
NOW = datetime(2026, 12, 3, tzinfo=timezone.utc)
EMAIL = "katherine.johnson@example.net"  # an example recipient (scripts/make_demo_registry.py)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    built = build_site(REPO, tmp_path_factory.mktemp("mine") / "site", now=NOW)
    with serving(built) as port:
        yield f"http://localhost:{port}/", built


@pytest.fixture
def page(browser: Any, site: tuple[str, Path]) -> Iterator[tuple[Any, list[Any]]]:
    context = browser.new_context()
    page = context.new_page()
    problems = watch(page, (site[0],))
    requests: list[Any] = []
    page.on("request", lambda request: requests.append(request))
    yield page, requests
    context.close()
    assert problems == []


def expected(registry: Registry, email: str) -> list[str]:
    return sorted(a.id for a in registry.awards.values()
                  if matches({"hashed": True, "salt": a.recipient.salt, "identityHash": a.recipient.identity_hash}, email))


def find(page: Any, base: str, email: str) -> str:
    page.goto(base + "my-credentials/")
    page.fill("#credreg-mine-email", email)
    page.click("#credreg-mine-find")
    page.wait_for_function("!['', 'Checking…'].includes(document.getElementById('credreg-mine-status').textContent)")
    return str(page.locator("#credreg-mine-status").inner_text())


@pytest.mark.parametrize("typed", [EMAIL, "  Katherine.Johnson@EXAMPLE.net "], ids=["as given", "padded, upper-case"])
def test_an_email_finds_exactly_its_credentials(page: tuple[Any, list[Any]], site: tuple[str, Path],
                                                registry: Registry, typed: str) -> None:
    tab, requests = page
    want = expected(registry, EMAIL)
    assert len(want) >= 2  # the example gives Katherine several awards
    assert find(tab, site[0], typed) == f"{len(want)} credentials for this email."
    shown = sorted(tab.eval_on_selector_all("#credreg-mine-list li", "els => els.map(e => e.dataset.credential)"))
    assert shown == want
    first = tab.locator("#credreg-mine-list li a").first
    first.click()
    tab.wait_for_url(site[0] + "credentials/*/")
    hashed = hashlib.sha256(EMAIL.encode()).hexdigest()
    for request in requests:  # the email, in any form, never left the page
        sent = (request.url + (request.post_data or "")).lower()
        assert "katherine" not in sent and "example.net" not in sent and hashed not in sent, request.url
        assert request.method == "GET"


BAD = {"unknown email": ("nobody@example.org", "No credential in this registry was awarded to this email."),
       "not an email": ("katherine", "That does not look like an email address."),
       "empty": ("   ", "That does not look like an email address.")}


@pytest.mark.parametrize("typed, message", BAD.values(), ids=BAD.keys())
def test_no_match_and_bad_input_say_so(page: tuple[Any, list[Any]], site: tuple[str, Path], typed: str,
                                       message: str) -> None:
    tab, _ = page
    assert find(tab, site[0], typed) == message
    assert tab.locator("#credreg-mine-list li").count() == 0


def test_an_index_that_fails_to_load_says_so(browser: Any, site: tuple[str, Path]) -> None:
    tab = browser.new_page()
    tab.route("**/api/recipients.json", lambda route: route.fulfill(status=503, body="down"))
    assert find(tab, site[0], EMAIL) == "The list of credentials could not be loaded (HTTP 503). Try again later."
    tab.close()


def test_ten_thousand_credentials_are_matched_quickly(browser: Any, site: tuple[str, Path], tmp_path: Path) -> None:
    """A generated index of 10,000 entries, 3 of them for the email: all 3 found; the page records the time."""
    entries = []
    for n in range(10_000):
        salt = secrets.token_hex(16)
        mine = n % 3333 == 0 and n < 9999
        digest = hashlib.sha256(((EMAIL if mine else f"someone{n}@example.org") + salt).encode()).hexdigest()
        entries.append({"id": f"{n:016x}", "badge": "B", "issuer": "I", "awarded": "2026-01-01T00:00:00Z",
                        "validUntil": None, "revoked": False, "page": f"https://demo.credreg.example/credentials/{n:016x}/",
                        "salt": salt, "identityHash": f"sha256${digest}"})
    body = json.dumps({"version": 1, "credentials": entries})
    tab = browser.new_page()
    tab.route("**/api/recipients.json", lambda route: route.fulfill(status=200, body=body,
                                                                    headers={"content-type": "application/json"}))
    assert find(tab, site[0], EMAIL) == "3 credentials for this email."
    assert tab.locator("#credreg-mine").get_attribute("data-checked") == "10000"
    ms = int(tab.locator("#credreg-mine").get_attribute("data-ms"))
    print(f"10,000 credentials matched in {ms} ms")  # reported, not asserted: timing is the benchmarks' job
    tab.close()
