"""SVG images: each named case gives exactly its problems; the site publishes the re-serialized tree, inert in Chromium."""
from __future__ import annotations

import functools
import http.server
import threading
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from support import MKDOCS_YML, REPO, SITE_CONFIG, SVG, base_files, write_tree

from registry.errors import CredregError
from registry.validate.images import published_image
from registry.validate.svg import clean_svg, svg_problems

F = "credentials/acme/intro-python/badge.svg"
HEAD = '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">\n'  # line 1; a case's body is on line 2
XLINK_HEAD = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">\n'
XSL = "PHhzbDpzdHlsZXNoZWV0IHZlcnNpb249IjEuMCIvPg=="  # base64 of an (empty) XSLT stylesheet
LAUGHS = ('<!DOCTYPE svg [<!ENTITY a "ha"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">'
          '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;">]>\n')


def doc(body: str, before: str = "", after: str = "", head: str = HEAD) -> bytes:
    """An SVG document: `before`, the <svg> start tag, `body`, </svg>, then `after`."""
    return (before + head + body + "\n</svg>\n" + after).encode("utf-8")


def unsafe(line: int) -> list[tuple[str, str, int]]:
    return [("unsafe-svg", F, line)]


def bad(line: int) -> list[tuple[str, str, int]]:
    return [("bad-image", F, line)]


OK: list[tuple[str, str, int]] = []
GRADIENT = '<defs><linearGradient id="grad"><stop offset="0" stop-color="#fff"/></linearGradient></defs>\n'

# (id, SVG bytes, [(code, file, line), ...]): the complete, exact list of problems expected.
CASES: list[tuple[str, bytes, list[tuple[str, str, int]]]] = [
    ("xsl-stylesheet-pi-data-href", doc('<circle r="1"/>', '<?xml version="1.0" encoding="UTF-8"?>\n'
                                        f'<?xml-stylesheet type="text/xsl" href="data:text/xsl;base64,{XSL}"?>\n'),
     unsafe(2)),
    ("css-stylesheet-pi-off-site", doc('<circle r="1"/>', '<?xml-stylesheet type="text/css" '
                                       'href="https://evil.example/x.css"?>\n'), unsafe(1)),
    ("pi-after-root", doc('<circle r="1"/>', after='<?xml-stylesheet href="https://evil.example/x.css"?>\n'),
     unsafe(4)),
    ("pi-inside-svg", doc("<?php echo 1; ?>"), unsafe(2)),
    ("doctype", doc('<circle r="1"/>', '<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
                    '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n'), unsafe(1)),
    ("internal-entity", doc("<text>&x;</text>", '<?xml version="1.0"?>\n<!DOCTYPE svg [\n'
                            '<!ENTITY x "&#60;script&#62;alert(1)&#60;/script&#62;">\n]>\n'), unsafe(2)),
    ("billion-laughs", doc("<text>&c;</text>", LAUGHS), unsafe(1)),
    ("undefined-entity", doc("<text>&nbsp;</text>"), bad(2)),
    ("comment", doc("<!-- <script>alert(1)</script> -->"), unsafe(2)),
    ("cdata", doc("<text><![CDATA[<script>alert(1)</script>]]></text>"), unsafe(2)),
    ("style-css-escape-url", doc('<rect style="fill: \\75rl(https://evil.example/x)"/>'), unsafe(2)),
    ("style-css-escape-six-digits", doc('<rect style="fill: \\000075 rl(https://evil.example/x)"/>'), unsafe(2)),
    ("style-comment-splits-url", doc('<rect style="fill: u/**/rl(https://evil.example/x)"/>'), unsafe(2)),
    ("style-import", doc('<rect style="@import url(https://evil.example/x.css)"/>'), unsafe(2)),
    ("style-unknown-property", doc('<rect style="background-image: url(https://evil.example/x)"/>'), unsafe(2)),
    ("style-expression", doc('<rect style="fill: expression(alert(1))"/>'), unsafe(2)),
    ("style-url-off-site", doc('<rect style="fill: url(https://evil.example/x#a)"/>'), unsafe(2)),
    ("style-plain-values-allowed", doc('<text style="fill: #336699; stroke: none; stroke-width: 2px; '
                                       "font-family: 'Helvetica Neue', Arial, sans-serif; font-size: 12;\">x</text>"),
     OK),
    ("fill-css-escape", doc('<rect fill="\\75rl(https://evil.example/x)"/>'), unsafe(2)),
    ("fill-url-off-site", doc('<rect fill="url(https://evil.example/x#a)"/>'), unsafe(2)),
    ("fill-url-local-allowed", doc(GRADIENT + '<rect width="10" height="10" fill="url(#grad)"/>'), OK),
    ("fill-url-local-with-fallback-allowed", doc(GRADIENT + "<rect fill=\"url('#grad') #fff\"/>"), OK),
    ("mask-url-off-site", doc('<rect mask="url(https://evil.example/m.svg#m)"/>'), unsafe(2)),
    ("transform-with-url", doc('<g transform="url(https://evil.example/x)"/>'), unsafe(2)),
    ("transform-allowed", doc('<g transform="translate(1 2) rotate(-3.5e1) scale(.5)"/>'), OK),
    ("script-element", doc("<script>alert(1)</script>"), unsafe(2)),
    ("style-element", doc("<style>@import url(https://evil.example/x.css);</style>"), unsafe(2)),
    ("onload-attribute", doc('<circle r="1"/>', head=HEAD.replace(">", ' onload="alert(1)">', 1)), unsafe(1)),
    ("onclick-attribute", doc('<circle r="1" onclick="alert(1)"/>'), unsafe(2)),
    ("foreign-object", doc('<foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml">'
                           "x</div></foreignObject>"), unsafe(2)),
    ("xhtml-script", doc('<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>'), unsafe(2)),
    ("image-element", doc('<image href="https://evil.example/x.png"/>'), unsafe(2)),
    ("animate-set-href", doc('<set attributeName="href" to="javascript:alert(1)"/>'), unsafe(2)),
    ("href-http", doc('<use href="http://evil.example/x.svg#a"/>'), unsafe(2)),
    ("xlink-href-javascript", doc('<use xlink:href="javascript:alert(1)"/>', head=XLINK_HEAD), unsafe(2)),
    ("xlink-href-local-allowed", doc('<circle id="c" r="1"/><use xlink:href="#c"/>', head=XLINK_HEAD), OK),
    ("foreign-attribute", doc('<circle r="1" xmlns:i="http://example.org/i" i:label="x"/>'), unsafe(2)),
    ("root-without-namespace", b'<svg viewBox="0 0 1 1"/>\n', unsafe(1)),
    ("root-not-svg", b'<g xmlns="http://www.w3.org/2000/svg"/>\n', unsafe(1)),
    ("binary-junk", bytes(range(256)) * 4, bad(1)),
    ("empty-file", b"", bad(1)),
    ("deeply-nested-groups", doc("<g>" * 100 + "</g>" * 100), unsafe(2)),
    ("groups-at-depth-limit-allowed", doc("<g>" * 63 + "</g>" * 63), OK),
    ("too-many-elements", doc('<circle r="1"/>' * 10_001), unsafe(2)),
    ("huge-hostile-attribute", doc('<rect fill="#fff' + " " * 400_000 + 'x(y)"/>'), unsafe(2)),
    ("huge-path-allowed", doc('<path d="M0 0' + " L1 1" * 80_000 + '"/>'), OK),
    ("latin1-declaration-allowed", b'<?xml version="1.0" encoding="ISO-8859-1"?>\n' + HEAD.encode()
     + "<title>café</title>\n</svg>\n".encode("latin-1"), OK),
]


