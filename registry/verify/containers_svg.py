"""Read the Open Badges credential baked into an SVG: `<openbadges:credential>` (3.0) or `<openbadges:assertion>`
(2.0), parsed by defusedxml with no DTD, no entities and no external references."""
from __future__ import annotations

from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from ..errors import InputError

# OB 3.0 names https://purl.imsglobal.org/ob/v3p0; OB 2.0 http://openbadges.org. Bakers mix them up, so the
# element name decides the version and either namespace is accepted.
NAMESPACES = ("https://purl.imsglobal.org/ob/v3p0", "http://openbadges.org", "https://purl.imsglobal.org/spec/ob/v3p0")
ELEMENTS = ("credential", "assertion")  # OB 3.0, OB 2.0
MAX_ELEMENTS = 100_000
_HINT = "the file is not a well-formed baked SVG; ask the issuer for the credential again"


@dataclass(frozen=True)
class BakedElement:
    """The one Open Badges element: its local name, its `verify` attribute (a JWS or URL) and its text."""

    element: str
    verify: str
    text: str


def _local(tag: object) -> tuple[str, str]:
    """(namespace, local name) of an ElementTree tag; comments and processing instructions have neither."""
    if not isinstance(tag, str):
        return "", ""
    if tag.startswith("{"):
        namespace, _, name = tag[1:].partition("}")
        return namespace, name
    return "", tag


def baked_svg(text: str) -> BakedElement:
    """The one Open Badges element of an SVG; InputError for unsafe or malformed XML, none, or more than one."""
    try:
        root: Element = fromstring(text, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise InputError(f"the SVG is refused: it declares a DTD, entities or external references ({type(exc).__name__})",
                         "baked badges need none of these; such markup is how XML bombs and file-stealing "
                         "entities work") from None
    except (ParseError, ValueError) as exc:
        raise InputError(f"the SVG is not well-formed XML: {exc}", _HINT) from None
    if _local(root.tag)[1] != "svg":
        raise InputError("the XML document is not an SVG image (its root is not <svg>)", _HINT)
    found: list[BakedElement] = []
    for count, node in enumerate(root.iter(), 1):
        if count > MAX_ELEMENTS:
            raise InputError(f"the SVG has more than {MAX_ELEMENTS:,} elements", "refusing an oversized image")
        namespace, name = _local(node.tag)
        if namespace in NAMESPACES and name in ELEMENTS:
            found.append(BakedElement(name, (node.get("verify") or "").strip(), "".join(node.itertext()).strip()))
    if not found:
        raise InputError("the SVG image carries no Open Badges credential (no <openbadges:credential> or "
                         "<openbadges:assertion> element)", "this is a plain image; ask for the baked badge")
    if len(found) > 1:
        raise InputError(f"the SVG carries {len(found)} Open Badges elements; a baked badge holds exactly one",
                         "which one is meant cannot be told; ask the issuer for the credential again")
    return found[0]
