"""The registry's address against what it holds: the demo's address on real issuers, and a site_url changed
after credentials were signed (every credential URL and issuer DID contains it, so they cannot move)."""
from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from ..errors import Problem, Severity
from ..layout import MKDOCS_FILE
from ..load.signed import SignedFile
from ..model import Issuer
from ..urls import SiteUrls

DEMO_SITE_URL = "https://demo.credreg.example/"  # the shipped example registry's: never a real registry's
_SIGNED_UNDER = re.compile(r"(https?://[^?#]+?/)(?:credentials|status|issuers)/")  # the site a signed id names


def demo_address_problems(urls: SiteUrls, issuers: Iterable[Issuer]) -> list[Problem]:
    """A warning when a registry with real (not `demo: true`) issuers still has the demo's site_url."""
    real = sorted(i.id for i in issuers if not i.demo)
    if urls.site_url != DEMO_SITE_URL or not real:
        return []
    return [Problem(MKDOCS_FILE, 0, 0, "demo-site-url",
                    f"site_url is the demo registry's address ({DEMO_SITE_URL}), but issuer {real[0]!r} is not demo "
                    "content: its credentials would name the demo's URLs and DIDs forever",
                    "set site_url to the https address your registry is published at before anything is signed "
                    "(`credreg init` makes a new registry; see the README, 'Starting your own registry')",
                    Severity.WARNING)]


def signed_under(files: Iterable[SignedFile]) -> Counter[str]:
    """How many signed files name each site address in their `id` (awards, status lists)."""
    found: Counter[str] = Counter()
    for file in files:
        value = file.data.get("id")
        match = _SIGNED_UNDER.match(value) if isinstance(value, str) else None
        if match:
            found[match.group(1)] += 1
    return found


def moved_site_problem(urls: SiteUrls, files: Iterable[SignedFile]) -> Problem | None:
    """One error, instead of one per file, when no signed file is under site_url: it changed after signing."""
    found = signed_under(files)
    if not found or urls.site_url in found:
        return None
    address, count = found.most_common(1)[0]
    total = sum(found.values())
    which = f"all {total} signed files" if count == total else f"{count} of its {total} signed files (none under it)"
    return Problem(MKDOCS_FILE, 0, 0, "site-url-changed",
                   f"site_url is {urls.site_url}, but {which} were signed under {address}: site_url changed after "
                   "credentials were signed",
                   f"set site_url back to {address}: every credential's URL and issuer DID contain it, so signed "
                   "files cannot move to a new address (a registry at a new address starts with new credentials)")
