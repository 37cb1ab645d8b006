"""The check of endorsements embedded in awards (`achievement.endorsement`): only the registry's own, as signed,
and only ones that held for the award when it was made.

An issuer signs its awards, so it could embed any endorsement-shaped object, or a real endorsement that
had not started, had ended or had been withdrawn. What makes an embedded endorsement true is that it is,
byte for byte as JSON, one of the registry's verified endorsements that covered the award's badge class
and rubric version on the award date. Runs on the verified model, every time.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from ..dates import iso
from ..errors import Problem
from ..load.signed import SignedFile
from ..model import Award, Endorsement, Registry
from ..urls import SiteUrls
from .award_content import differences, show, where

HINT = ("awards embed only endorsements of this registry that hold on the award date, as `credreg award` "
        "does; revoke this award and award it again")


def _why_not(endorsement: Endorsement, award: Award, registry: Registry) -> str | None:
    """Why `endorsement` did not hold for `award` when it was made, or None when it did."""
    if not endorsement.covers(award.badge_key):
        return f"it endorses {endorsement.subject}, not {award.badge_key}"
    if not endorsement.covers(award.badge_key, award.rubric.version):
        versions = ", ".join(f"v{v}" for v in endorsement.rubric_versions)
        return f"it covers rubric version(s) {versions}, not v{award.rubric.version} that this award was assessed on"
    if award.awarded < endorsement.starts:
        return f"it starts {iso(endorsement.starts)}, after this award ({iso(award.awarded)})"
    if endorsement.valid_until is not None and award.awarded > endorsement.valid_until:
        return f"it ended {iso(endorsement.valid_until)}, before this award ({iso(award.awarded)})"
    withdrawn = registry.revocations.get(endorsement.id)
    if withdrawn is not None and award.awarded >= withdrawn.revoked_at:
        return f"it was withdrawn {iso(withdrawn.revoked_at)}, before this award ({iso(award.awarded)})"
    return None


def embedded_problems(registry: Registry, files: Iterable[SignedFile], urls: SiteUrls) -> list[Problem]:
    """Every embedded endorsement that is not one of the registry's, differs from its file, or did not hold."""
    by_source = {f.source: f for f in files}
    as_signed: dict[str, Any] = {}  # endorsement id → its file's JSON, parsed once for every award carrying it
    problems: list[Problem] = []
    for award in registry.awards.values():
        signed = by_source.get(award.source)
        achievement = signed.data.get("credentialSubject", {}).get("achievement", {}) if signed else {}
        embedded = achievement.get("endorsement") if isinstance(achievement, dict) else None
        if signed is None or embedded is None:
            continue
        seen: set[str] = set()
        for index, item in enumerate(embedded if isinstance(embedded, list) else [embedded]):
            path = ("credentialSubject", "achievement", "endorsement", index)
            found = registry.endorsements.get((urls.endorsement_id_from_url(str(item.get("id")))
                                               if isinstance(item, dict) else None) or "")
            if found is not None and found.id in seen:
                message = f"{where(path)} is endorsement {found.id} again: an award embeds each endorsement once"
            elif found is None:
                message = (f"{where(path)} ({show(item.get('id') if isinstance(item, dict) else item)}) is not one "
                           "of this registry's endorsements")
            else:
                if found.id not in as_signed:
                    as_signed[found.id] = json.loads(found.signed)
                first = next(differences(item, as_signed[found.id], path), None)
                reason = (f"{where(first.path)} differs from {found.source}" if first is not None
                          else _why_not(found, award, registry))
                seen.add(found.id)
                if reason is None:
                    continue
                message = f"{where(path)} is endorsement {found.id}, but {reason}"
            problems.append(signed.doc.problem("award-endorsement", message, HINT, path))
    return problems

