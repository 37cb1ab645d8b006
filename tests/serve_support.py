"""A folder served over HTTP on 127.0.0.1 for the browser tests: quiet, JSON and modules with their media types,
and no CORS header (so a page of another origin may not read it)."""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any


class QuietHandler(SimpleHTTPRequestHandler):
    """A static file handler that logs nothing."""

    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".json": "application/json", ".js": "text/javascript"}

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 (the base class's name)
        pass


@contextmanager
def serving(folder: Path) -> Iterator[int]:
    """Serve `folder` until the block ends; yields the port."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server.server_address[1]
    finally:
        server.shutdown()
        server.server_close()


def watch(page: Any, origins: tuple[str, ...]) -> list[str]:
    """What a clean page never does, collected as it happens: uncaught errors, console errors, responses of 400 or
    more, and requests beyond `origins` (and data: URLs). The caller asserts the list stays empty."""
    problems: list[str] = []
    page.on("pageerror", lambda exc: problems.append(f"uncaught: {exc}"))
    page.on("console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("response", lambda res: problems.append(f"{res.status}: {res.url}") if res.status >= 400 else None)
    page.on("request", lambda req: None if req.url.startswith((*origins, "data:")) else problems.append(
        f"request: {req.url}"))
    return problems


@contextmanager
def watched_page(browser: Any, origins: tuple[str, ...], screenshot: Path | None = None) -> Iterator[Any]:
    """A desktop-sized page whose every problem (`watch`) fails the test at the end; with `screenshot`, the
    whole page is kept there for debugging (outside git)."""
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    problems = watch(page, origins)
    try:
        yield page
        if screenshot is not None:
            page.screenshot(path=str(screenshot), full_page=True)
    finally:
        context.close()
    assert problems == []
