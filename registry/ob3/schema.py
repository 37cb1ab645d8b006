"""The official Open Badges 3.0 JSON Schemas, shipped in the package, each applied to the credentials of its era.

1EdTech published two generations under the same URLs: the VC 1.1 era (issuanceDate; single values or
arrays) and the VC 2.0 era (validFrom; arrays). A credential is checked against the generation its own
content names (first @context), for its type, or for the 1EdTech schema its credentialSchema names.

jsonschema-rs (Rust) answers whether a credential is valid, a few hundred times faster than jsonschema;
only one it refuses goes through jsonschema, whose errors the messages quote. A test holds the two to the
same verdict on every credential in the tests and on thousands of mutations of them.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import jsonschema_rs
from jsonschema import Draft201909Validator
from jsonschema.exceptions import best_match

from ..crypto.canonical import count_nodes
from .fields import as_object

SCHEMA_BASE = "https://purl.imsglobal.org/spec/ob/v3p0/schema/"
# The schema URLs credentials name in credentialSchema, by kind. The json/ URLs served the VC 1.1 era schema
# before they served the VC 2.0 one, so a URL says which kind, never which era.
KNOWN_SCHEMA_URLS = {
    SCHEMA_BASE + "json/ob_v3p0_achievementcredential_schema.json": "achievement",
    SCHEMA_BASE + "json/ob_v3p0_endorsementcredential_schema.json": "endorsement",
    SCHEMA_BASE + "json-ld/ob_v3p0_anyachievementcredential_schema.json": "achievement",
    SCHEMA_BASE + "json-ld/ob_v3p0_anyendorsementcredential_schema.json": "endorsement",
}
# (kind, era) → (file under registry/schemas/ob-v3p0/, the definition inside it, or None for the whole file).
# The VC 1.1 era EndorsementCredential is the definition of that name inside the same-era achievement schema:
# 1EdTech generates both files from one model, and that definition is the endorsement file's root.
SCHEMAS: dict[tuple[str, str], tuple[str, str | None]] = {
    ("achievement", "VC 2.0"): ("achievementcredential.json", None),
    ("endorsement", "VC 2.0"): ("endorsementcredential.json", None),
    ("achievement", "VC 1.1"): ("vc1/achievementcredential.json", None),
    ("endorsement", "VC 1.1"): ("vc1/achievementcredential.json", "EndorsementCredential"),
}
MAX_NAMED_SCHEMAS = 8  # credentialSchema entries looked at; more is no real credential
# JSON Schema validation takes about 0.1 ms per object or array (oneOf and $ref run subschemas over and over):
# a real credential holds about 70, the RDFC limit is 1,000; past this many the schema is not run at all.
SCHEMA_MAX_NODES = 2_000


@dataclass(frozen=True)
class SchemaChoice:
    """One official schema to check a credential against, and why it was chosen."""

    kind: str           # "achievement" | "endorsement"
    era: str            # "VC 2.0" | "VC 1.1"
    reason: str         # "by type" | "named in credentialSchema"

    @property
    def file(self) -> str:
        """The schema file under registry/schemas/ob-v3p0/."""
        return SCHEMAS[(self.kind, self.era)][0]

    @property
    def label(self) -> str:
        """How a step names it: file, definition and era."""
        filename, definition = SCHEMAS[(self.kind, self.era)]
        inside = f"#/$defs/{definition}" if definition else ""
        return f"{filename}{inside}, OB 3.0 {self.era} era"


@cache
def _document(filename: str) -> dict[str, Any]:
    text = resources.files("registry.schemas").joinpath("ob-v3p0", *filename.split("/")).read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def _schema(filename: str, definition: str | None = None) -> dict[str, Any]:
    """A schema file, or one of its $defs (with the file's $defs for its references)."""
    document = _document(filename)
    if definition is not None:
        document = {"$schema": document["$schema"], "$defs": document["$defs"], "$ref": f"#/$defs/{definition}"}
    return document


@cache
def _validator(filename: str, definition: str | None = None) -> Draft201909Validator:
    """jsonschema's validator for a schema (formats are annotations, as 2019-09 says): it words the errors."""
    return Draft201909Validator(_schema(filename, definition))


def _no_fetch(uri: str) -> Any:
    """The retriever jsonschema-rs gets: the schemas are bundled whole, and nothing is fetched."""
    raise OSError(f"credreg never fetches schemas; {uri} is not bundled")


@cache
def _fast_validator(filename: str, definition: str | None = None) -> Any:
    """jsonschema-rs's validator for the same schema, offline, with formats as annotations like jsonschema's."""
    return jsonschema_rs.Draft201909Validator(_schema(filename, definition), validate_formats=False,
                                              retriever=_no_fetch)


def _valid(credential: dict[str, Any], filename: str, definition: str | None = None) -> bool:
    """jsonschema-rs's verdict; a value it cannot take (no JSON parser makes one) counts as not valid, so
    jsonschema judges it."""
    validator = _fast_validator(filename, definition)
    try:
        return bool(validator.is_valid(credential))
    except (ValueError, TypeError, OverflowError):
        return False


def kind_by_type(types: tuple[str, ...] | list[str]) -> str | None:
    """The schema kind a credential's types call for: endorsement, achievement (OpenBadge/Achievement) or None."""
    if "EndorsementCredential" in types:
        return "endorsement"
    if "OpenBadgeCredential" in types or "AchievementCredential" in types:
        return "achievement"
    return None


def named_schemas(credential: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The kinds of the known 1EdTech schemas credentialSchema names, and the other URLs it names (not checked)."""
    raw = credential.get("credentialSchema")
    entries = raw if isinstance(raw, list) else [raw] if raw is not None else []
    kinds: list[str] = []
    others: list[str] = []
    for entry in entries[:MAX_NAMED_SCHEMAS]:
        url = as_object(entry).get("id")
        if not isinstance(url, str):
            continue
        kind = KNOWN_SCHEMA_URLS.get(url)
        if kind is None:
            others.append(url)
        elif kind not in kinds:
            kinds.append(kind)
    return kinds, others


def choose_schemas(credential: dict[str, Any], types: tuple[str, ...], era: str) -> list[SchemaChoice]:
    """The official schemas that apply: those credentialSchema names (known 1EdTech ones), else the one its
    type calls for; always of the credential's own era (VC 2.0 or VC 1.1)."""
    kinds, _ = named_schemas(credential)
    if kinds:
        return [SchemaChoice(kind, era, "named in credentialSchema") for kind in kinds]
    kind = kind_by_type(types)
    return [SchemaChoice(kind, era, "by type")] if kind else []


def _readable(errors: list[Any]) -> list[str]:
    if not errors:
        return []
    first = best_match(errors)
    ordered = [first] + [e for e in errors if e is not first]
    return [f"{'/'.join(str(p) for p in e.absolute_path) or '(root)'}: {e.message[:200]}" for e in ordered[:5]]


def errors_against(credential: dict[str, Any], choice: SchemaChoice) -> list[str]:
    """Readable violations of `choice` (path: message), best match first, at most five; a credential of more
    than SCHEMA_MAX_NODES objects and arrays is one violation, unchecked."""
    if count_nodes(credential, SCHEMA_MAX_NODES) > SCHEMA_MAX_NODES:
        return [f"(root): the credential holds more than {SCHEMA_MAX_NODES:,} objects and arrays, too many to check "
                "against the schema (a real credential holds about 70)"]
    return schema_errors(credential, *SCHEMAS[(choice.kind, choice.era)])


def schema_errors(credential: dict[str, Any], filename: str, definition: str | None = None) -> list[str]:
    """Readable violations of one schema file or one of its $defs (path: message), best match first, at most five:
    none when jsonschema-rs finds it valid, else jsonschema's."""
    if _valid(credential, filename, definition):
        return []
    return _readable(list(_validator(filename, definition).iter_errors(credential)))
