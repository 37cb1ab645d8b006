"""Open Badges 2.0 over real https (the loopback servers of conftest.py): every document of an Assertion is
fetched through the bounded Fetcher, so redirect loops, huge bodies and private addresses end as steps."""
from __future__ import annotations

import json
from typing import Any

import pytest
from support import FETCH_NOW, fetcher

from registry.verify.ob2 import verify_ob2


def _json(document: Any) -> Any:
    body = json.dumps(document).encode()

    def route(sock: Any, _: Any) -> None:
        sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/ld+json\r\nConnection: close\r\n"
                     + f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
    return route


def _redirect(location: str) -> Any:
    return lambda sock, _: sock.sendall(f"HTTP/1.1 302 Found\r\nLocation: {location}\r\nContent-Length: 0\r\n"
                                        "Connection: close\r\n\r\n".encode())


@pytest.fixture(scope="module")
def ob2(servers: Any) -> Any:
    """An issuer at the test https server, with Assertions whose linked documents misbehave."""
    base = servers.https.url("/ob2/")
    issuer = {"@context": "https://w3id.org/openbadges/v2", "type": "Issuer", "id": base + "issuer.json",
              "name": "Loopback Issuer", "url": base, "email": "i@example.org", "revocationList": base + "rl.json"}
    badge = {"type": "BadgeClass", "id": base + "badge.json", "name": "B", "description": "d", "image": base + "i.png",
             "criteria": {"narrative": "n"}, "issuer": base + "issuer.json"}

    def assertion(name: str, **changes: Any) -> dict[str, Any]:
        return {"@context": "https://w3id.org/openbadges/v2", "type": "Assertion", "id": base + name,
                "recipient": {"type": "email", "hashed": False, "identity": "sam@example.org"},
                "badge": base + "badge.json", "issuedOn": "2026-01-01T00:00:00Z", "verification": {"type": "hosted"},
                **changes}
    routes = {"issuer.json": issuer, "badge.json": badge, "rl.json": {
        "type": "RevocationList", "id": base + "rl.json", "issuer": base + "issuer.json", "revokedAssertions": []},
        "a.json": assertion("a.json"),
        "badge-loops.json": assertion("badge-loops.json", badge=servers.https.url("/loop")),
        "badge-huge.json": assertion("badge-huge.json", badge=servers.https.url("/big-streamed")),
        "badge-declared-huge.json": assertion("badge-declared-huge.json", badge=servers.https.url("/big-declared")),
        "badge-to-http.json": assertion("badge-to-http.json", badge=servers.https.url("/to-http"))}
    for name, document in routes.items():
        servers.https.routes[f"/ob2/{name}"] = _json(document)
    servers.https.routes["/ob2/alias"] = _redirect(base + "a.json")
    servers.https.routes["/ob2/gone.json"] = lambda sock, _: sock.sendall(
        b"HTTP/1.1 410 Gone\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    return servers


CASES = [
    ("valid", "/ob2/a.json", True, "valid", {}),
    ("redirected-alias", "/ob2/alias", True, "valid", {}),
    ("assertion-redirects-in-a-loop", "/loop", True, "cannot verify", {"verification": "unknown"}),
    ("assertion-huge", "/big-streamed", True, "cannot verify", {"verification": "unknown"}),
    ("assertion-not-json", "/not-json", True, "cannot verify", {"verification": "unknown"}),
    ("assertion-404", "/missing", True, "cannot verify", {"verification": "unknown"}),
    ("assertion-410-gone-is-revoked", "/ob2/gone.json", True, "revoked", {"status (revocation)": "fail"}),
    ("badge-redirects-in-a-loop", "/ob2/badge-loops.json", True, "cannot verify", {"badge class": "unknown"}),
    ("badge-huge-streamed", "/ob2/badge-huge.json", True, "cannot verify", {"badge class": "unknown"}),
    ("badge-huge-declared", "/ob2/badge-declared-huge.json", True, "cannot verify", {"badge class": "unknown"}),
    ("badge-redirects-to-http", "/ob2/badge-to-http.json", True, "cannot verify", {"badge class": "unknown"}),
    ("private-network-refused-without-the-flag", "/ob2/a.json", False, "cannot verify", {"verification": "unknown"}),
]


@pytest.mark.parametrize("name,path,private,verdict,unknown", CASES, ids=[c[0] for c in CASES])
def test_ob2_over_https(ob2: Any, name: str, path: str, private: bool, verdict: str, unknown: dict[str, str]) -> None:
    result = verify_ob2(ob2.https.url(path), fetcher=fetcher(ob2, private=private), now=FETCH_NOW, source=name)
    steps = {s.name: s.outcome.value for s in result.steps}
    assert result.verdict.value == verdict, [s.to_dict() for s in result.steps]
    failing = {k: v for k, v in steps.items() if v != "pass"}
    assert failing == unknown, [s.to_dict() for s in result.steps]
    assert all("Traceback" not in s.detail for s in result.steps)
