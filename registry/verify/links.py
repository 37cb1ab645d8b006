"""Evidence entries of an award that link other credentials of the registry (components, a renewed award), and
problems located at them: the checks of renewals.py and stacking.py read links and report them the same way."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..errors import Problem, Severity
from ..load.signed import SignedFile
from ..model import Award


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
