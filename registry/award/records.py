"""The text of an issuer's revocations.yaml as credreg writes it: `revocations:` entries, then an optional
top-level `kept:` section, each entry appended to its own list so both lists stay well-formed.

Every edit is read back before it is written: a file laid out otherwise (hand-edited, flow style) is
refused with a clear error rather than given an entry in the wrong list. A reason the check would refuse
(hidden characters, too long) is refused first, in the check's own words, so nothing is written.
"""
from __future__ import annotations

import json
import re
from datetime import datetime
from functools import cache
from typing import Any

from ..dates import iso
from ..errors import CredregError, UsageError
from ..layout import FileKind
from ..load.source import SourceError
from ..load.yaml_source import load_yaml
from ..validate.schema import schema_for
from ..validate.values import HIDDEN_WHY, text_findings

HEADER = ("# Revocations of this issuer's credentials, oldest first. Written by `credreg revoke`;\n"
          "# never edit or remove an entry: the signed status list is rebuilt from this file.\nrevocations:\n")
KEPT_HEADER = ("# Stacked awards that stand although a component was revoked after them. Written by `credreg keep`.\n"
               "kept:\n")
_KEPT = re.compile(r"^kept:[ \t]*(?:#.*)?$", re.MULTILINE)  # the top-level `kept:` key, in block form


def _entry(credential_id: str, field: str, when: datetime, reason: str) -> str:
    return (f"  - credential: {credential_id}\n    {field}: \"{iso(when)}\"\n"
            f"    reason: {json.dumps(reason, ensure_ascii=False)}\n")


def _lists(text: str, path: str) -> dict[str, list[Any]]:
    try:
        data = load_yaml(text.encode("utf-8"), path).data
    except SourceError as exc:
        raise CredregError(f"{exc.problem.where()}: {exc.problem.message}",
                           "fix the file (`credreg check` names the problem) and run the command again") from None
    data = data if isinstance(data, dict) else {}
    return {key: list(data.get(key) or []) for key in ("revocations", "kept")}


def _before(text: str | None, path: str) -> dict[str, list[Any]]:
    return _lists(text, path) if text is not None else {"revocations": [], "kept": []}


@cache
def _reason_limit(section: str) -> int:
    """The schema's length limit of a reason in `section` (what the check enforces as `too-long`)."""
    limit: int = schema_for(FileKind.REVOCATIONS)["properties"][section]["items"]["properties"]["reason"]["maxLength"]
    return limit


def _checked_reason(reason: str, section: str, old: dict[str, list[Any]]) -> None:
    """Refuse (a command-line value: exit 2) a reason the check would refuse where the new entry lands."""
    for code, message in text_findings(reason, (section, len(old[section]), "reason"), _reason_limit(section)):
        raise UsageError(f"--reason: {message}", "shorten it" if code == "too-long" else f"remove it: {HIDDEN_WHY}")


def _added(old: dict[str, list[Any]], after: str, path: str, section: str, credential_id: str) -> str:
    """`after`, once read back as the lists `old` with one entry for `credential_id` added to `section`."""
    try:
        new = _lists(after, path)
    except CredregError:
        new = {}  # the file parses, but not once the entry is added where credreg adds it
    other = "kept" if section == "revocations" else "revocations"
    if (not new or new[other] != old[other] or new[section][:-1] != old[section] or not new[section]
            or new[section][-1].get("credential") != credential_id):
        raise CredregError(f"{path} is not laid out as credreg writes it: the new entry would not land in its "
                           f"`{section}:` list", "write `revocations:` first and `kept:` last, each as a block list "
                           "of `- credential: …` entries, then run the command again")
    return after


def _comments_above(text: str, end: int) -> int:
    """Where the run of top-level comment and blank lines just above the line starting at `end` begins."""
    start = end
    while start > 0:
        line_start = text.rfind("\n", 0, start - 1) + 1
        line = text[line_start:start - 1]
        if line.strip() and not line.startswith("#"):
            break
        start = line_start
    return start


def _ended(text: str | None) -> str:
    text = HEADER if text is None else text
    return text if text.endswith("\n") else text + "\n"


def with_revocation(text: str | None, path: str, credential_id: str, when: datetime, reason: str) -> str:
    """`text` (None: no file yet) with a revocation appended to `revocations:`, before any `kept:` section and
    the comment lines above it (which describe `kept:`, not the last revocation)."""
    old = _before(text, path)
    _checked_reason(reason, "revocations", old)
    base = _ended(text)
    entry = _entry(credential_id, "revokedAt", when, reason)
    found = _KEPT.search(base)
    cut = _comments_above(base, found.start()) if found else len(base)
    after = base[:cut] + entry + base[cut:]
    return _added(old, after, path, "revocations", credential_id)


def with_kept(text: str | None, path: str, credential_id: str, when: datetime, reason: str) -> str:
    """`text` with a decision appended to the `kept:` section, which is added at the end when there is none."""
    old = _before(text, path)
    _checked_reason(reason, "kept", old)
    base = _ended(text)
    entry = _entry(credential_id, "keptAt", when, reason)
    after = base + entry if _KEPT.search(base) else base + KEPT_HEADER + entry
    return _added(old, after, path, "kept", credential_id)
