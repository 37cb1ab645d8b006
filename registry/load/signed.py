"""Signed files as loaded: an award or a status list, its place, its parsed JSON with positions, its bytes.

They stay in this form until the verify stage has checked them; only then do they become model facts.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from ..layout import SourceFile
from .source import SourceDocument


@dataclass(frozen=True)
class SignedFile:
    """One signed JSON object of the checkout, not yet verified."""

    place: SourceFile
    doc: SourceDocument = field(repr=False)
    raw: bytes = field(repr=False)

    @property
    def source(self) -> str:
        """The file's path relative to the registry root."""
        return self.place.path

    @cached_property
    def digest(self) -> bytes:
        """The SHA-256 of the file's bytes, hashed once for the several cache keys that cover them."""
        return hashlib.sha256(self.raw).digest()

    @property
    def data(self) -> dict[str, Any]:
        """The parsed JSON object (the load stage admits only objects)."""
        data: dict[str, Any] = self.doc.data
        return data
