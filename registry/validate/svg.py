"""SVG as plain drawing: parse with expat, refuse anything beyond an allow-list, re-serialize what passed.

The check and the publisher share this code: the check reports the first problem; the site
publishes `clean_svg`'s bytes, rebuilt from the allow-listed tree, never the submitted bytes.
Processing instructions, DOCTYPE, entities, comments and CDATA are refused outright, because
browsers act on them (an xml-stylesheet PI runs XSLT or loads CSS on the registry's origin).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NoReturn
from xml.parsers import expat

from ..errors import Problem, SourceError
from .svg_values import ALLOWED_ELEMENTS, attribute_problem

SVG_NS = "http://www.w3.org/2000/svg"
XLINK_NS = "http://www.w3.org/1999/xlink"
XML_NS = "http://www.w3.org/XML/1998/namespace"
MAX_DEPTH = 64
MAX_ELEMENTS = 10_000
_PREFIXES = {XLINK_NS: "xlink:", XML_NS: "xml:"}
_HINT = "remove it; badge images must be plain drawings (re-export as plain SVG)"
_TEXT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})
_ATTR_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;",
                               "\t": "&#9;", "\n": "&#10;", "\r": "&#13;"})


@dataclass
class Element:
    """One allow-listed SVG element: local name, attributes in source order, children (elements or text)."""

    name: str
    attributes: list[tuple[str, str]]
    children: list[Element | str] = field(default_factory=list)


class _Reader:
    """Expat handlers that build the tree and refuse every construct outside plain drawing."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.parser = expat.ParserCreate(namespace_separator=" ")
        self.parser.ordered_attributes = True
        self.parser.buffer_text = True
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.root: Element | None = None
        self.stack: list[Element] = []
        self.count = 0
        p = self.parser
        p.StartElementHandler = self.start
        p.EndElementHandler = self.end
        p.CharacterDataHandler = self.text
        p.ProcessingInstructionHandler = lambda target, _data: self.refuse(
            f"SVG has a processing instruction <?{target[:40]} …?>; browsers act on them "
            "(xml-stylesheet runs XSLT or loads CSS)", "remove every <?…?> line except the <?xml …?> declaration")
        decl = "remove the declaration; a plain SVG never needs one"
        p.StartDoctypeDeclHandler = lambda *_: self.refuse("SVG has a DOCTYPE declaration", decl)
        for name in ("EntityDeclHandler", "UnparsedEntityDeclHandler", "NotationDeclHandler",
                     "ElementDeclHandler", "AttlistDeclHandler"):
            setattr(p, name, self._declaration)
        p.SkippedEntityHandler = lambda *_: self.refuse("SVG refers to an undeclared entity", decl)
        p.ExternalEntityRefHandler = lambda *_: self.refuse("SVG refers to an external entity", decl)
        p.CommentHandler = lambda _data: self.refuse("SVG has a comment <!-- … -->; comments can hide markup",
                                                     "remove the comment")
        p.StartCdataSectionHandler = lambda: self.refuse("SVG has a CDATA section <![CDATA[ … ]]>",
                                                         "remove it; write text with &lt; and &amp; instead")

    def _declaration(self, *_: object) -> NoReturn:
        self.refuse("SVG declares entities, elements or notations", "remove the declaration; it is never needed")

    def refuse(self, message: str, hint: str = _HINT) -> NoReturn:
        """Stop parsing with an `unsafe-svg` problem at the parser's current position."""
        line, column = self.parser.CurrentLineNumber, self.parser.CurrentColumnNumber + 1
        raise SourceError(Problem(self.path, line, column, "unsafe-svg", message, hint))

    def start(self, tag: str, flat: list[str]) -> None:
        namespace, _, name = tag.rpartition(" ")
        if namespace != SVG_NS:
            if not self.stack:
                self.refuse("the root element is not <svg> in the SVG namespace",
                            'add xmlns="http://www.w3.org/2000/svg" to the <svg> element')
            self.refuse(f"element <{name[:40]}> from outside the SVG namespace is not allowed")
        if not self.stack and name != "svg":
            self.refuse(f"the root element is <{name[:40]}>, not <svg>", "make <svg> the outermost element")
        if name not in ALLOWED_ELEMENTS:
            self.refuse(f"SVG element <{name[:40]}> is not allowed")
        self.count += 1
        if len(self.stack) >= MAX_DEPTH:
            self.refuse(f"SVG elements nest deeper than {MAX_DEPTH} levels", "flatten the groups in an SVG editor")
        if self.count > MAX_ELEMENTS:
            self.refuse(f"SVG has more than {MAX_ELEMENTS:,} elements", "simplify the drawing in an SVG editor")
        attributes: list[tuple[str, str]] = []
        for key, value in zip(flat[::2], flat[1::2]):
            attr_ns, _, local = key.rpartition(" ")
            if attr_ns and attr_ns not in _PREFIXES:
                self.refuse(f"attribute '{local[:40]}' from outside SVG on <{name}> is not allowed")
            qualified = _PREFIXES.get(attr_ns, "") + local
            problem = attribute_problem(name, qualified, value)
            if problem:
                self.refuse(*problem)
            attributes.append((qualified, value))
        element = Element(name, attributes)
        if self.stack:
            self.stack[-1].children.append(element)
        else:
            self.root = element
        self.stack.append(element)

    def end(self, _tag: str) -> None:
        self.stack.pop()

    def text(self, data: str) -> None:
        if self.stack:
            self.stack[-1].children.append(data)


