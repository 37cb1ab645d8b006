"""The whole registry as one immutable value: what the check builds and every later stage reads."""
from __future__ import annotations

import copyreg
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from datetime import datetime
from pathlib import Path

from .award import Award, StatusList
from .definitions import BadgeClass, Decisions, Issuer, Revocation, StackingDecision
from .endorsement import Endorsement, Label, label_of


@dataclass(frozen=True)
class Registry:
    """Everything a registry checkout holds, validated; keyed by id (badges and awards by their keys).

    Later stages (publish) read only this: no file is read again after the check, except each award's signed
    bytes, which load.signed.signed_bytes reads back and holds to the SHA-256 the check verified (100,000 awards'
    bytes held at once would be a third of a large build's memory).
    """

    issuers: Mapping[str, Issuer]
    badges: Mapping[str, BadgeClass]
    awards: Mapping[str, Award]  # verified awards only: empty until the verify stage has run
    revocations: Mapping[str, Revocation]
    status_lists: tuple[StatusList, ...] = ()
    decisions: Decisions = Decisions()
    kept: Mapping[str, StackingDecision] = field(default_factory=dict)  # stacked award id → decision to keep it
    images: Mapping[str, bytes] = field(default_factory=dict, repr=False)  # source path → its checked bytes
    endorsements: Mapping[str, Endorsement] = field(default_factory=dict)  # verified endorsements by id
    root: Path | None = field(default=None, compare=False)  # the checkout it was read from (awards' bytes stay there)

    def badges_of(self, issuer_id: str) -> tuple[BadgeClass, ...]:
        """An issuer's badge classes, in id order."""
        return tuple(b for k, b in sorted(self.badges.items()) if b.issuer_id == issuer_id)

    def revoked_components(self, award: Award) -> tuple[Revocation, ...]:
        """Revocations of a stacked award's components made after the award (the award itself was checked
        against its components as they stood when it was made)."""
        found = (self.revocations.get(c) for c in award.components)
        return tuple(r for r in found if r is not None and r.revoked_at > award.awarded)


    def endorsements_of(self, subject: str) -> tuple[Endorsement, ...]:
        """Every verified endorsement of a badge class (`issuer/badge`) or an issuer, oldest first."""
        return tuple(sorted((e for e in self.endorsements.values() if e.subject == subject),
                            key=lambda e: (e.valid_from, e.id)))

    def endorsements_holding(self, subject: str, moment: datetime,
                             rubric_version: int | None = None) -> tuple[Endorsement, ...]:
        """The endorsements of `subject` that held at `moment` (for a badge class, covering `rubric_version`
        when given): signed and started by then, not ended, not withdrawn."""
        return tuple(e for e in self.endorsements_of(subject)
                     if (not e.of_badge or e.covers(subject, rubric_version))
                     and e.holds_at(moment, self.revocations.get(e.id)))

    def label(self, badge_key: str, moment: datetime, rubric_version: int | None = None) -> Label:
        """The badge class's label at `moment`: Accredited, Co-branded or In-house (computed, never declared)."""
        return label_of(self.endorsements_holding(badge_key, moment, rubric_version), self.issuers)


def frozen_map(items: Mapping[str, Any]) -> Mapping[str, Any]:
    """A read-only view of a dict sorted by key, so iteration order is deterministic."""
    return MappingProxyType(dict(sorted(items.items())))


def _read_only(items: dict[str, Any]) -> MappingProxyType[str, Any]:
    return MappingProxyType(items)


# A model pickles whole (the build's check runs in a child process and sends its model back): read-only views
# pickle as read-only views of their dicts, which the standard library does not do by itself.
copyreg.pickle(MappingProxyType, lambda view: (_read_only, (dict(view),)))
