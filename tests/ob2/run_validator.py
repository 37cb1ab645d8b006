"""Run the 1EdTech Open Badges 2.0 validator (PyPI `openbadges` 1.1.2) on hosted assertions, offline.

Runs under the validator's own interpreter (Python 3.7: keep this file 3.7-compatible, standard
library + the validator's dependencies only). Before `openbadges` is imported, `requests.Session`
is patched so that every session created by anyone (the validator's plain sessions, its
requests-cache sessions and the JSON-LD document loader alike) gets a transport adapter that:

* serves `<site-url><path>` from the built site folder(s) given with --site (the first folder that
  has the file wins, so a small overlay folder can add tampered documents), with the Content-Type
  a static host sends (application/json, image/svg+xml, image/png, text/html), 404 otherwise;
* serves each pinned JSON-LD context given with --context URL=FILE (application/ld+json);
* refuses every other URL with requests.ConnectionError (and sockets are disabled as well), so
  nothing here can reach the network.

The validator checks expiry against its wall clock; --now (and a per-URL `URL|ISO-DATETIME`) pins it.

Prints one JSON line per assertion, in the order given:
  {"url", "now", "valid", "errorCount", "warningCount", "errors": [..], "warnings": [..],
   "openBadgesVersion", "graphAssertion": {..the assertion node as the validator stored it..},
   "graphTypes": {node id: type}, "fetched": [[url, status, content-type]..], "refused": [url..]}
`errors`/`warnings` are the validator's report messages: {"name", "result", "node_id", "prop_name"}.
Exit status 0 when every assertion was run (whatever the verdicts), 2 on a usage or setup error.
"""
from __future__ import print_function

import argparse
import datetime as _dt
import io
import json
import os
import posixpath
import socket
import sys

try:  # Python 3 (the validator runs on 3.7)
    from urllib.parse import unquote, urlsplit
except ImportError:  # pragma: no cover
    from urllib import unquote  # type: ignore

    from urlparse import urlsplit  # type: ignore

import requests
from requests.adapters import BaseAdapter
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers

CONTENT_TYPES = {
    ".json": "application/json",
    ".jsonld": "application/ld+json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
}

FETCHED = []   # [url, status, content-type] of every request served
REFUSED = []   # every URL refused (not on the site, not a pinned context)


class NetworkDisabled(OSError):
    pass


def _no_network(*args, **kwargs):
    raise NetworkDisabled("network access is disabled in the OB 2.0 validator run")


def disable_sockets():
    """Belt and braces: any code path that bypasses requests gets no socket either."""
    socket.socket.connect = _no_network
    socket.socket.connect_ex = _no_network
    socket.create_connection = _no_network
    socket.getaddrinfo = _no_network


class SiteAdapter(BaseAdapter):
    """A requests transport adapter that answers from local folders and refuses everything else."""

    def __init__(self, site_url, site_dirs, contexts):
        super(SiteAdapter, self).__init__()
        self.site_url = site_url
        self.site_dirs = site_dirs
        self.contexts = contexts

    def _resolve(self, url):
        """(status, content-type, body) for url, or None when it is off-site (refused)."""
        parts = urlsplit(url)
        bare = "{}://{}{}".format(parts.scheme, parts.netloc, parts.path)
        if bare in self.contexts:
            with open(self.contexts[bare], "rb") as handle:
                return 200, "application/ld+json", handle.read()
        site = urlsplit(self.site_url)
        if (parts.scheme, parts.netloc.lower()) != (site.scheme, site.netloc.lower()):
            return None
        if not parts.path.startswith(site.path or "/"):
            return None
        rel = unquote(parts.path[len(site.path or "/"):])
        if rel == "" or rel.endswith("/"):
            rel += "index.html"
        clean = posixpath.normpath("/" + rel).lstrip("/")
        if clean != rel.rstrip("/") or "\x00" in rel or clean.startswith(".."):
            return 404, "text/plain; charset=utf-8", b"404 Not Found\n"
        for root in self.site_dirs:
            path = os.path.join(root, *clean.split("/"))
            if os.path.isfile(path):
                ext = os.path.splitext(path)[1].lower()
                with open(path, "rb") as handle:
                    return 200, CONTENT_TYPES.get(ext, "application/octet-stream"), handle.read()
        return 404, "text/plain; charset=utf-8", b"404 Not Found\n"

    def send(self, request, stream=False, timeout=None, verify=True, cert=None, proxies=None):
        if request.method not in ("GET", "HEAD"):
            REFUSED.append(request.url)
            raise requests.ConnectionError("refused {} {}: read-only offline site".format(request.method, request.url),
                                           request=request)
        resolved = self._resolve(request.url)
        if resolved is None:
            REFUSED.append(request.url)
            raise requests.ConnectionError(
                "refused {}: no network in this test (only {} and the pinned contexts are served)".format(
                    request.url, self.site_url), request=request)
        status, content_type, body = resolved
        FETCHED.append([request.url, status, content_type])
        if request.method == "HEAD":
            body = b""
        response = requests.Response()
        response.status_code = status
        response.reason = {200: "OK", 404: "Not Found"}.get(status, "")
        response.headers = CaseInsensitiveDict({"Content-Type": content_type, "Content-Length": str(len(body))})
        response.encoding = get_encoding_from_headers(response.headers)
        response.raw = io.BytesIO(body)
        response._content = body
        response._content_consumed = True
        response.url = request.url
        response.request = request
        response.connection = self
        return response

    def close(self):
        pass


