"""Evidence entries of an award that link other credentials of the registry (components, a renewed award), and
problems located at them: the checks of renewals.py and stacking.py read links and report them the same way."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..errors import Problem, Severity
from ..load.signed import SignedFile
from ..model import Award, Registry
from ..ob3.document import LINK_GENRES, linked_credential


def linked_entries(doc: dict[str, Any], genre: str) -> Iterator[tuple[int, str]]:
    """(index in `evidence`, linked URL) of each evidence entry of `genre` in an award document."""
    entries = doc.get("evidence")
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        if isinstance(entry, dict) and entry.get("genre") == genre:
            yield index, str(entry.get("id", ""))


def at_entry(award: Award, signed: SignedFile | None, index: int | None, code: str, message: str, hint: str,
             severity: Severity = Severity.ERROR) -> Problem:
    """A problem of `award` at the line of its evidence entry `index` (the whole file when there is none)."""
    pos = signed.doc.locate(("evidence", index)) if signed is not None and index is not None else None
    return Problem(award.source, pos.line if pos else 0, pos.column if pos else 0, code, message, hint, severity)


def link_difference(registry: Registry, signed: SignedFile | None, index: int, genre: str, linked: Award) -> str | None:
    """How evidence entry `index` of an award says otherwise than the entry credreg writes for `linked` (its name
    and description, read by wallets and verifiers, must be the linked award's own), or None."""
    entries = signed.data.get("evidence") if signed is not None else None
    entry = entries[index] if isinstance(entries, list) and index < len(entries) else None
    if not isinstance(entry, dict):
        return None
    expected = linked_credential(genre, linked.url, registry.badges[linked.badge_key],
                                 registry.issuers[linked.issuer_id], linked.awarded)
    for key in sorted(set(entry) | set(expected)):
        if entry.get(key) != expected.get(key):
            return f"its {key!r} is {entry.get(key)!r}, where the entry for {linked.id} says {expected.get(key)!r}"
    return None


def lookalike_genres(doc: dict[str, Any]) -> Iterator[tuple[int, str, str]]:
    """(index, genre, the link genre it imitates) of each evidence entry whose genre differs from a link genre only
    by case or spaces: a verifier that ignores case would follow it as a component or renewal the check never saw."""
    entries = doc.get("evidence")
    for index, entry in enumerate(entries if isinstance(entries, list) else []):
        genre = entry.get("genre") if isinstance(entry, dict) else None
        if isinstance(genre, str) and genre not in LINK_GENRES:
            plain = " ".join(genre.split()).casefold()
            meant = next((g for g in LINK_GENRES if g.casefold() == plain), None)
            if meant is not None:
                yield index, genre, meant
