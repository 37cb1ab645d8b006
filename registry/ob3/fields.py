"""Readers of credential fields that tolerate whatever a hostile document put there."""
from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

_ASCII_DIGITS = re.compile(r"[0-9]{1,10}")
MAX_RUBRIC_VERSION = 1_000_000  # far beyond any real rubric's history


def as_object(value: Any) -> dict[str, Any]:
    """`value` if it is a JSON object, else an empty one (hostile files may put anything anywhere)."""
    return value if isinstance(value, dict) else {}


def types_of(value: Any) -> list[str]:
    """A JSON-LD `type` value as a list of strings."""
    if isinstance(value, str):
        return [value]
    return [t for t in value if isinstance(t, str)] if isinstance(value, list) else []


def issuer_id_of(document: dict[str, Any]) -> str:
    """The issuer's id, whether `issuer` is a string or a Profile object."""
    issuer = document.get("issuer")
    return str(issuer.get("id", "")) if isinstance(issuer, dict) else str(issuer or "")


def aware_time(value: Any) -> datetime | None:
    """An ISO date-time with a zone, else None (a zoneless time cannot be compared with key windows)."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else None


def ascii_int(value: Any, maximum: int) -> int | None:
    """A whole number written in ASCII digits (or a JSON integer) from 0 to `maximum`, else None.

    `str.isdigit` and `int()` accept superscripts and other Unicode digits, and `int()` raises on
    thousands of digits, so hostile index and version fields are read here and nowhere else.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        number = value
    elif isinstance(value, str) and _ASCII_DIGITS.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if 0 <= number <= maximum else None


SHOWN = 120  # characters of a hostile value a message shows


def printable(text: str) -> str:
    """`text` with every character that is not printable escaped, so a message cannot hide or reorder text."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def cut(text: str) -> str:
    """At most SHOWN characters of `text`, marked when cut."""
    return text[:SHOWN] + ("…" if len(text) > SHOWN else "")


def shown(value: Any) -> str:
    """A short, printable rendering of a hostile value for a message or a log line."""
    if isinstance(value, str):
        return repr(value[:SHOWN]) + ("…" if len(value) > SHOWN else "")
    return cut(printable(json.dumps(value, ensure_ascii=False, default=repr)))
