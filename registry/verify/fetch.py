"""Fetch JSON documents by URL: from mapped local folders first, the network only if allowed.

`--map https://registry.test/=site/` serves a URL prefix from a folder, so
verification runs offline; paths are confined to the mapped folder.

A network fetch is https on every hop: redirects are followed here, at most
MAX_REDIRECTS, and each target is vetted again. A host name is resolved first and
refused unless every address it has is a public internet address (loopback,
private, link-local, multicast, reserved and unspecified addresses are not, nor
IPv4 addresses embedded in IPv6); the connection then goes to the vetted address
itself, so the name cannot resolve elsewhere in between, while TLS still checks
the certificate against the host name. Every fetch made for one credential shares
one time budget, and each socket operation waits at most for what is left of it;
bodies are read in chunks up to MAX_DOCUMENT_BYTES. A failure to resolve, connect,
shake hands or receive a response gives one message whatever its cause, so the
errors cannot tell which ports are open.
"""
from __future__ import annotations

import http.client
import io
import ipaddress
import re
import socket
import ssl
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urljoin, urlsplit

from ..errors import FetchBudgetSpent, FetchError, Gone, InputError, NoUsableResponse, UnreadableDocument, UsageError
from ..load.json_source import read_bounded, read_json
from ..load.source import MAX_JSON_BYTES
from ..ob3.fields import ascii_int

MAX_DOCUMENT_BYTES = MAX_JSON_BYTES  # the one limit of untrusted JSON, files and URLs alike
MAX_REDIRECTS = 5
TIME_BUDGET_SECONDS = 20.0
_CHUNK = 64 * 1024
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_HEADERS = {"Accept": "application/json, application/ld+json", "Connection": "close", "User-Agent": "credreg"}
_HOST_NAME = re.compile(r"[a-z0-9._:-]+")
_NO_NETWORK_HINT = "check the URL, or use --map URL_PREFIX=DIR with a local copy"
_PRIVATE_HINT = ("only public internet hosts are fetched; use --map URL_PREFIX=DIR for a local copy, or "
                 "--unsafe-allow-private-network for a test server of your own")

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def parse_map(spec: str) -> tuple[str, Path]:
    """`URL_PREFIX=DIR` from the command line."""
    prefix, sep, folder = spec.partition("=")
    if not sep or not prefix.startswith(("https://", "http://")) or not folder:
        raise UsageError(f"--map {spec!r} is not URL_PREFIX=DIR", "e.g. --map https://registry.test/=site/")
    path = Path(folder)
    if not path.is_dir():
        raise UsageError(f"--map folder {folder!r} does not exist", "point it at a built site or a mirror")
    return prefix, path


def is_public_address(ip: Address) -> bool:
    """True for a global unicast address; an IPv4 address inside an IPv6 one (mapped, 6to4) is judged too."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is not None and not is_public_address(embedded):
            return False
        if ip.is_site_local:
            return False
    return ip.is_global and not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_multicast
                                 or ip.is_reserved or ip.is_unspecified)


class _Budget:
    """A wall-clock deadline shared by every fetch made for one credential."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def remaining(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise FetchBudgetSpent()
        return left


class _TimedReader(io.RawIOBase):
    """Reads a socket with each receive bounded by what is left of the budget."""

    def __init__(self, sock: ssl.SSLSocket, budget: _Budget) -> None:
        super().__init__()
        self._sock, self._budget = sock, budget

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        self._sock.settimeout(self._budget.remaining())
        return self._sock.recv_into(buffer)


class _TimedSocket:
    """The part of a socket that http.client uses once connected, with every operation under the budget.

    http.client closes its socket as soon as a `Connection: close` response starts, expecting the
    response's file to keep it open; so closing here does nothing and the connection's owner closes it.
    """

    def __init__(self, sock: ssl.SSLSocket, budget: _Budget) -> None:
        self._sock, self._budget = sock, budget

    def sendall(self, data: bytes) -> None:
        self._sock.settimeout(self._budget.remaining())
        self._sock.sendall(data)

    def makefile(self, mode: str) -> io.BufferedReader:
        return io.BufferedReader(_TimedReader(self._sock, self._budget))

    def close(self) -> None:
        pass


class _VettedConnection(http.client.HTTPSConnection):
    """An https connection to addresses vetted beforehand; the certificate is checked for `host`."""

    def __init__(self, host: str, port: int, addresses: list[tuple[int, Any]], context: ssl.SSLContext,
                 budget: _Budget) -> None:
        super().__init__(host, port, context=context)
        self._addresses, self._tls, self._budget = addresses, context, budget
        self._connected: ssl.SSLSocket | None = None

    def close_socket(self) -> None:
        self.close()
        if self._connected is not None:
            self._connected.close()
            self._connected = None

    def connect(self) -> None:
        for family, sockaddr in self._addresses:
            raw = socket.socket(family, socket.SOCK_STREAM)
            try:
                raw.settimeout(self._budget.remaining())
                raw.connect(sockaddr)
                raw.settimeout(self._budget.remaining())
                tls = self._tls.wrap_socket(raw, server_hostname=self.host)
            except OSError:
                raw.close()
                continue
            except BaseException:
                raw.close()
                raise
            self._connected = tls
            self.sock = _TimedSocket(tls, self._budget)
            return
        raise NoUsableResponse()


