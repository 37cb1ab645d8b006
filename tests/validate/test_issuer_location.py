"""An issuer's optional `location` (shown by wallets from the trust list): every bad value gets its exact
problem from `credreg check`, and a good one reaches /api/issuer-registry.json as the DCC registries write it."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from support import SITE_URL, fixture_key, issuer_yaml

from registry.check import check_registry
from registry.publish.hosted import issuer_registry
from registry.urls import SiteUrls

ACME = "issuers/acme/issuer.yaml"
FORM = ("plain text on one line, without < or > and without spaces at either end: where the issuer is, "
        "e.g. Cambridge, MA, USA")


def with_location(line: str) -> dict[str, str | bytes | None]:
    return {ACME: issuer_yaml("Acme Training", fixture_key("acme"), extra=line)}


# (id, the location line of issuer.yaml, [(code, line, message, hint)]): the complete list of problems.
BAD_LOCATIONS = [
    ("empty", 'location: ""\n', [("empty-value", 17, "location is empty", "fill it in or remove the field")]),
    ("too-long", "location: " + "a" * 121 + "\n",
     [("too-long", 17, "location is longer than the limit of 120", "shorten it")]),
    ("not-text", "location: [Lisbon]\n",
     [("wrong-type", 17, "location must be text, not a list",
       "quote text values; write numbers and true/false without quotes")]),
    ("markup", 'location: "<b>Lisbon</b>"\n',
     [("bad-format", 17, "location '<b>Lisbon</b>' is not in the expected form", FORM)]),
    ("script-quote", "location: 'Lisbon\" onload=\"x>'\n",
     [("bad-format", 17, "location 'Lisbon\" onload=\"x>' is not in the expected form", FORM)]),
    ("leading-space", 'location: " Lisbon"\n',
     [("bad-format", 17, "location ' Lisbon' is not in the expected form", FORM)]),
    ("two-lines", 'location: "Lisbon\\nPortugal"\n',
     [("hidden-character", 17, "location contains the hidden character U+000A LINE FEED at position 7",
       "delete it; hidden and direction-changing characters can make text read differently than it is")]),
    ("bidi-override", 'location: "Lisbon\\u202e"\n',
     [("hidden-character", 17, "location contains the hidden character U+202E RIGHT-TO-LEFT OVERRIDE at "
       "position 7", "delete it; hidden and direction-changing characters can make text read differently than it is")]),
]


@pytest.mark.parametrize(("line", "expected"), [c[1:] for c in BAD_LOCATIONS], ids=[c[0] for c in BAD_LOCATIONS])
def test_bad_location_is_refused(make_registry: Callable[..., Path], line: str,
                                 expected: list[tuple[str, int, str, str]]) -> None:
    result = check_registry(make_registry(with_location(line)))
    assert [(p.code, p.line, p.message, p.hint) for p in result.problems if p.file == ACME] == expected
    assert [p for p in result.problems if p.file != ACME] == []


def test_location_reaches_the_trust_list(make_registry: Callable[..., Path]) -> None:
    result = check_registry(make_registry(with_location("location: Lisbon, Portugal\n")))
    assert result.problems == () and result.registry is not None
    urls = SiteUrls.parse(SITE_URL)
    table = issuer_registry(result.registry, urls)["registry"]
    assert table[urls.issuer_did("acme")] == {"name": "Acme Training", "location": "Lisbon, Portugal",
                                              "url": "https://acme.example/"}
    # without a location the key is left out, as in the DCC registries' own entries without one
    assert table[urls.issuer_did("globex")] == {"name": "Globex Academy", "url": "https://globex.example/"}
    assert list(table[urls.issuer_did("acme")]) == ["name", "location", "url"]