@pytest.mark.parametrize("data, expected", [(d, e) for _, d, e in CASES], ids=[n for n, _, _ in CASES])
def test_svg_case(data: bytes, expected: list[tuple[str, str, int]]) -> None:
    started = time.monotonic()
    problems = svg_problems(F, data)
    assert time.monotonic() - started < 2
    assert [(p.code, p.file, p.line) for p in problems] == expected, [p.message for p in problems]
    assert all(p.message and p.hint and p.column >= 1 for p in problems)
    if not expected:
        published = clean_svg(F, data)
        assert b"<?" not in published and b"<!" not in published
        assert svg_problems(F, published) == [] and clean_svg(F, published) == published


EDGY = (b'<?xml version="1.0" encoding="UTF-8" standalone="no"?>\r\n'
        b"<svg xmlns='http://www.w3.org/2000/svg' xmlns:xlink='http://www.w3.org/1999/xlink' viewBox='0 0 10 10'\r\n"
        b"     aria-label='&quot;&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;'>\r\n"
        b"  <title>&lt;?xml-stylesheet type=\"text/css\" href=\"https://evil.example/x.css\"?&gt;"
        b"&lt;script&gt;window.__pwned=1&lt;/script&gt;</title>\r\n"
        b"  <defs><linearGradient id='grad'><stop offset='0' stop-color='#336699'/></linearGradient>"
        b"<circle id='dot' r='2'/></defs>\r\n"
        b"  <rect width='10' height='10' fill='url(#grad)' style='stroke: #fff; stroke-width: 0.5'/>\r\n"
        b"  <use xlink:href='#dot' x='5' y='5'/>\r\n"
        b"</svg>\r\n")
