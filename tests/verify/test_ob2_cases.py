"""The shared case table's Open Badges 2.0 cases (tests/cases/ob2/*.json), run through verify_ob2 offline.

Each case's `documents` are the only URLs that answer; `{"status": N}` is one that does not. Until the
shared runner dispatches containers and formats, this runs the 2.0 cases directly.
"""
from __future__ import annotations

import base64
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from support import TESTS

from registry.verify.fetch import Fetcher
from registry.verify.ob2 import verify_ob2

CASES = sorted((TESTS / "cases" / "ob2").glob("*.json"))


def source(spec: dict[str, Any], here: Path) -> Any:
    """A case SOURCE: a file (JSON when it parses, else text), inline JSON or text, base64, or no answer."""
    if "file" in spec:
        raw = (here / spec["file"]).read_text(encoding="utf-8")
        try:
            return json.loads(raw)
        except ValueError:
            return raw
    if "json" in spec:
        return spec["json"]
    if "text" in spec:
        return spec["text"]
    if "base64" in spec:
        return base64.b64decode(spec["base64"]).decode("utf-8")
    return None  # {"status": 404}: the URL does not answer


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_ob2_case(path: Path) -> None:
    case = json.loads(path.read_text(encoding="utf-8"))
    assert case["name"] == path.stem and case["about"]
    documents = {url: source(spec, path.parent) for url, spec in case.get("documents", {}).items()}
    fetcher = Fetcher(local=lambda url: json.loads(json.dumps(documents.get(url))))
    result = verify_ob2(source(case["credential"], path.parent), fetcher=fetcher, source=path.name,
                        now=datetime.fromisoformat(case["now"].replace("Z", "+00:00")), recipient=case.get("recipient"))
    steps = {s.name: s.outcome.value for s in result.steps}
    assert (result.verdict.value, steps) == (case["expect"]["verdict"], case["expect"]["steps"]), \
        [s.to_dict() for s in result.steps]


def test_there_are_ob2_cases() -> None:
    assert {p.stem for p in CASES} >= {"hosted-valid", "hosted-revoked", "hosted-id-mismatch", "signed-valid"}
