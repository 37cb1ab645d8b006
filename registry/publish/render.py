"""Safe rendering: a Jinja2 environment that escapes everything, and Markdown that is sanitized with nh3.

Registry text comes from pull requests and may be hostile. Plain text is always
escaped; Markdown fields are rendered and then cleaned with an allow-list; links
keep only https: and mailto: URLs. Nothing a pull request writes can run script.
"""
from __future__ import annotations

import html as htmllib
import re
from functools import cache, lru_cache
from importlib import resources
from urllib.parse import urlsplit

import jinja2
import markdown
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {"p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "a", "code", "pre", "blockquote",
                "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}}
_SCHEMES = {"https", "mailto"}


def safe_url(value: object) -> str:
    """The URL if it is https: or mailto:, else an empty string (never javascript:, data:, http:)."""
    text = str(value or "").strip()
    if not text or any(c.isspace() or ord(c) < 32 for c in text):
        return ""
    scheme = urlsplit(text).scheme.lower()
    return text if scheme in _SCHEMES else ""


def _attribute_filter(tag: str, name: str, value: str) -> str | None:
    if tag == "a" and name == "href":
        return safe_url(value) or None
    return value


def markdown_html(text: object) -> Markup:
    """Markdown rendered to HTML, then sanitized with an allow-list (headings start at h3)."""
    html = markdown.markdown(str(text or ""), extensions=["tables", "sane_lists"], output_format="html")
    html = re.sub(r"<(/?)h[12]\b", r"<\1h3", html)
    cleaned = nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, attribute_filter=_attribute_filter,
                        url_schemes=_SCHEMES, link_rel="nofollow noopener noreferrer")
    return Markup(cleaned)  # noqa: S704 - cleaned by nh3 just above


def plain_text(text: object) -> str:
    """Markdown reduced to plain text (for summaries, titles and the search index)."""
    return _plain_text(str(text or ""))


@lru_cache(maxsize=8192)
def _plain_text(source: str) -> str:
    """plain_text of one string, memoized: every award page of a badge class reduces the same descriptions, and a
    Markdown converter is built for each call."""
    html = markdown.markdown(source)
    return re.sub(r"\s+", " ", htmllib.unescape(nh3.clean(html, tags=set()))).strip()


_BLOCK_TAG = re.compile(r">(?=</?(?:t[dhr]|thead|tbody|table|caption|li|ul|ol|dl|dt|dd|p|div|h[1-6]|details|summary|"
                        r"section|figure|figcaption|option|br|text|title|desc)\b)")


def spaced(markup: str) -> str:
    """A line break between a tag and a block tag that follows it (`</td><td>`), which browsers ignore: the
    search index strips tags without spacing, and would read adjacent cells as one word ("KindCredentials")."""
    return _BLOCK_TAG.sub(">\n", markup)


def shortened(text: str, limit: int) -> str:
    """`text` cut at the last word boundary within `limit` characters, with an ellipsis when anything was cut
    (a summary never stops mid-word)."""
    if len(text) <= limit:
        return text
    cut = text[:limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > 0 else cut).rstrip(" ,;:.-–—") + "…"


@cache
def environment() -> jinja2.Environment:
    """The Jinja2 environment of credreg's own templates: autoescape always on."""
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: resources.files("registry.publish.templates").joinpath(name)
                                     .read_text("utf-8")),
        autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["markdown"] = markdown_html
    env.filters["safe_url"] = safe_url
    env.filters["plain"] = plain_text
    return env


def render(template: str, **context: object) -> str:
    """Render one of credreg's templates with escaping."""
    return environment().get_template(template).render(**context)
