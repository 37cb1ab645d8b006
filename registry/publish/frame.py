"""The site's own page frame (header, tabs, sidebar, footer, stylesheets and scripts) for evidence pages.

Evidence pages are the bulk of a registry, so they skip MkDocs' page pipeline (DESIGN: linear scale). To look
and behave like every other page, the theme renders one hidden page at their depth (`credentials/_frame/`);
each evidence page is that HTML with its own title, description, canonical URL, head tags and article body.
"""
from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from dataclasses import dataclass

from .pages import PageSource

FRAME_PAGE = "credentials/_frame/index.md"  # `_` is never in a credential id, so no award can stand here
TITLE_TOKEN = "credreg-frame-title-5f3a"
DESCRIPTION_TOKEN = "credreg-frame-description-5f3a"
_ARTICLE = re.compile(r'(<article class="md-content__inner md-typeset">)(.*?)(</article>)', re.S)
_TITLE = re.compile(r"<title>.*?</title>", re.S)
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.S)  # no attributes: executable inline code
_CSP = ("default-src 'self'; img-src 'self' data:; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
        "connect-src 'self' https:; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; form-action 'none'")


def frame_source() -> PageSource:
    """The hidden page the theme renders as the frame: out of the nav, the search index and the sitemap."""
    front = {"title": TITLE_TOKEN, "description": DESCRIPTION_TOKEN, "search": {"exclude": True}}
    text = f"---\n{json.dumps(front)}\n---\n\n<div markdown=\"0\"><h1>{TITLE_TOKEN}</h1></div>\n"
    return PageSource(FRAME_PAGE, TITLE_TOKEN, text)


_MARKS = re.compile("([\x00-\x04])")  # where an evidence page's own parts go: see Frame.parse


@dataclass(frozen=True)
class Frame:
    """The theme's HTML of the frame page, cut into pieces around the places each evidence page fills in:
    \x00 the <title> text, \x01 the meta description, \x02 the header's page topic, \x03 extra head tags,
    \x04 the article's content."""

    pieces: tuple[str, ...]

    @classmethod
    def parse(cls, page: str) -> Frame:
        """Cut the rendered frame page; ValueError if the theme's layout is not mkdocs-material's."""
        page = re.sub(r"\n\s+", "\n", page)  # the theme's indentation: a third of every evidence page's bytes
        article, title = _ARTICLE.search(page), _TITLE.search(page)
        if article is None or title is None or "</head>" not in page or _MARKS.search(page):
            raise ValueError("the theme's page has no <title> and <article class=\"md-content__inner md-typeset\">: "
                             "evidence pages need the mkdocs-material theme")
        hashes = " ".join("'sha256-{}'".format(base64.b64encode(hashlib.sha256(s.encode("utf-8")).digest()).decode())
                          for s in _INLINE_SCRIPT.findall(page))
        policy = f'\n<meta http-equiv="Content-Security-Policy" content="{_CSP.format(hashes=hashes)}">'
        text = page[:title.start()] + "<title>\x00</title>" + page[title.end():article.start(2)] + "\x04" \
            + page[article.end(2):]
        text = text.replace(DESCRIPTION_TOKEN, "\x01").replace(TITLE_TOKEN, "\x02").replace("</head>", "\x03</head>", 1)
        charset = '<meta charset="utf-8">'
        text = text.replace(charset, charset + policy, 1) if charset in text else text.replace("<head>", "<head>" + policy, 1)
        return cls(tuple(_MARKS.split(text)))

    def page(self, title: str, header_topic: str, description: str, head_extra: str, article: str) -> str:
        """One whole page: `title`, `header_topic` and `description` are plain text (escaped here); `head_extra`
        and `article` are HTML."""
        fill = {"\x00": html.escape(title), "\x01": html.escape(description), "\x02": html.escape(header_topic),
                "\x03": head_extra, "\x04": article}
        return "".join(fill.get(piece, piece) for piece in self.pieces)
