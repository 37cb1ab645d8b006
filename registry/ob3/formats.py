"""What a credential says it is: VC 2.0 or VC 1.1, which Open Badges 3.0 context version, which types.

Read from the content alone (never a file name), so the schema and the date rules that apply follow from it;
every oddity is a problem (refused) or a warning (said), never silently accepted.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any

from .fields import shown, types_of

VC2 = "https://www.w3.org/ns/credentials/v2"
VC1 = "https://www.w3.org/2018/credentials/v1"
VC_CONTEXTS = {VC2: "VC 2.0", VC1: "VC 1.1"}
OB_CONTEXT_BASE = "https://purl.imsglobal.org/spec/ob/v3p0/"
# Every published Open Badges 3.0 context (all bundled in registry/contexts). 3.0.0–3.0.2 were published for
# VC 1.1 and 3.0.3 for VC 2.0, but issuers mix them (the DCC's wallet issues VC 1.1 with 3.0.3), and the
# contexts define only Open Badges terms, so the data model is read from the first @context alone.
OB_CONTEXTS = {
    OB_CONTEXT_BASE + "context.json": "3.0.0",
    OB_CONTEXT_BASE + "context-3.0.1.json": "3.0.1",
    OB_CONTEXT_BASE + "context-3.0.2.json": "3.0.2",
    OB_CONTEXT_BASE + "context-3.0.3.json": "3.0.3",
}
OB_EXTENSIONS = OB_CONTEXT_BASE + "extensions.json"
OB_TYPES = ("OpenBadgeCredential", "AchievementCredential", "EndorsementCredential")
KNOWN_TYPES = ("VerifiableCredential", *OB_TYPES)
# (VC 2.0 field, VC 1.1 field) pairs: the first one present applies (verify/validity.py). VC 2.0's context
# does not define the VC 1.1 names; VC 1.1's context defines both.
DATE_PAIRS = (("validFrom", "issuanceDate"), ("validUntil", "expirationDate"))

# Letters that render like the Latin ones in the credential type names (Cyrillic, Greek, digits), for the
# look-alike check; NFKD already folds full-width forms and splits accents off.
_CONFUSABLE = str.maketrans({
    "а": "a", "е": "e", "о": "o", "р": "p", "с": "c", "х": "x", "у": "y", "і": "l", "ј": "j", "ѕ": "s",
    "ԁ": "d", "һ": "h", "ո": "n", "ν": "v", "ο": "o", "α": "a", "ρ": "p", "τ": "t", "κ": "k", "ε": "e",
    "ι": "l", "0": "o", "1": "l", "i": "l", "ı": "l", "|": "l", "ⅰ": "l", "ɡ": "g", "т": "t", "в": "b",
    "м": "m", "н": "h", "к": "k", "ԛ": "q", "ԝ": "w", "ѵ": "v", "ɩ": "l",
})


@dataclass(frozen=True)
class CredentialFormat:
    """The data model, OB context version and types a credential names, with what is wrong or odd about them."""

    vc: str | None            # "VC 2.0" | "VC 1.1" | None (not a Verifiable Credential)
    ob_version: str | None    # "3.0.0" … "3.0.3", None when no OB 3.0 context is named
    types: tuple[str, ...]
    problems: tuple[str, ...]  # each one refuses the credential (format FAIL)
    warnings: tuple[str, ...]  # each one is said (format WARN)

    @property
    def ob_types(self) -> tuple[str, ...]:
        """The Open Badges 3.0 credential types among the credential's types."""
        return tuple(t for t in self.types if t in OB_TYPES)


def _skeleton(text: str) -> str:
    """`text` folded so that strings a reader cannot tell apart compare equal (case, width, look-alike letters,
    invisible and space characters)."""
    folded = unicodedata.normalize("NFKD", text).casefold()
    visible = "".join(ch for ch in folded if unicodedata.category(ch) not in ("Cf", "Zs", "Cc", "Mn"))
    return visible.translate(_CONFUSABLE)


_KNOWN_SKELETONS = {_skeleton(t): t for t in KNOWN_TYPES}


def lookalike_of(value: str) -> str | None:
    """The known credential type `value` imitates without being it, else None."""
    if value in KNOWN_TYPES:
        return None
    return _KNOWN_SKELETONS.get(_skeleton(value))


def _context_problems(contexts: list[Any]) -> tuple[str | None, list[str]]:
    """The OB version the @context list names (None if none or several) and what is wrong with the list."""
    problems: list[str] = []
    named = [c for c in contexts if isinstance(c, str)]
    if VC1 in named and VC2 in named:
        problems.append("@context names both the VC 1.1 and the VC 2.0 context; a credential is one or the other")
    ob_named = [c for c in named if c.startswith(OB_CONTEXT_BASE) and c != OB_EXTENSIONS]
    unknown = [c for c in ob_named if c not in OB_CONTEXTS]
    for url in unknown:
        problems.append(f"JSON-LD context {shown(url)} is not bundled with credreg: it is not a published Open "
                        "Badges 3.0 context version (credreg never fetches contexts)")
    versions = sorted({OB_CONTEXTS[c] for c in ob_named if c in OB_CONTEXTS})
    if len(versions) > 1:
        problems.append(f"@context names {len(versions)} Open Badges context versions ({', '.join(versions)}); "
                        "a credential uses one")
    return (versions[0] if len(versions) == 1 else None), problems


def _date_warnings(credential: dict[str, Any], vc: str) -> list[str]:
    """What is odd about the date fields: VC 1.1 names in a VC 2.0 credential, or both names disagreeing."""
    warnings = []
    for new, old in DATE_PAIRS:
        if old not in credential:
            continue
        if vc == "VC 2.0":
            applies = f"{new} applies" if new in credential else f"it applies as {new} is missing"
            warnings.append(f"{old} is a VC 1.1 field that VC 2.0 does not define; {applies}")
        elif new in credential and credential[new] != credential[old]:
            warnings.append(f"{new} and {old} differ; {new} applies")
    return warnings


def read_format(credential: dict[str, Any]) -> CredentialFormat:
    """The format facts of a parsed credential object; never raises."""
    raw = credential.get("@context")
    contexts = raw if isinstance(raw, list) else [raw]
    types = tuple(types_of(credential.get("type")))
    first = contexts[0] if contexts else None
    vc = VC_CONTEXTS.get(first) if isinstance(first, str) else None
    if vc is None:
        return CredentialFormat(None, None, types, ("the first @context is not the W3C Verifiable Credentials "
                                                    "context (VC 2.0 or VC 1.1)",), ())
    ob_version, problems = _context_problems(contexts)
    warnings: list[str] = []
    if "VerifiableCredential" not in types:
        problems.append("type does not include VerifiableCredential")
    for value in types:
        imitated = lookalike_of(value)
        if imitated:
            problems.append(f"type {shown(value)} looks like {imitated} but is not it")
    warnings += _date_warnings(credential, vc)
    return CredentialFormat(vc, ob_version, types, tuple(problems), tuple(warnings))
