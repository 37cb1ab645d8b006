"""Readers of credential fields that tolerate whatever a hostile document put there."""
from __future__ import annotations

from datetime import datetime
from typing import Any


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
