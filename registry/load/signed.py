"""Signed files as loaded: an award or a status list, its place, its parsed JSON with positions, its digest.

They stay in this form until the verify stage has checked them; only then do they become model facts. Their bytes
are not held (100,000 awards' bytes would be a quarter of a check's memory): they are read back from the checkout
when needed and refused unless they are the bytes that were parsed (`read_signed`).
"""
from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import CredregError
from ..layout import SourceFile
from ..model import Award, Registry
from .source import MAX_JSON_BYTES, SourceDocument


@dataclass(frozen=True)
class SignedFile:
    """One signed JSON object of the checkout, not yet verified."""

    place: SourceFile
    doc: SourceDocument = field(repr=False)
    digest: bytes = field(repr=False)  # SHA-256 of the bytes that were parsed: in every cache key that covers them
    root: Path = field(repr=False)  # the checkout the file was read from

    @property
    def source(self) -> str:
        """The file's path relative to the registry root."""
        return self.place.path

    @property
    def raw(self) -> bytes:
        """The file's bytes, read back: exactly those that were parsed, or CredregError."""
        return read_signed(self.root, self.source, self.digest)

    @property
    def data(self) -> dict[str, Any]:
        """The parsed JSON object (the load stage admits only objects)."""
        data: dict[str, Any] = self.doc.data
        return data


HINT = "leave the checkout unchanged while credreg checks or builds it, then run it again"


def signed_bytes(registry: Registry, award: Award) -> bytes:
    """The bytes of a verified award's file, read back from the checkout for publishing (the model keeps only their
    digest): exactly the bytes the check verified, or CredregError, so nothing unchecked is ever served."""
    if registry.root is None:
        raise CredregError(f"{award.source} cannot be read back: the registry was not loaded from a checkout",
                           "check the registry from its folder (check_registry) before publishing it")
    return read_signed(registry.root, award.source, award.digest)


def read_signed(root: Path, source: str, digest: bytes) -> bytes:
    """The bytes of `source` under `root` if their SHA-256 is `digest`; CredregError if the file is gone, is a link
    now, or changed since it was read."""
    path = root / source
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
        with os.fdopen(handle, "rb") as file:
            data = file.read(MAX_JSON_BYTES + 1)
    except OSError as exc:
        raise CredregError(f"{source} cannot be read again: {exc.strerror}", HINT) from None
    if hashlib.sha256(data).digest() != digest:
        raise CredregError(f"{source} changed after credreg read it, so it is neither checked nor published", HINT)
    return data
