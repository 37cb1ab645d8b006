"""The official Open Badges 3.0 JSON Schemas, shipped in the package, applied to credentials."""
from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft201909Validator
from jsonschema.exceptions import best_match

from .fields import types_of


@cache
def _validator(filename: str) -> Draft201909Validator:
    text = resources.files("registry.schemas").joinpath("ob-v3p0", filename).read_text("utf-8")
    return Draft201909Validator(json.loads(text))


def schema_file_for(credential: dict[str, Any]) -> str | None:
    """The schema that applies: by type (OpenBadge/Achievement or Endorsement credential)."""
    types = types_of(credential.get("type"))
    if "EndorsementCredential" in types:
        return "endorsementcredential.json"
    if "OpenBadgeCredential" in types or "AchievementCredential" in types:
        return "achievementcredential.json"
    return None


def schema_errors(credential: dict[str, Any], filename: str) -> list[str]:
    """Readable schema violations (path: message), best match first, at most five."""
    errors = list(_validator(filename).iter_errors(credential))
    if not errors:
        return []
    first = best_match(errors)
    ordered = [first] + [e for e in errors if e is not first]
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message[:200]}" for e in ordered[:5]]
