"""The whole registry as one immutable value: what the check builds and every later stage reads."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .award import Award, StatusList
from .definitions import BadgeClass, Decisions, Issuer, Revocation


@dataclass(frozen=True)
class Registry:
    """Everything a registry checkout holds, validated; keyed by id (badges and awards by their keys).

    Later stages (publish) read only this: no file is read again after the check.
    """

    issuers: Mapping[str, Issuer]
    badges: Mapping[str, BadgeClass]
    awards: Mapping[str, Award]  # verified awards only: empty until the verify stage has run
    revocations: Mapping[str, Revocation]
    status_lists: tuple[StatusList, ...] = ()
    decisions: Decisions = Decisions()
    images: Mapping[str, bytes] = field(default_factory=dict, repr=False)  # source path → its checked bytes

    def badges_of(self, issuer_id: str) -> tuple[BadgeClass, ...]:
        """An issuer's badge classes, in id order."""
        return tuple(b for k, b in sorted(self.badges.items()) if b.issuer_id == issuer_id)


def frozen_map(items: Mapping[str, Any]) -> Mapping[str, Any]:
    """A read-only view of a dict sorted by key, so iteration order is deterministic."""
    return MappingProxyType(dict(sorted(items.items())))