def install_transport(site_url, site_dirs, contexts):
    """Patch requests.Session so every session, whoever creates it, gets the site adapter."""
    original_init = requests.Session.__init__

    def patched_init(self, *args, **kwargs):
        original_init(self, *args, **kwargs)
        adapter = SiteAdapter(site_url, site_dirs, contexts)
        self.mount("https://", adapter)
        self.mount("http://", adapter)

    requests.Session.__init__ = patched_init


def parse_time(value):
    """An ISO 8601 UTC instant ('2026-11-28T00:00:00Z' or a plain date) as an aware datetime."""
    text = value.strip()
    if len(text) == 10:
        text += "T00:00:00Z"
    if text.endswith("Z"):
        text = text[:-1] + "+00:00"
    if text[-3] == ":":  # Python 3.7's %z wants +0000
        text = text[:-3] + text[-2:]
    return _dt.datetime.strptime(text, "%Y-%m-%dT%H:%M:%S%z").astimezone(_dt.timezone.utc)


def freeze_clock(validation_module, moment):
    """Make the validator's `datetime.now()` (expiry / issued-in-the-future checks) return `moment`."""
    real = _dt.datetime

    class FrozenDateTime(real):
        @classmethod
        def now(cls, tz=None):
            return moment.astimezone(tz) if tz is not None else moment.replace(tzinfo=None)

        @classmethod
        def utcnow(cls):
            return moment.replace(tzinfo=None)

    validation_module.datetime = FrozenDateTime


def summarise(url, moment, result, fetched, refused):
    report = result.get("report", {})
    messages = report.get("messages", [])

    def slim(message):
        return {key: message.get(key) for key in ("name", "result", "node_id", "prop_name") if message.get(key)}

    graph = result.get("graph", [])
    assertion = next((node for node in graph if node.get("id") == url), None)
    return {
        "url": url,
        "now": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "valid": report.get("valid"),
        "errorCount": report.get("errorCount"),
        "warningCount": report.get("warningCount"),
        "errors": [slim(m) for m in messages if m.get("messageLevel") == "ERROR"],
        "warnings": [slim(m) for m in messages if m.get("messageLevel") == "WARNING"],
        "openBadgesVersion": report.get("openBadgesVersion"),
        "validationSubject": report.get("validationSubject"),
        "graphAssertion": assertion,
        "graphTypes": {node.get("id"): node.get("type") for node in graph},
        "fetched": fetched,
        "refused": refused,
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", action="append", required=True, help="built site folder (repeatable; first wins)")
    parser.add_argument("--site-url", required=True, help="the site's URL, e.g. https://demo.credreg.example/")
    parser.add_argument("--context", action="append", default=[], metavar="URL=FILE",
                        help="serve a pinned JSON-LD context (repeatable)")
    parser.add_argument("--now", required=True, help="the validator's clock, ISO 8601 UTC")
    parser.add_argument("assertions", nargs="+", metavar="URL[|ISO-DATETIME]",
                        help="hosted assertion URLs; an optional |time pins the clock for that one")
    args = parser.parse_args(argv)

    site_url = args.site_url if args.site_url.endswith("/") else args.site_url + "/"
    contexts = {}
    for item in args.context:
        url, sep, path = item.partition("=")
        if not sep or not os.path.isfile(path):
            parser.error("--context wants URL=FILE with an existing file: {}".format(item))
        contexts[url] = path
    for folder in args.site:
        if not os.path.isdir(folder):
            parser.error("--site folder not found: {}".format(folder))
    default_now = parse_time(args.now)

    install_transport(site_url, [os.path.abspath(d) for d in args.site], contexts)
    disable_sockets()

    # Imported only now: openbadges creates a requests-cache session at import time.
    import openbadges.version
    from openbadges import verify
    from openbadges.verifier.tasks import validation as validation_module

    if tuple(openbadges.version.VERSION) != (1, 1, 2):
        print("expected openbadges 1.1.2, found {}".format(openbadges.version.VERSION), file=sys.stderr)
        return 2

    real_stdout = sys.stdout
    for item in args.assertions:
        url, sep, when = item.partition("|")
        moment = parse_time(when) if sep else default_now
        freeze_clock(validation_module, moment)
        del FETCHED[:]
        del REFUSED[:]
        sys.stdout = sys.stderr  # nothing the validator prints may mix with the JSON lines
        try:
            result = verify(url, use_cache=False, cache_backend=None)
        finally:
            sys.stdout = real_stdout
        line = summarise(url, moment, result, list(FETCHED), list(REFUSED))
        real_stdout.write(json.dumps(line, sort_keys=True) + "\n")
        real_stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