def _resolve(host: str, port: int, budget: _Budget) -> list[tuple[int, Any]]:
    """(family, socket address) pairs of `host`; a resolver slower than the budget counts as a failure."""
    found: list[tuple[int, Any]] = []
    done = threading.Event()

    def lookup() -> None:
        try:
            for family, _, _, _, sockaddr in socket.getaddrinfo(host, port, type=socket.SOCK_STREAM):
                if family in (socket.AF_INET, socket.AF_INET6):
                    found.append((family, sockaddr))
        except (OSError, UnicodeError):
            pass
        done.set()

    threading.Thread(target=lookup, name="credreg-resolve", daemon=True).start()
    if not done.wait(budget.remaining()) or not found:
        raise NoUsableResponse()
    return found


@dataclass(frozen=True)
class _Response:
    status: int
    location: str | None
    body: bytes


@dataclass
class Fetcher:
    """Resolves URLs to parsed JSON; `local` answers first (e.g. the registry's own DIDs), then maps.

    `time_budget` is the wall-clock time, in seconds, that all the network fetches made for one
    credential may take together (see `credential_budget`). `ssl_context` replaces the system's
    trusted certificates (tests). `allow_private_network` is unsafe: it lets URLs reach loopback
    and private addresses.
    """

    maps: Mapping[str, Path] = field(default_factory=dict)
    allow_network: bool = False
    local: Callable[[str], Any | None] | None = None
    time_budget: float = TIME_BUDGET_SECONDS
    ssl_context: ssl.SSLContext | None = None
    allow_private_network: bool = False
    _cache: dict[str, Any] = field(default_factory=dict)
    _budget: _Budget | None = field(default=None, init=False, repr=False)
    _in_credential: bool = field(default=False, init=False, repr=False)

    def get(self, url: str) -> Any:
        """The JSON document at `url` (without fragment), cached for the run."""
        url = urldefrag(url)[0]
        if url in self._cache:
            return self._cache[url]
        document = self._local(url)
        if document is None:
            document = self._mapped(url)
        if document is None:
            document = self._network(url)
        self._cache[url] = document
        return document

    @contextmanager
    def credential_budget(self) -> Iterator[None]:
        """Fetches made inside share one time budget, with the fetch of the credential itself made just before.

        The budget starts at the first network fetch inside; outside such a block each fetch has a budget of its own.
        """
        if self._in_credential:  # nested: the outer credential's budget goes on
            yield
            return
        self._in_credential = True
        try:
            yield
        finally:
            self._in_credential = False
            self._budget = None

    def _local(self, url: str) -> Any | None:
        return self.local(url) if self.local else None

    def _mapped(self, url: str) -> Any | None:
        found = self.mapped_file(url)
        return None if found is None else _parse(read_bounded(found[0]), url, found[1])

    def mapped_file(self, url: str) -> tuple[Path, str] | None:
        """The file a mapped URL stands for and its name inside the mapped folder; None when no map covers it."""
        for prefix, folder in sorted(self.maps.items(), key=lambda item: -len(item[0])):
            if url.startswith(prefix):
                rel = url[len(prefix):]
                target = (folder / rel).resolve()
                base = folder.resolve()
                if target != base and base not in target.parents:
                    raise FetchError(f"{url} maps outside {folder}", "the URL path must stay inside the mapped folder")
                if target.is_dir():
                    target = target / "index.json"
                if not target.is_file():
                    raise FetchError(f"{url} is not in the mapped folder {folder} (looked for {target})",
                                     "check --map, or build the site first")
                return target, target.relative_to(base).as_posix()
        return None

    def _network(self, url: str) -> Any:
        return _parse(self.network_body(url), url)

    def network_body(self, url: str) -> bytes:
        """The bytes of a network fetch of `url`: https on every vetted hop, bounded and under the budget."""
        if not self.allow_network:
            raise FetchError(f"{url} is not available offline", "add --map URL_PREFIX=DIR to serve it from a folder")
        budget = self._budget or _Budget(self.time_budget)  # outside credential_budget, each fetch has its own
        if self._in_credential:
            self._budget = budget
        current = url
        try:
            for hop in range(MAX_REDIRECTS + 1):
                response = self._request(url, current, hop, budget)
                if response.status in _REDIRECTS and response.location:
                    current = _join(current, response.location)
                    continue
                if response.status != 200:
                    error = Gone if response.status == 410 else FetchError
                    raise error(f"cannot fetch {url}: the server answered HTTP {response.status}", _NO_NETWORK_HINT)
                return response.body
        except NoUsableResponse:
            raise FetchError(f"cannot fetch {url}: no usable https response",
                             "no server answered over https with a valid certificate in time; " + _NO_NETWORK_HINT
                             ) from None
        except FetchBudgetSpent:
            raise FetchError(f"cannot fetch {url}: the {budget.seconds:g} s time budget for this credential's "
                             "fetches ran out", "the servers are too slow; " + _NO_NETWORK_HINT) from None
        raise FetchError(f"cannot fetch {url}: more than {MAX_REDIRECTS} redirects", "the server redirects in a loop")

    def _request(self, url: str, current: str, hop: int, budget: _Budget) -> _Response:
        """One GET of `current` (hop `hop` of fetching `url`) to a vetted address."""
        host, port, target = _vet(url, current, hop)
        budget.remaining()  # a spent budget is reported as such, before any connection is tried
        addresses = _resolve(host, port, budget)
        if not self.allow_private_network:
            for _, sockaddr in addresses:
                if not _is_public_sockaddr(sockaddr):
                    where = f"{host} is" if hop == 0 else "it redirects to a host that is"
                    raise FetchError(f"refusing to fetch {url}: {where} not a public internet address", _PRIVATE_HINT)
        if self.ssl_context is None:
            self.ssl_context = ssl.create_default_context()
        connection = _VettedConnection(host, port, addresses, self.ssl_context, budget)
        try:
            try:
                connection.request("GET", target, headers=_HEADERS)
                response = connection.getresponse()
            except (OSError, http.client.HTTPException, FetchBudgetSpent):
                raise NoUsableResponse() from None
            if response.status in _REDIRECTS:
                return _Response(response.status, response.getheader("Location"), b"")
            if response.status != 200:
                return _Response(response.status, None, b"")
            return _Response(200, None, _read_body(response, url))
        finally:
            connection.close_socket()