def parse_svg(path: str, data: bytes) -> Element | Problem:
    """The allow-listed tree of an SVG, or the first problem that makes it unsafe or unreadable."""
    reader = _Reader(path)
    try:
        reader.parser.Parse(data, True)
    except SourceError as refused:  # raised from a handler, it propagates out of Parse
        return refused.problem
    except (expat.ExpatError, ValueError, RecursionError, UnicodeError) as exc:
        line = getattr(exc, "lineno", 0) or 0
        column = (getattr(exc, "offset", -1) or 0) + 1 if line else 0
        reason = expat.ErrorString(exc.code) if isinstance(exc, expat.ExpatError) else str(exc)[:80]
        return Problem(path, line, column, "bad-image", f"SVG is not well-formed XML: {reason}",
                       "open and re-save it in an SVG editor, as plain SVG in UTF-8")
    if reader.root is None:
        return Problem(path, 0, 0, "bad-image", "SVG has no <svg> element", "export the image again as SVG")
    return reader.root


def svg_problems(path: str, data: bytes) -> list[Problem]:
    """Refuse SVG that could run script, load anything, or hide markup; allow plain drawing."""
    found = parse_svg(path, data)
    return [found] if isinstance(found, Problem) else []


def serialize(root: Element) -> bytes:
    """Deterministic UTF-8 markup of an allow-listed tree: the only SVG bytes the site publishes."""
    out: list[str] = []
    uses_xlink = _any_attribute(root, lambda name: name.startswith("xlink:"))

    def emit(element: Element, top: bool) -> None:
        out.append("<" + element.name)
        if top:
            out.append(f' xmlns="{SVG_NS}"' + (f' xmlns:xlink="{XLINK_NS}"' if uses_xlink else ""))
        for name, value in element.attributes:
            out.append(f' {name}="{value.translate(_ATTR_ESCAPES)}"')
        if not element.children:
            out.append("/>")
            return
        out.append(">")
        for child in element.children:
            if isinstance(child, str):
                out.append(child.translate(_TEXT_ESCAPES))
            else:
                emit(child, False)
        out.append(f"</{element.name}>")

    emit(root, True)
    return ("".join(out) + "\n").encode("utf-8")


def _any_attribute(element: Element, test: Callable[[str], bool]) -> bool:
    return any(test(name) for name, _ in element.attributes) or any(
        _any_attribute(child, test) for child in element.children if isinstance(child, Element))


def clean_svg(path: str, data: bytes) -> bytes:
    """The bytes to publish for an SVG that passed the check; raises `SourceError` if it does not pass."""
    found = parse_svg(path, data)
    if isinstance(found, Problem):
        raise SourceError(found)
    return serialize(found)

