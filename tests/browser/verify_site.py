"""Helpers of the browser tests of the in-browser verifier (registry/publish/assets/verify-*.js): the tiny
static site's shape and the steps of pasting a credential and reading the page's verdict.

The site itself (a local http.server on http://localhost, a secure context, with credentials made by
credreg's own signing code) and the page fixtures are in this folder's conftest.py.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

SIGNED_AT = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)
REVOKED_AT = datetime(2026, 4, 1, tzinfo=timezone.utc)
LONG_AGO = datetime(2025, 6, 1, tzinfo=timezone.utc)
HOSTILE = '<img src=x onerror="window.__pwned=1">'
EMAIL = "ada@example.net"


@dataclass
class Site:
    folder: Path
    base: str = ""  # http://localhost:<port>
    credentials: dict[str, dict[str, Any]] = field(default_factory=dict)

    def url(self, path: str, host: str = "localhost") -> str:
        return self.base.replace("localhost", host) + path


def result_of(page: Any) -> tuple[str, list[dict[str, str]]]:
    """The verdict and the steps the page shows."""
    page.wait_for_selector("#verify-result[data-verdict]", timeout=20_000)
    verdict = page.get_attribute("#verify-result", "data-verdict")
    steps = page.eval_on_selector_all("#verify-result li", """items => items.map(li => ({
        outcome: li.dataset.outcome,
        name: li.querySelector('.credreg-verify__step').textContent,
        detail: li.querySelector('.credreg-verify__detail').textContent}))""")
    return verdict, steps


def paste_and_verify(page: Any, site: Site, credential: Any, email: str | None = None,
                     host: str = "localhost") -> tuple[str, list[dict[str, str]]]:
    page.goto(site.url("/verify/", host))
    page.fill("#credential-input", credential if isinstance(credential, str) else json.dumps(credential, indent=2))
    if email is not None:
        page.fill("#recipient-email", email)
    page.click("#verify-button")
    return result_of(page)


def outcome(steps: list[dict[str, str]], name_part: str) -> dict[str, str]:
    matching = [s for s in steps if name_part in s["name"]]
    assert len(matching) == 1, (name_part, steps)
    return matching[0]