def _vet(url: str, current: str, hop: int) -> tuple[str, int, str]:
    """Host, port and request target of an https URL with a plain host name or address."""
    try:
        parts = urlsplit(current)
    except ValueError:
        parts = urlsplit("")
    if parts.scheme != "https":
        reason = "only https URLs are fetched" if hop == 0 else "it redirects to a URL that is not https"
        raise FetchError(f"refusing to fetch {url}: {reason}", "every hop of a fetch must be https")
    try:
        host = (parts.hostname or "").encode("idna").decode("ascii")
        port = 443 if parts.port is None else parts.port
    except (UnicodeError, ValueError):
        host, port = "", 0
    if not host or not port or not _HOST_NAME.fullmatch(host) or re.search(r"[\x00-\x20\x7f]", current):
        reason = "it is not a valid URL" if hop == 0 else "it redirects to a URL that is not valid"
        raise FetchError(f"refusing to fetch {url}: {reason}", "check the URL")
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    return host, port, target


def _is_public_sockaddr(sockaddr: Any) -> bool:
    try:
        return is_public_address(ipaddress.ip_address(sockaddr[0]))
    except ValueError:
        return False


def _join(base: str, location: str) -> str:
    """The redirect target; an unparseable one becomes a URL the next hop refuses as not https."""
    try:
        return urljoin(base, location)
    except ValueError:
        return ""


def _read_body(response: http.client.HTTPResponse, url: str) -> bytes:
    """The body in chunks, refused beyond MAX_DOCUMENT_BYTES; the budget bounds every read."""
    oversized = FetchError(f"{url} is larger than {MAX_DOCUMENT_BYTES:,} bytes", "refusing an oversized document")
    length = response.getheader("Content-Length", "")
    declared = ascii_int(length, 10**12)  # hostile headers: '²' and 5,000 digits are no length
    if declared is not None and declared > MAX_DOCUMENT_BYTES:
        raise oversized
    chunks: list[bytes] = []
    total = 0
    try:
        while chunk := response.read(_CHUNK):
            total += len(chunk)
            if total > MAX_DOCUMENT_BYTES:
                raise oversized
            chunks.append(chunk)
    except TimeoutError:
        raise FetchBudgetSpent() from None
    except (OSError, http.client.HTTPException):
        raise NoUsableResponse() from None
    return b"".join(chunks)


def _parse(body: bytes, url: str, name: str | None = None) -> Any:
    """The JSON at `url` through the one reader of untrusted JSON; `name` is the mapped file's, if any."""
    try:
        return read_json(body, name or url)
    except InputError as exc:
        message = f"{url}: {exc.message}" if name else exc.message
        raise UnreadableDocument(message, exc.hint or "the server or mapped file must hold a JSON document") from None
