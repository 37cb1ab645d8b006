"""What the endorsement tests share: a registry with an accreditor and a partner, real endorsements signed by
`credreg endorse`'s library call, and hostile ones re-signed with the endorser's real key.

Every key is a fixture key (`support.fixture_signing_key`) with a public seed: test use only.
"""
from __future__ import annotations

import json
import random
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from support import RUBRIC, SVG, fixture_signing_key, issuer_yaml, signing_files, write_tree

from registry.award import endorse, issue
from registry.check import CheckResult, check_registry
from registry.errors import Problem
from registry.keys.sign import sign
from registry.urls import SiteUrls

COUNCIL, PARTNER = "council", "globex"
SIGNED = datetime(2026, 2, 1, 9, 0, tzinfo=timezone.utc)  # when the fixture endorsements are signed
ACCEPTS = f"acceptsEndorsementFrom: [{COUNCIL}]\n"
RUBRIC_V2 = RUBRIC.replace('version: 1\npublished: "2026-01-10"', 'version: 2\npublished: "2026-01-20"')


def endorsement_files() -> dict[str, str | bytes]:
    """`signing_files()` plus an accreditor, "council", whose endorsements acme/intro-python accepts (it has
    rubric versions 1 and 2); acme/python-developer accepts globex's (co-branding); acme the issuer accepts
    the council's."""
    files = dict(signing_files())
    key = fixture_signing_key(COUNCIL).public_multibase
    files[f"issuers/{COUNCIL}/issuer.yaml"] = issuer_yaml("Council Accreditation", key, kind="accreditor")
    files[f"issuers/{COUNCIL}/logo.svg"] = SVG
    files["issuers/acme/issuer.yaml"] = str(files["issuers/acme/issuer.yaml"]) + ACCEPTS
    files["credentials/acme/intro-python/badge.yaml"] = str(files["credentials/acme/intro-python/badge.yaml"]) + ACCEPTS
    files["credentials/acme/intro-python/rubrics/v2.yaml"] = RUBRIC_V2
    path = "credentials/acme/python-developer/badge.yaml"
    files[path] = str(files[path]) + f"acceptsEndorsementFrom: [{PARTNER}]\n"
    return files


def endorsement_registry(root: Path) -> Path:
    """The registry of `endorsement_files()` written at `root`."""
    return write_tree(root, endorsement_files())


def context(root: Path, issuer_id: str, now: datetime, key_id: str = "key-1") -> issue.Context:
    """The registry at `root` opened for signing by `issuer_id`'s fixture key."""
    return issue.open_registry(root, fixture_signing_key(issuer_id, key_id), now)


def endorse_for(root: Path, subject: str, when: datetime = SIGNED, *, endorser: str = COUNCIL,
                comment: str = "Assessment re-marked blind on 20 awards.", seed: int = 7,
                **request: Any) -> Path:
    """One real endorsement of `subject` by `endorser`, signed at `when` by `credreg endorse`'s library call."""
    ctx = context(root, endorser, when)
    return endorse.endorse(ctx, endorse.EndorseRequest(subject, comment, **request), when, random.Random(seed))


def unsigned(path: Path) -> dict[str, Any]:
    """A signed file's document without its proofs."""
    return {k: v for k, v in json.loads(path.read_text(encoding="utf-8")).items() if k != "proof"}


def resign(path: Path, edit: Callable[[dict[str, Any]], None], signer: str, when: datetime,
           key_id: str = "key-1", site_url: str = "https://registry.test/") -> dict[str, Any]:
    """Edit the unsigned document of the signed file at `path` and sign it again with `signer`'s real key, so
    its signature holds and only the registry's rules can refuse it; written back, and returned."""
    doc = unsigned(path)
    edit(doc)
    signed = sign(doc, fixture_signing_key(signer, key_id), SiteUrls(site_url), when)
    path.write_text(json.dumps(signed, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return signed


def check(root: Path, cache: Path | None = None) -> CheckResult:
    """The full check of the registry at `root` (signatures too), without a cache unless one is given."""
    return check_registry(root, cache_dir=cache, use_cache=cache is not None, workers=1)


def errors(result: CheckResult) -> list[Problem]:
    """The check's errors (warnings left out)."""
    return [p for p in result.problems if p.severity == "error"]


def located(root: Path, rel: str, path: tuple[str | int, ...]) -> int:
    """The line of the JSON value at `path` in the file `rel` under `root`, as the check reports it."""
    from registry.load.json_source import load_json
    pos = load_json(Path(root, rel).read_bytes(), rel).locate(path)
    assert pos is not None, f"{path} is not in {rel}"
    return pos.line
