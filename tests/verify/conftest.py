"""Real servers on 127.0.0.1 for the network fetch tests: https with a test CA the fetcher trusts, https
with certificates it must refuse, plain http, a port that never answers and one that resets.

Nothing here leaves the machine: every server listens on 127.0.0.1 only."""
from __future__ import annotations

import datetime as dt
import ipaddress
import json
import socket
import socketserver
import ssl
import struct
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from support import web_did_document

from registry.verify.fetch import MAX_DOCUMENT_BYTES

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
            "/.well-known/did.json": json_route(web_did_document(self.did)),
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
