"""Network fetches of `credreg verify` against real servers on 127.0.0.1: https on every hop, no private
addresses, one message for every connection failure, one time budget per credential, bounded bodies.

Nothing here leaves the machine: every address outside 127.0.0.1 is refused before a connection is tried,
and an audit hook records every connection and name lookup the process makes, so the tests can say so."""
from __future__ import annotations

import datetime as dt
import ipaddress
import json
import os
import socket
import socketserver
import ssl
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from support import REPO
from registry.cli import main
from registry.crypto.dataintegrity import create_proof
from registry.crypto.multikey import encode_public_key
from registry.verify import fetch
from registry.verify.fetch import MAX_DOCUMENT_BYTES, Fetcher, FetchError
from registry.verify.resolve import did_web_url
from registry.verify.verifier import verify_credential

NOW = dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)
BUDGET = 1.5
UNUSABLE_HINT = ("no server answered over https with a valid certificate in time; "
                 "check the URL, or use --map URL_PREFIX=DIR with a local copy")

# --- certificates: a test CA the fetcher trusts, one it does not -------------------------------------------


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _ca(common: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    key = ec.generate_private_key(ec.SECP256R1())
    start = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)
    cert = (x509.CertificateBuilder().subject_name(_name(common)).issuer_name(_name(common))
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                         content_commitment=False, key_encipherment=False, data_encipherment=False,
                                         key_agreement=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    return key, cert


def _server_context(ca: tuple[ec.EllipticCurvePrivateKey, x509.Certificate], names: list[x509.GeneralName],
                    folder: Path) -> ssl.SSLContext:
    """A server-side TLS context with a leaf certificate for `names`, issued by `ca`."""
    ca_key, ca_cert = ca
    key = ec.generate_private_key(ec.SECP256R1())
    start = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)
    cert = (x509.CertificateBuilder().subject_name(_name("test server")).issuer_name(ca_cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(start + dt.timedelta(days=30))
            .add_extension(x509.SubjectAlternativeName(names), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256()))
    pem = folder / f"server-{cert.serial_number}.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM) + key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(pem)
    return context


LOCAL_NAMES: list[x509.GeneralName] = [x509.DNSName("localhost"), x509.IPAddress(ipaddress.IPv4Address("127.0.0.1"))]

# --- servers --------------------------------------------------------------------------------------------------

Route = Callable[[Any, "Server"], None]


class Server(socketserver.ThreadingTCPServer):
    """A TCP server on 127.0.0.1 that counts connections; `mode` says what it does with one:
    `http` answers HTTP requests by `routes` (inside TLS when `tls` is given), `silent` reads and never
    answers, `reset` closes at once with a TCP reset."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, mode: str = "http", tls: ssl.SSLContext | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.mode, self.tls = mode, tls
        self.routes: dict[str, Route] = {}
        self.connections = 0
        self.paths: list[str] = []
        self.port = self.server_address[1]
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return f"https://127.0.0.1:{self.port}{path}"

    def reset_counts(self) -> None:
        self.connections, self.paths = 0, []


class _Handler(socketserver.BaseRequestHandler):
    server: Server

    def handle(self) -> None:
        server, sock = self.server, self.request
        server.connections += 1
        if server.mode == "reset":
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            return
        sock.settimeout(30)
        if server.mode == "silent":
            try:
                while sock.recv(4096):
                    pass
            except OSError:
                pass
            return
        if server.tls is not None:
            try:
                sock = server.tls.wrap_socket(sock, server_side=True)
            except (OSError, ValueError):
                return
        try:
            reader = sock.makefile("rb")
            request_line = reader.readline().decode("latin-1").split()
            while reader.readline() not in (b"\r\n", b"\n", b""):
                pass
            path = request_line[1] if len(request_line) > 1 else "/"
            server.paths.append(path)
            route = server.routes.get(path.split("?")[0], lambda s, _: _send(s, 404, b"not here"))
            route(sock, server)
        except OSError:
            pass
        finally:
            sock.close()


def _send(sock: Any, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
    head = f"HTTP/1.1 {status} X\r\nContent-Length: {len(body)}\r\nConnection: close\r\n"
    head += "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
    sock.sendall(head.encode("latin-1") + b"\r\n" + body)


def json_route(document: Any) -> Route:
    return lambda sock, _: _send(sock, 200, json.dumps(document).encode(), {"Content-Type": "application/json"})


def redirect(location: str | Callable[[], str]) -> Route:
    return lambda sock, _: _send(sock, 302, b"", {"Location": location() if callable(location) else location})


def trickle_body(sock: Any, _: Server) -> None:
    sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nConnection: close\r\n\r\n")
    for _ in range(120):
        sock.sendall(b" ")
        time.sleep(0.5)


def trickle_head(sock: Any, _: Server) -> None:
    for byte in b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}" * 10:
        sock.sendall(bytes([byte]))
        time.sleep(0.5)


def slow(sock: Any, _: Server) -> None:
    """Headers at once, then the body 0.9 s later: two of these do not fit one 1.5 s budget, one does."""
    sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\n")
    time.sleep(0.9)
    sock.sendall(b"{}")


def big_declared(sock: Any, _: Server) -> None:
    sock.sendall(f"HTTP/1.1 200 OK\r\nContent-Length: {MAX_DOCUMENT_BYTES + 1}\r\n\r\n".encode() + b"[" * 1024)


def big_streamed(sock: Any, _: Server) -> None:
    sock.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
    chunk = b" " * 65536
    for _ in range(MAX_DOCUMENT_BYTES // len(chunk) + 2):
        sock.sendall(chunk)


# --- the DID, key and credential served by the test https server ------------------------------------------

KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
PUBLIC = encode_public_key(KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))


def did_document(did: str) -> dict[str, Any]:
    return {"@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"], "id": did,
            "verificationMethod": [{"id": f"{did}#key-1", "type": "Multikey", "controller": did,
                                    "publicKeyMultibase": PUBLIC}],
            "assertionMethod": [f"{did}#key-1"]}


def signed_credential(did: str) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"],
        "id": "urn:uuid:6e1c1c5e-3d44-4a4f-9a53-1d2c8b1f0a01",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": did, "type": ["Profile"], "name": "Loopback Issuer"},
        "validFrom": "2026-01-01T00:00:00Z",
        "name": "Example Badge",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "achievement": {"id": "urn:uuid:6e1c1c5e-3d44-4a4f-9a53-1d2c8b1f0a02", "type": ["Achievement"],
                            "name": "Example", "description": "An example.", "criteria": {"narrative": "Do it."}},
        },
    }
    return {**doc, "proof": [create_proof(doc, KEY, f"{did}#key-1", "eddsa-rdfc-2022", "2026-01-01T00:00:00Z")]}


class Servers:
    def __init__(self, folder: Path) -> None:
        trusted, untrusted = _ca("credreg test CA"), _ca("some other CA")
        self.ca_file = folder / "ca.pem"
        self.ca_file.write_bytes(trusted[1].public_bytes(serialization.Encoding.PEM))
        self.trust = ssl.create_default_context(cafile=str(self.ca_file))
        self.https = Server(tls=_server_context(trusted, LOCAL_NAMES, folder))
        self.untrusted = Server(tls=_server_context(untrusted, LOCAL_NAMES, folder))
        self.wrong_name = Server(tls=_server_context(trusted, [x509.DNSName("other.test")], folder))
        self.plain = Server()
        self.silent = Server("silent")
        self.reset = Server("reset")
        closed = socket.socket()
        closed.bind(("127.0.0.1", 0))
        self.closed_port = closed.getsockname()[1]
        closed.close()
        self.did = f"did:web:127.0.0.1%3A{self.https.port}"
        self.plain.routes = {"/doc.json": json_route({"secret": "loopback service"})}
        for server in (self.https, self.untrusted, self.wrong_name):
            server.routes["/doc.json"] = json_route({"ok": True})
        self.https.routes.update({
            "/.well-known/did.json": json_route(did_document(self.did)),
            "/to-http": redirect(f"http://127.0.0.1:{self.plain.port}/doc.json"),
            "/to-private": redirect("https://10.0.0.1/doc.json"),
            "/to-relative": redirect("/doc.json"),
            "/loop": redirect("/loop"),
            **{f"/chain/{n}": redirect(f"/chain/{n - 1}") for n in range(1, 8)},
            "/chain/0": json_route({"ok": True}),
            "/missing": lambda sock, _: _send(sock, 404, b"<html>secret page</html>"),
            "/not-json": lambda sock, _: _send(sock, 200, b"<html>internal dashboard</html>"),
            "/big-declared": big_declared,
            "/big-streamed": big_streamed,
            "/trickle-body": trickle_body,
            "/trickle-head": trickle_head,
            "/slow": slow,
        })
        self.all = (self.https, self.untrusted, self.wrong_name, self.plain, self.silent, self.reset)

    def reset_counts(self) -> None:
        for server in self.all:
            server.reset_counts()

    def close(self) -> None:
        for server in self.all:
            server.shutdown()
            server.server_close()


@pytest.fixture(scope="module")
def servers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Servers]:
    running = Servers(tmp_path_factory.mktemp("servers"))
    yield running
    running.close()


@pytest.fixture
def local(servers: Servers) -> Servers:
    servers.reset_counts()
    return servers


# --- what the process tried: every socket connect and name lookup, from an audit hook ------------------------

_SEEN: list[tuple[str, Any]] | None = None


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _SEEN is not None and event in ("socket.connect", "socket.getaddrinfo"):
        _SEEN.append((event, args[1] if event == "socket.connect" else args[0]))


sys.addaudithook(_audit)


@contextmanager
def network_seen() -> Iterator[list[tuple[str, Any]]]:
    global _SEEN
    _SEEN = seen = []
    try:
        yield seen
    finally:
        _SEEN = None


def connects(seen: list[tuple[str, Any]]) -> list[Any]:
    return [address for event, address in seen if event == "socket.connect"]


def fetcher(servers: Servers, *, private: bool = True, budget: float = BUDGET) -> Fetcher:
    return Fetcher(allow_network=True, ssl_context=servers.trust, allow_private_network=private, time_budget=budget)


def fetch_error(f: Fetcher, url: str) -> FetchError:
    with pytest.raises(FetchError) as caught:
        f.get(url)
    return caught.value


# --- refused after resolution, before any connection ----------------------------------------------------------

NOT_PUBLIC = "refusing to fetch {url}: {host} is not a public internet address"
REFUSED: list[tuple[str, Callable[[Servers], str], str]] = [
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
def test_refused_before_any_connection(local: Servers, make_url: Callable[[Servers], str], expected: str) -> None:
    url = make_url(local)
    with network_seen() as seen:
        error = fetch_error(fetcher(local, private=False), url)
    assert error.message == expected.format(url=url)
    assert connects(seen) == []
    assert [s.connections for s in local.all] == [0] * len(local.all)


def test_offline_never_resolves(local: Servers) -> None:
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


UNUSABLE: list[tuple[str, Callable[[Servers], str]]] = [
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
def test_connection_failures_give_one_message(local: Servers, monkeypatch: pytest.MonkeyPatch,
                                              make_url: Callable[[Servers], str]) -> None:
    _unresolvable(monkeypatch)
    url = make_url(local)
    error = fetch_error(fetcher(local), url)
    assert (error.message, error.hint) == (f"cannot fetch {url}: no usable https response", UNUSABLE_HINT)


def test_the_message_does_not_tell_ports_apart(local: Servers) -> None:
    """Closed, open without TLS, and TLS with a bad certificate: the same text once the URL is set aside."""
    ports = (local.closed_port, local.plain.port, local.untrusted.port)
    urls = [f"https://127.0.0.1:{port}/doc.json" for port in ports]
    errors = [fetch_error(fetcher(local), url) for url in urls]
    assert len({(e.message.replace(url, "URL"), e.hint) for e, url in zip(errors, urls)}) == 1
    assert local.untrusted.paths == [] and "/doc.json" not in local.plain.paths  # no request without a trusted peer


# --- what a real https server may answer (flag on) ---------------------------------------------------------

DOC = {"ok": True}
HTTPS: list[tuple[str, str, Any, int]] = [
    # (name, path, the document or the exact error message, requests the https server saw)
    ("served", "/doc.json", DOC, 1),
    ("relative-redirect-followed", "/to-relative", DOC, 2),
    ("five-redirects-followed", "/chain/5", DOC, 6),
    ("six-redirects-refused", "/chain/6", "cannot fetch {url}: more than 5 redirects", 6),
    ("redirect-loop-capped", "/loop", "cannot fetch {url}: more than 5 redirects", 6),
    ("https-to-http-redirect-refused", "/to-http",
     "refusing to fetch {url}: it redirects to a URL that is not https", 1),
    ("http-status-named", "/missing", "cannot fetch {url}: the server answered HTTP 404", 1),
    ("not-json-is-not-echoed", "/not-json", "{url}:1:1: JSON syntax error: Expecting value", 1),
    ("oversized-declared", "/big-declared", f"{{url}} is larger than {MAX_DOCUMENT_BYTES:,} bytes", 1),
    ("oversized-streamed", "/big-streamed", f"{{url}} is larger than {MAX_DOCUMENT_BYTES:,} bytes", 1),
    ("trickling-body-cut-at-the-deadline", "/trickle-body",
     "cannot fetch {url}: the 1.5 s time budget for this credential's fetches ran out", 1),
]


@pytest.mark.parametrize("path, expected, requests", [c[1:] for c in HTTPS], ids=[c[0] for c in HTTPS])
def test_https_answers(local: Servers, path: str, expected: Any, requests: int) -> None:
    url = local.https.url(path)
    f = fetcher(local)
    if isinstance(expected, str):
        assert fetch_error(f, url).message == expected.format(url=url)
    else:
        assert f.get(url) == expected
    assert len(local.https.paths) == requests
    assert local.plain.connections == 0  # the https → http redirect was not followed


# --- without the flag, every hop is vetted (the test server passes for a public host here) -------------------

NO_FLAG: list[tuple[str, str, Any]] = [
    ("public-host-served", "/doc.json", DOC),
    ("redirect-to-private-address-refused", "/to-private",
     "refusing to fetch {url}: it redirects to a host that is not a public internet address"),
    ("redirect-to-http-refused", "/to-http", "refusing to fetch {url}: it redirects to a URL that is not https"),
]


@pytest.mark.parametrize("path, expected", [c[1:] for c in NO_FLAG], ids=[c[0] for c in NO_FLAG])
def test_every_hop_vetted_without_the_flag(local: Servers, monkeypatch: pytest.MonkeyPatch, path: str,
                                           expected: Any) -> None:
    real = fetch.is_public_address
    monkeypatch.setattr(fetch, "is_public_address", lambda ip: ip == ipaddress.ip_address("127.0.0.1") or real(ip))
    url = local.https.url(path)
    with network_seen() as seen:
        if isinstance(expected, str):
            assert fetch_error(fetcher(local, private=False), url).message == expected.format(url=url)
        else:
            assert fetcher(local, private=False).get(url) == expected
    assert connects(seen) == [("127.0.0.1", local.https.port)]  # never 10.0.0.1, never the plain port


# --- one time budget per credential ---------------------------------------------------------------------------

OUT_OF_TIME = "cannot fetch {url}: the 1.5 s time budget for this credential's fetches ran out"


def test_fetches_of_one_credential_share_the_budget(local: Servers) -> None:
    f = fetcher(local)
    with f.credential_budget():
        assert f.get(local.https.url("/slow?1")) == {}
        url = local.https.url("/slow?2")
        assert fetch_error(f, url).message == OUT_OF_TIME.format(url=url)
    assert f.get(local.https.url("/slow?3")) == {}  # the next credential starts afresh


def test_the_credential_fetch_and_its_key_share_the_budget(local: Servers) -> None:
    f = fetcher(local)
    vm = local.https.url("/slow?key")
    credential = {"proof": [{"type": "DataIntegrityProof", "cryptosuite": "eddsa-rdfc-2022", "verificationMethod": vm}]}
    with f.credential_budget():  # what verify_sources does around loading a URL and verifying it
        assert f.get(local.https.url("/slow?credential")) == {}
        steps = {s.name: s.detail for s in verify_credential(credential, fetcher=f, now=NOW).steps}
    assert steps["proof 1 (eddsa-rdfc-2022)"] == "key not resolved: " + OUT_OF_TIME.format(url=vm)
    assert f.get(local.https.url("/slow?next")) == {}  # verify_credential ended that credential's budget


def test_a_failed_credential_fetch_does_not_spend_the_next_ones_budget(local: Servers) -> None:
    f = fetcher(local)
    url = local.https.url("/trickle-body")
    assert fetch_error(f, url).message == OUT_OF_TIME.format(url=url)
    assert f.get(local.https.url("/slow?after")) == {}


# --- --map serves without any network ---------------------------------------------------------------------------

def test_mapped_url_needs_no_network(local: Servers, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = tmp_path / "mirror"
    (site / ".well-known").mkdir(parents=True)
    (site / ".well-known" / "did.json").write_text(json.dumps(did_document(local.did)))
    (tmp_path / "credential.json").write_text(json.dumps(signed_credential(local.did)))
    with network_seen() as seen:
        code = main(["verify", "--no-registry", "--format", "json", "--now", "2026-06-01",
                     str(tmp_path / "credential.json"), "--map", f"https://127.0.0.1:{local.https.port}/={site}"])
    report = json.loads(capsys.readouterr().out)
    assert (code, report["results"][0]["verdict"]) == (0, "valid")
    assert seen == [] and local.https.connections == 0


# --- end to end: the command a user runs --------------------------------------------------------------------

def _run(tmp_path: Path, servers: Servers, *extra: str) -> subprocess.CompletedProcess[str]:
    path = tmp_path / "credential.json"
    path.write_text(json.dumps(signed_credential(servers.did)))
    env = {**os.environ, "PYTHONPATH": str(REPO), "SSL_CERT_FILE": str(servers.ca_file)}
    return subprocess.run([sys.executable, "-m", "registry", "verify", str(path), "--now", "2026-06-01", *extra],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_cli_refuses_a_loopback_did_web(local: Servers, tmp_path: Path) -> None:
    done = _run(tmp_path, local)
    url = f"https://127.0.0.1:{local.https.port}/.well-known/did.json"
    assert done.returncode == 1, done.stderr
    assert (f"  [FAIL] proof 1 (eddsa-rdfc-2022): key not resolved: refusing to fetch {url}: "
            "127.0.0.1 is not a public internet address") in done.stdout.splitlines()
    assert done.stdout.rstrip().endswith("=> INVALID")
    assert "Traceback" not in done.stderr and local.https.connections == 0


def test_cli_fetches_a_private_did_web_only_with_the_unsafe_flag(local: Servers, tmp_path: Path) -> None:
    done = _run(tmp_path, local, "--unsafe-allow-private-network")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (f"  [PASS] proof 1 (eddsa-rdfc-2022): signature verified with {local.did}#key-1 (did:web "
            f"https://127.0.0.1:{local.https.port}/.well-known/did.json)") in done.stdout.splitlines()
    assert local.https.paths == ["/.well-known/did.json"]
