"""Tell what a user handed in from its bytes, never its name: a JSON credential, a JWT/JWS compact text, or
a baked PNG or SVG badge, and unwrap it to the credential (or OB 2.0 assertion) inside, bounded throughout."""
from __future__ import annotations

import base64
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..errors import InputError
from ..load.json_source import read_json
from ..ob3.formats import VC_CONTEXTS
from .containers_png import SIGNATURE, baked_png
from .containers_svg import baked_svg
from .ob2_checks import is_assertion
from .ob2_docs import OB2_CONTEXTS
from .steps import Outcome, Step

MAX_CONTAINER_BYTES = 4 * 1024 * 1024  # a file or image handed in; the JSON inside stays under the 1 MiB JSON limit
COMPACT_JWS = re.compile(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*")  # an empty signature: alg none
_HINT = "give a credential as JSON, a VC-JWT, or a baked PNG or SVG badge"


@dataclass(frozen=True)
class Extracted:
    """What was found: a JSON object, a compact JWS, or (OB 2.0 only) a hosted assertion's URL.

    `ob2` says the content is Open Badges 2.0 material; `container` is the step saying how it was unwrapped
    (None for plain JSON, which needs no unwrapping)."""

    content: Any  # a JSON value (a credential when it is an object) or a str (JWS or URL)
    ob2: bool
    container: Step | None

    @property
    def is_jws(self) -> bool:
        """Whether the content is a compact JWS (a VC-JWT or a signed OB 2.0 assertion)."""
        return isinstance(self.content, str) and COMPACT_JWS.fullmatch(self.content) is not None


def unverified_payload(token: str) -> Any:
    """The payload of a compact JWS, parsed but NOT verified (only to tell OB 2.0 from a VC); None if unreadable."""
    part = token.split(".")[1]
    try:
        return read_json(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)), "JWS payload")
    except (ValueError, InputError):
        return None


def is_ob2(content: dict[str, Any] | str) -> bool:
    """Whether content is Open Badges 2.0: its context or Assertion type (JSON), or such a JWS payload."""
    if isinstance(content, str):
        if not COMPACT_JWS.fullmatch(content):
            return True  # a URL: only OB 2.0 bakes a hosted assertion's address
        payload = unverified_payload(content)
        return isinstance(payload, dict) and "vc" not in payload and is_ob2(payload)
    contexts = content.get("@context")
    contexts = contexts if isinstance(contexts, list) else [contexts]
    # An Assertion by its 2.0 context, or by its type alone when it does not claim to be a VC.
    return is_assertion(content) and (bool(OB2_CONTEXTS & {c for c in contexts if isinstance(c, str)})
                                      or not any(c in VC_CONTEXTS for c in contexts))


def _text_content(text: str, where: str, allow_url: bool) -> dict[str, Any] | str:
    """A JSON object, a compact JWS or (when allowed) an https URL from `text`; InputError otherwise."""
    text = text.strip()
    if text.startswith("{"):
        document = read_json(text.encode("utf-8"), where)
        if not isinstance(document, dict):
            raise InputError(f"{where} is not a JSON object", _HINT)
        return document
    if COMPACT_JWS.fullmatch(text):
        return text
    if allow_url and re.fullmatch(r"https?://[^\s<>\"]{1,2000}", text):
        return text
    if text.startswith("["):
        raise InputError(f"{where} is a JSON array, not a credential", _HINT)
    raise InputError(f"{where} is neither a JSON credential nor a JWT" + (" nor an assertion URL" if allow_url else ""),
                     _HINT)


def _found(content: dict[str, Any] | str, detail: str) -> Extracted:
    ob2 = is_ob2(content)
    kind = "JSON" if isinstance(content, dict) else ("a compact JWS" if COMPACT_JWS.fullmatch(content) else "a URL")
    return Extracted(content, ob2, Step("container", Outcome.PASS, f"{detail}: {kind}" + (" (Open Badges 2.0)" if ob2 else "")))


def extract(raw: bytes, where: str, parse_json: Callable[[bytes], Any] | None = None) -> Extracted:
    """The credential inside `raw` (file or fetched bytes); InputError with a plain reason when there is none.

    Bytes that are neither an image nor a JWT are read as JSON by `parse_json` (by default the one reader of
    untrusted JSON), so a file or URL that is meant as JSON keeps that reader's messages."""
    if len(raw) > MAX_CONTAINER_BYTES:
        raise InputError(f"{where} is larger than {MAX_CONTAINER_BYTES // (1024 * 1024)} MiB", "refusing an oversized input")
    if raw.startswith(SIGNATURE):
        baked = baked_png(raw)
        return _found(_text_content(baked.text, f"the PNG's {baked.keyword} chunk", baked.keyword == "openbadges"),
                      f"baked PNG, {baked.chunk} {baked.keyword}")
    head = raw[:64].decode("utf-8", "replace").lstrip("\ufeff \t\r\n")
    if head.startswith("<"):
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(f"{where} looks like XML but is not UTF-8 text", _HINT) from None
        element = baked_svg(text)
        if element.verify and element.element == "credential" and not COMPACT_JWS.fullmatch(element.verify):
            raise InputError("the SVG's <openbadges:credential verify> attribute is not a compact JWS", _HINT)
        content = _text_content(element.verify or element.text, f"the SVG's <openbadges:{element.element}>",
                                element.element == "assertion")
        return _found(content, f"baked SVG, <openbadges:{element.element}>" + (" verify" if element.verify else ""))
    token = raw.strip().decode("ascii", "replace") if len(raw) < MAX_CONTAINER_BYTES and raw[:1] != b"{" else ""
    if token and COMPACT_JWS.fullmatch(token):
        return _found(token, "text")
    document = (parse_json or (lambda data: read_json(data, where)))(raw)
    enveloped = enveloped_jwt(document)
    if enveloped is not None:
        return _found(enveloped, "EnvelopedVerifiableCredential, a data: URL")
    return Extracted(document, isinstance(document, dict) and is_ob2(document), None)


ENVELOPE_PREFIXES = ("data:application/vc+jwt,", "data:application/vc+ld+jwt,")


def enveloped_jwt(document: Any) -> str | None:
    """The VC-JWT inside a VC 2.0 EnvelopedVerifiableCredential (`id` is a data: URL), else None.

    VC-JOSE-COSE wraps a secured credential this way when it travels as JSON (wallets, the VC API); the
    envelope itself is not signed, so only the token inside counts; InputError for a data: URL that holds none."""
    if not isinstance(document, dict):
        return None
    types = document.get("type")
    if "EnvelopedVerifiableCredential" not in (types if isinstance(types, list) else [types]):
        return None
    url = document.get("id")
    prefix = next((p for p in ENVELOPE_PREFIXES if isinstance(url, str) and url.startswith(p)), None)
    token = url[len(prefix):].strip() if prefix and isinstance(url, str) else ""
    if not COMPACT_JWS.fullmatch(token):
        raise InputError("the EnvelopedVerifiableCredential's id is not a data:application/vc+jwt URL holding a "
                         "compact JWS", "only VC-JWT envelopes are verified (not COSE or SD-JWT)")
    return token
