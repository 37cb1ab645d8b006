"""Evidence pages say what held on the build's date, and their script re-words every part that depends on the date
as of the reader's: a page built in March and read in December says exactly what a page built in December says."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import pytest
from serve_support import serving
from support import CHROMIUM, NO_CHROMIUM, REPO

from registry.model import Registry
from registry.publish.build import build_site

pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM)
EARLY = datetime(2026, 3, 1, tzinfo=timezone.utc)
LATE = datetime(2026, 12, 3, tzinfo=timezone.utc)
DATED = "[data-credreg-date]"
SHOWN = """els => els.map(e => [e.dataset.credregDate, e.className, e.dataset.kind, e.textContent.replace(/\\s+/g, ' ').trim()])"""


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    work = tmp_path_factory.mktemp("dates")
    early, late = build_site(REPO, work / "early", now=EARLY), build_site(REPO, work / "late", now=LATE)
    with serving(early) as early_port, serving(late) as late_port:
        yield {"early": f"http://localhost:{early_port}/", "late": f"http://localhost:{late_port}/"}


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    context = browser.new_context()
    yield context
    context.close()


def dated_parts(context: Any, url: str, clock: datetime | None) -> list[list[str]]:
    """Each date-dependent part of the page at `url`: its role, classes, state and text; with the script run as
    of `clock`, or with JavaScript off when `clock` is None (what the build wrote)."""
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    if clock is not None:
        page.clock.set_fixed_time(clock)
    page.goto(url)
    if clock is not None:
        page.wait_for_function("document.getElementById('credreg-rechecked').textContent !== ''")
    parts: list[list[str]] = page.eval_on_selector_all(DATED, SHOWN)
    page.close()
    assert errors == []
    return parts


def test_the_example_changes_state_between_the_two_dates(registry: Registry) -> None:
    """The comparison below means something: some award expires, and some begins to be valid, in between."""
    awards = [a for a in registry.awards.values() if a.id not in registry.revocations]
    assert any(a.valid_until and EARLY < a.valid_until < LATE for a in awards)
    assert any(EARLY < a.valid_from < LATE for a in awards)


def test_a_page_read_later_says_what_a_page_built_later_says(browser: Any, sites: dict[str, str],
                                                              registry: Registry) -> None:
    with_script = browser.new_context()
    without_script = browser.new_context(java_script_enabled=False)
    try:
        for cid in sorted(registry.awards):
            path = f"credentials/{cid}/"
            read_later = dated_parts(with_script, sites["early"] + path, LATE)
            built_later = dated_parts(without_script, sites["late"] + path, None)
            assert read_later == built_later, cid
            # and the script leaves a page read on its build date as the build wrote it
            assert dated_parts(with_script, sites["late"] + path, LATE) == built_later, cid
    finally:
        with_script.close()
        without_script.close()


def test_an_expired_page_looks_expired(context: Any, sites: dict[str, str], registry: Registry) -> None:
    award = next(a for a in registry.awards.values()
                 if a.id not in registry.revocations and a.valid_until and EARLY < a.valid_until < LATE)
    page = context.new_page()
    page.clock.set_fixed_time(LATE)
    page.goto(sites["early"] + f"credentials/{award.id}/")
    until = award.valid_until.date().isoformat()  # type: ignore[union-attr]
    assert page.locator("#credreg-status strong").inner_text() == "Expired"
    assert page.locator("#credreg-status span").inner_text() == f"on {until}"
    assert page.locator("#credreg-dates-row").inner_text().split() == ["Expired", until]
    assert page.get_by_text("Valid until").count() == 0
    assert page.locator(".credreg-profile img").evaluate("i => getComputedStyle(i).filter") == "grayscale(1)"
    assert page.locator("[data-credreg-date=log]").inner_text() == f"FAIL dates: on {until}"
    assert page.locator("#credreg-checked").inner_text() == (
        f"Checked when this site was built, as of {EARLY.date()} (UTC); its dates re-checked in your browser as of "
        f"{LATE.date()}:")


def test_a_revoked_page_stays_revoked_and_greyed(context: Any, sites: dict[str, str], registry: Registry) -> None:
    cid = sorted(registry.revocations)[0]
    page = context.new_page()
    page.clock.set_fixed_time(LATE)
    page.goto(sites["early"] + f"credentials/{cid}/")
    assert page.locator("#credreg-status strong").inner_text() == "Revoked"
    assert page.locator("#credreg-dates-row th").inner_text() == "Revoked"
    assert page.get_by_text("Valid until").count() == 0
    assert page.locator(".credreg-profile img").evaluate("i => getComputedStyle(i).filter") == "grayscale(1)"