EDGY_TITLE = '<?xml-stylesheet type="text/css" href="https://evil.example/x.css"?><script>window.__pwned=1</script>'
EDGY_PUBLISHED = (
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"'
    b' aria-label="&quot;&gt;&lt;script&gt;window.__pwned=1&lt;/script&gt;">\n'
    b'  <title>&lt;?xml-stylesheet type="text/css" href="https://evil.example/x.css"?&gt;'
    b"&lt;script&gt;window.__pwned=1&lt;/script&gt;</title>\n"
    b'  <defs><linearGradient id="grad"><stop offset="0" stop-color="#336699"/></linearGradient>'
    b'<circle id="dot" r="2"/></defs>\n'
    b'  <rect width="10" height="10" fill="url(#grad)" style="stroke: #fff; stroke-width: 0.5"/>\n'
    b'  <use xlink:href="#dot" x="5" y="5"/>\n'
    b"</svg>\n")


def test_published_form_is_exact() -> None:
    assert svg_problems(F, EDGY) == []
    assert clean_svg(F, EDGY) == EDGY_PUBLISHED  # no declaration, one quoting style, text and attributes escaped


def test_publisher_refuses_what_the_check_refuses() -> None:
    hostile = CASES[0][1]
    with pytest.raises(CredregError) as raised:
        published_image(F, hostile)
    assert raised.value.problem.code == "unsafe-svg"
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    assert published_image("issuers/globex/logo.png", png) == png


def test_example_registry_svgs_pass_and_publish_unchanged() -> None:
    paths = sorted([*REPO.glob("issuers/*/logo.svg"), *REPO.glob("credentials/*/*/badge.svg"),
                    REPO / "registry/templates/new/image.svg"])
    assert len(paths) > 3
    for path in paths:
        rel = path.relative_to(REPO).as_posix()
        assert svg_problems(rel, path.read_bytes()) == [], rel
        assert clean_svg(rel, clean_svg(rel, path.read_bytes())) == clean_svg(rel, path.read_bytes())


PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    from registry.publish.build import build_site
    tmp = tmp_path_factory.mktemp("svg-site")
    files: dict[str, str | bytes] = dict(base_files())
    files["issuers/acme/logo.svg"] = EDGY
    files["issuers/globex/issuer.yaml"] = base_files()["issuers/globex/issuer.yaml"].replace("image: logo.svg",
                                                                                          "image: logo.png")
    del files["issuers/globex/logo.svg"]
    files["issuers/globex/logo.png"] = PNG
    files["mkdocs.yml"] = MKDOCS_YML + SITE_CONFIG
    root = write_tree(tmp / "registry", files)
    (root / "overrides" / "docs").mkdir(parents=True)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("CREDREG_CACHE_DIR", str(tmp / "cache"))
        yield build_site(root, tmp / "site", strict=True, now=datetime(2026, 3, 1, tzinfo=timezone.utc))


def test_build_publishes_the_reserialized_svg(built: Path) -> None:
    logo = (built / "issuers/acme/logo.svg").read_bytes()
    assert logo == EDGY_PUBLISHED != EDGY
    assert b"<?" not in logo and b"<!" not in logo
    assert (built / "badges/acme/intro-python/badge.svg").read_bytes() == clean_svg(F, SVG.encode())
    assert (built / "issuers/globex/logo.png").read_bytes() == PNG  # PNG stays byte for byte


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_published_svg_is_inert_in_chromium(built: Path, browser: Any) -> None:
    controls = built / "controls"  # raw hostile bytes, never published: prove the harness notices an attack
    controls.mkdir(exist_ok=True)
    (controls / "script.svg").write_bytes(doc("<script>window.__pwned=1</script>"))
    (controls / "css-pi.svg").write_bytes(CASES[1][1])
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://localhost:{server.server_address[1]}/"

    def visit(path: str) -> tuple[object, list[str], Any]:
        page = browser.new_page()
        outside: list[str] = []

        def block(route: Any) -> None:
            outside.append(route.request.url)
            route.abort()

        page.route(lambda url: not url.startswith(base), block)
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        return page.evaluate("window.__pwned"), outside, page

    try:
        pwned, outside, page = visit("issuers/acme/logo.svg")
        assert (pwned, outside) == (None, [])
        assert page.evaluate("document.documentElement.localName") == "svg"
        assert page.title() == EDGY_TITLE  # the hostile-looking title stayed text
        page.close()
        pwned, _, page = visit("controls/script.svg")
        page.close()
        _, outside, page = visit("controls/css-pi.svg")
        page.close()
        assert pwned == 1 and outside == ["https://evil.example/x.css"], "the harness no longer sees attacks"
    finally:
        server.shutdown()
        server.server_close()
