"""The registry's source layout: where each kind of file sits in a checkout, in one place.

The layout is fixed, so a file's place says what it is (`classify`) and which issuer and
badge class it belongs to; the same templates build every source path a command writes.
The published layout is `SiteUrls`' (urls.py): files served on the site derive their paths
from the URLs they serve, never from this one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

DATA_FOLDERS = ("issuers", "credentials")
REGISTRY_FILE = "registry.yaml"  # the registry maintainers' decisions, at the root
MKDOCS_FILE = "mkdocs.yml"  # the site configuration, whose site_url fixes every URL and DID
STATUS_LIST_NUMBER = 1  # every issuer has one revocation list (131,072 entries) for now


class FileKind(str, Enum):
    """What a registry file is, decided by where it sits."""

    ISSUER = "issuer"
    BADGE = "badge"
    RUBRIC = "rubric"
    AWARD = "award"
    REVOCATIONS = "revocations"
    STATUS_LIST = "status-list"
    IMAGE = "image"
    KEY_STATEMENT = "key-statement"  # a new key's statement, signed by a key the issuer already had
    ENDORSEMENT = "endorsement"  # an EndorsementCredential the issuer signed about another issuer's badge class
    REGISTRY = "registry"  # REGISTRY_FILE at the root, read on its own (it belongs to no issuer)


@dataclass(frozen=True)
class SourceFile:
    """One registry file: its kind, its path relative to the root, and the ids its place implies."""

    kind: FileKind
    path: str
    issuer_id: str
    badge_id: str = ""
    stem: str = ""  # rubric version "v2", award or status list file name without extension, image file name


# Each kind's place, as a template of {issuer}, {badge} and {stem}; `classify` and the builders read these.
_TEMPLATES: tuple[tuple[FileKind, str, str], ...] = (
    (FileKind.ISSUER, "issuers/{issuer}/issuer.yaml", ""),
    (FileKind.IMAGE, "issuers/{issuer}/{stem}", r"[^/]+\.(?:svg|png)"),
    (FileKind.KEY_STATEMENT, "issuers/{issuer}/keys/{stem}.json", r"[^/]+"),
    (FileKind.REVOCATIONS, "credentials/{issuer}/revocations.yaml", ""),
    (FileKind.STATUS_LIST, "credentials/{issuer}/status/{stem}.json", r"[^/]+"),
    (FileKind.ENDORSEMENT, "credentials/{issuer}/endorsements/{stem}.json", r"[^/]+"),
    (FileKind.BADGE, "credentials/{issuer}/{badge}/badge.yaml", ""),
    (FileKind.IMAGE, "credentials/{issuer}/{badge}/{stem}", r"[^/]+\.(?:svg|png)"),
    (FileKind.RUBRIC, "credentials/{issuer}/{badge}/rubrics/{stem}.yaml", r"[^/]+"),
    (FileKind.AWARD, "credentials/{issuer}/{badge}/awards/{stem}.json", r"[^/]+"),
)


def _pattern(template: str, stem: str) -> re.Pattern[str]:
    text = re.escape(template).replace(r"\{issuer\}", "(?P<issuer>[^/]+)").replace(r"\{badge\}", "(?P<badge>[^/]+)")
    return re.compile(text.replace(r"\{stem\}", f"(?P<stem>{stem})"))


_PATTERNS = tuple((_pattern(template, stem), kind) for kind, template, stem in _TEMPLATES)

EXPECTED = (
    "issuers/<issuer>/issuer.yaml, its image, keys/<key-id>.json; credentials/<issuer>/revocations.yaml, status/<n>.json; "
    "credentials/<issuer>/<badge>/badge.yaml, its image, rubrics/v<N>.yaml, awards/<credential-id>.json"
)


def classify(path: str) -> SourceFile | None:
    """The kind of the file at `path` (relative, forward slashes), or None for a stray file."""
    for pattern, kind in _PATTERNS:
        m = pattern.fullmatch(path)
        if m:
            groups = m.groupdict()
            return SourceFile(kind, path, groups["issuer"], groups.get("badge") or "", groups.get("stem") or "")
    return None


def issuer_folder(issuer_id: str) -> str:
    """`issuers/<issuer>`: the issuer's profile, logo and public keys."""
    return f"issuers/{issuer_id}"


def credentials_folder(issuer_id: str) -> str:
    """`credentials/<issuer>`: the issuer's badge classes, awards, revocations and status lists."""
    return f"credentials/{issuer_id}"


def badge_folder(issuer_id: str, badge_id: str) -> str:
    """`credentials/<issuer>/<badge>`: one badge class with its rubrics and awards."""
    return f"credentials/{issuer_id}/{badge_id}"


def issuer_file(issuer_id: str) -> str:
    """The issuer's profile."""
    return f"{issuer_folder(issuer_id)}/issuer.yaml"


def key_statement_file(issuer_id: str, key_id: str) -> str:
    """The statement that introduced key `key_id`, signed by a key the issuer held before it."""
    return f"{issuer_folder(issuer_id)}/keys/{key_id}.json"


def badge_file(issuer_id: str, badge_id: str) -> str:
    """A badge class definition."""
    return f"{badge_folder(issuer_id, badge_id)}/badge.yaml"


def rubric_file(issuer_id: str, badge_id: str, version: int | str) -> str:
    """One rubric version of a badge class (`version` 2 gives rubrics/v2.yaml)."""
    return f"{badge_folder(issuer_id, badge_id)}/rubrics/v{version}.yaml"


def award_file(issuer_id: str, badge_id: str, credential_id: str) -> str:
    """A signed award, named after its credential id."""
    return f"{badge_folder(issuer_id, badge_id)}/awards/{credential_id}.json"


def revocations_file(issuer_id: str) -> str:
    """The issuer's revocation records, from which its status list is signed."""
    return f"{credentials_folder(issuer_id)}/revocations.yaml"


def status_list_file(issuer_id: str, number: int | str = STATUS_LIST_NUMBER) -> str:
    """The issuer's signed status list `number`."""
    return f"{credentials_folder(issuer_id)}/status/{number}.json"


def endorsement_file(issuer_id: str, endorsement_id: str) -> str:
    """A signed endorsement, filed under its endorser (the issuer that signed it)."""
    return f"{credentials_folder(issuer_id)}/endorsements/{endorsement_id}.json"


def image_file(folder: str, image: str) -> str:
    """An image named in a profile or badge class, beside that file."""
    return f"{folder}/{image}"


def at(root: Path, relative: str) -> Path:
    """A layout path inside the checkout at `root`."""
    return root.joinpath(*relative.split("/"))
