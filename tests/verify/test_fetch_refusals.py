"""Network fetches of `credreg verify` against real servers on 127.0.0.1 (tests/verify/conftest.py): no private
addresses, https only, and one message for every connection failure.

Nothing here leaves the machine: every address outside 127.0.0.1 is refused before a connection is tried,
and an audit hook records every connection and name lookup the process makes, so the tests can say so."""
from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import pytest
from support import UNUSABLE_HINT, connects, fetch_error, fetcher, network_seen

from registry.verify.fetch import Fetcher
from registry.verify.resolve import did_web_url

# --- refused after resolution, before any connection ----------------------------------------------------------

NOT_PUBLIC = "refusing to fetch {url}: {host} is not a public internet address"
REFUSED: list[tuple[str, Callable[[Any], str], str]] = [
    ("did-web-loopback", lambda s: did_web_url(s.did), NOT_PUBLIC.replace("{host}", "127.0.0.1")),
    ("name-resolving-to-loopback", lambda s: f"https://localhost:{s.https.port}/doc.json",
     NOT_PUBLIC.replace("{host}", "localhost")),
    ("ipv6-loopback", lambda s: f"https://[::1]:{s.https.port}/doc.json", NOT_PUBLIC.replace("{host}", "::1")),
    ("ipv4-mapped-ipv6-loopback", lambda s: f"https://[::ffff:127.0.0.1]:{s.https.port}/doc.json",
     NOT_PUBLIC.replace("{host}", "::ffff:127.0.0.1")),
    ("6to4-loopback", lambda s: "https://[2002:7f00:1::]/doc.json", NOT_PUBLIC.replace("{host}", "2002:7f00:1::")),
    ("decimal-loopback", lambda s: f"https://2130706433:{s.https.port}/doc.json",
     NOT_PUBLIC.replace("{host}", "2130706433")),
    ("unspecified", lambda s: f"https://0.0.0.0:{s.https.port}/doc.json", NOT_PUBLIC.replace("{host}", "0.0.0.0")),
    ("cloud-metadata-link-local", lambda s: "https://169.254.169.254/latest/meta-data",
     NOT_PUBLIC.replace("{host}", "169.254.169.254")),
    ("private-10", lambda s: "https://10.0.0.1/did.json", NOT_PUBLIC.replace("{host}", "10.0.0.1")),
    ("private-192-168", lambda s: "https://192.168.1.1/did.json", NOT_PUBLIC.replace("{host}", "192.168.1.1")),
    ("carrier-grade-nat", lambda s: "https://100.64.0.1/did.json", NOT_PUBLIC.replace("{host}", "100.64.0.1")),
    ("multicast", lambda s: "https://224.0.0.1/did.json", NOT_PUBLIC.replace("{host}", "224.0.0.1")),
    ("ipv6-multicast", lambda s: "https://[ff02::1]/did.json", NOT_PUBLIC.replace("{host}", "ff02::1")),
    ("reserved", lambda s: "https://240.0.0.1/did.json", NOT_PUBLIC.replace("{host}", "240.0.0.1")),
    ("ipv6-unique-local", lambda s: "https://[fd00::1]/did.json", NOT_PUBLIC.replace("{host}", "fd00::1")),
    ("ipv6-link-local", lambda s: "https://[fe80::1]/did.json", NOT_PUBLIC.replace("{host}", "fe80::1")),
    ("plain-http", lambda s: f"http://127.0.0.1:{s.plain.port}/doc.json",
     "refusing to fetch {url}: only https URLs are fetched"),
    ("file-url", lambda s: "file:///etc/hostname", "refusing to fetch {url}: only https URLs are fetched"),
    ("port-zero", lambda s: "https://127.0.0.1:0/doc.json", "refusing to fetch {url}: it is not a valid URL"),
    ("control-character-in-url", lambda s: "https://example.org/a\r\nHost: x",
     "refusing to fetch {url}: it is not a valid URL"),
]


@pytest.mark.parametrize("make_url, expected", [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_refused_before_any_connection(local: Any, make_url: Callable[[Any], str], expected: str) -> None:
    url = make_url(local)
    with network_seen() as seen:
        error = fetch_error(fetcher(local, private=False), url)
    assert error.message == expected.format(url=url)
    assert connects(seen) == []
    assert [s.connections for s in local.all] == [0] * len(local.all)


def test_offline_never_resolves(local: Any) -> None:
    with network_seen() as seen:
        error = fetch_error(Fetcher(allow_network=False), "https://example.org/did.json")
    assert error.message == "https://example.org/did.json is not available offline"
    assert seen == []


# --- every connection-level failure reads the same (flag on, so the local servers are reachable) ------------

def _unresolvable(monkeypatch: pytest.MonkeyPatch) -> None:
    real = socket.getaddrinfo

    def lookup(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host == "no-such-host.test":
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return real(host, *args, **kwargs)
    monkeypatch.setattr(socket, "getaddrinfo", lookup)


UNUSABLE: list[tuple[str, Callable[[Any], str]]] = [
    ("closed-port", lambda s: f"https://127.0.0.1:{s.closed_port}/doc.json"),
    ("open-plain-http-port", lambda s: f"https://127.0.0.1:{s.plain.port}/doc.json"),
    ("port-that-never-answers", lambda s: f"https://127.0.0.1:{s.silent.port}/doc.json"),
    ("connection-reset", lambda s: f"https://127.0.0.1:{s.reset.port}/doc.json"),
    ("tls-untrusted-certificate", lambda s: f"https://127.0.0.1:{s.untrusted.port}/doc.json"),
    ("tls-certificate-for-another-name", lambda s: f"https://localhost:{s.wrong_name.port}/doc.json"),
    ("response-head-trickling", lambda s: s.https.url("/trickle-head")),
    ("name-does-not-resolve", lambda s: "https://no-such-host.test/doc.json"),
]


@pytest.mark.parametrize("make_url", [c[1] for c in UNUSABLE], ids=[c[0] for c in UNUSABLE])
def test_connection_failures_give_one_message(local: Any, monkeypatch: pytest.MonkeyPatch,
                                              make_url: Callable[[Any], str]) -> None:
    _unresolvable(monkeypatch)
    url = make_url(local)
    error = fetch_error(fetcher(local), url)
    assert (error.message, error.hint) == (f"cannot fetch {url}: no usable https response", UNUSABLE_HINT)


def test_the_message_does_not_tell_ports_apart(local: Any) -> None:
    """Closed, open without TLS, and TLS with a bad certificate: the same text once the URL is set aside."""
    ports = (local.closed_port, local.plain.port, local.untrusted.port)
    urls = [f"https://127.0.0.1:{port}/doc.json" for port in ports]
    errors = [fetch_error(fetcher(local), url) for url in urls]
    assert len({(e.message.replace(url, "URL"), e.hint) for e, url in zip(errors, urls)}) == 1
    assert local.untrusted.paths == [] and "/doc.json" not in local.plain.paths  # no request without a trusted peer
