"""Scaffold placeholders left in a registry file: warnings, so `--strict` (CI) refuses to publish them.

`credreg new` and `credreg init` write files that check clean, so that a newcomer can build at once;
what they leave to fill in is listed here, and the scaffold templates use exactly these values
(tests/validate/test_placeholders.py holds the two together).
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from ..errors import DocPath, Problem, Severity
from ..load.source import SourceDocument

PLACEHOLDER_DOMAINS = ("example.org", "example.com", "example.net")  # RFC 2606: never a real issuer's site
PLACEHOLDER_LOGIN, PLACEHOLDER_ID = "your-github-login", 1
PLACEHOLDER_TEXT = {  # what a template writes → what to put there instead
    "Describe your organisation here": "say who you train or hire and how you check skills",
    "Describe what a holder of this badge can do": "say, in a recruiter's words, what a holder can do",
    "Your skills framework": "name the framework this skill is from (ESCO, O*NET, SFIA, your own)",
    "Name of one skill this badge shows": "name a skill this badge shows, as the framework names it",
    "Complete the assessed project.": "say how a candidate earns this badge",
}


def _placeholder_domain(host: str) -> bool:
    return any(host == d or host.endswith("." + d) for d in PLACEHOLDER_DOMAINS)


def _texts(data: Any, path: DocPath = ()) -> Iterator[tuple[DocPath, str]]:
    """Every text value of a document, with its path."""
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _texts(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _texts(value, (*path, index))


def _warning(doc: SourceDocument, path: DocPath, message: str, hint: str) -> Problem:
    where = ".".join(str(part) for part in path)
    return doc.problem("placeholder", f"{where} is still the scaffold's placeholder: {message}", hint, path, Severity.WARNING)


def maintainer_placeholders(doc: SourceDocument) -> list[Problem]:
    """The scaffold's maintainer (`your-github-login`, id 1) in an issuer.yaml or registry.yaml."""
    entries = doc.data.get("maintainers") if isinstance(doc.data, dict) else None
    return [_warning(doc, ("maintainers", index), f"{entry.get('login')!r} with id {entry.get('id')}",
                     "list your GitHub account: its login and numeric id (https://api.github.com/users/<login>)")
            for index, entry in enumerate(entries if isinstance(entries, list) else [])
            if isinstance(entry, dict) and (entry.get("login") == PLACEHOLDER_LOGIN or entry.get("id") == PLACEHOLDER_ID)]


def placeholder_problems(doc: SourceDocument) -> list[Problem]:
    """Every scaffold placeholder left in an issuer or badge class file (warnings)."""
    out = maintainer_placeholders(doc)
    for path, text in _texts(doc.data):
        if path in (("url",), ("email",)):
            host = (urlsplit(text).hostname or "") if path == ("url",) else text.rpartition("@")[2].lower()
            if _placeholder_domain(host):
                out.append(_warning(doc, path, f"{text} is a reserved example address",
                                    f"give your organisation's real {'website' if path == ('url',) else 'address'}"))
            continue
        for placeholder, hint in PLACEHOLDER_TEXT.items():
            if placeholder in text:
                out.append(_warning(doc, path, repr(placeholder), hint))
    return out
