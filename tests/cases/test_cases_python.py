"""The shared case table (tests/cases/*/*.json, README.md here) run by the Python verifier.

Each case goes through `verify_sources`, the entry `credreg verify` uses, with a Fetcher that answers only
from the case's `documents` (any other URL is HTTP 404; nothing touches the network). The issuers it trusts
are what the CLI would be given: the case's `siteUrl` stands for `--trust <siteUrl>api/issuers.json` (the
registry the page would be served by) and each of `trust` for a `--trust` file. The verdict and every named
step outcome must be exactly as the case says, and every failing step must be named.
"""
from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from case_table import Case, CaseError, case_files, load_case, mismatches, source_bytes

from registry.errors import FetchError, InputError, UnreadableDocument
from registry.load.json_source import read_json
from registry.verify.fetch import Fetcher
from registry.verify.identity import KnownIssuers, load_trust, parse_trust_list
from registry.verify.report import verify_sources
from registry.verify.steps import VerificationResult

# Cases whose Python expectation follows a rule another branch implements: removed once it is merged.
PENDING: dict[str, str] = {
    "registry/did-document-unreachable": "an unreachable key is UNKNOWN (cannot verify) once the suites branch's "
                                         "proof rule is in registry/verify/proofs.py; until then it FAILs",
}

FILES = case_files()


def answering(case: Case) -> Fetcher:
    """A Fetcher that answers from the case's documents only: {"status": n} and unknown URLs are HTTP errors."""
    documents: dict[str, Any] = case.data.get("documents") or {}

    def answer(url: str) -> Any:
        source = documents.get(url, {"status": 404})
        raw = source_bytes(source, case.folder)
        if raw is None:
            raise FetchError(f"cannot fetch {url}: the server answered HTTP {source['status']}",
                             "check the URL, or use --map URL_PREFIX=DIR with a local copy")
        try:
            return read_json(raw, url)
        except InputError as exc:
            raise UnreadableDocument(exc.message, exc.hint) from None

    return Fetcher(allow_network=False, local=answer)


def known_issuers(case: Case, fetcher: Fetcher) -> KnownIssuers:
    """What `--trust` would give: the siteUrl's issuer index first, then each trust list of the case."""
    known = []
    if case.data.get("siteUrl"):
        known += load_trust(f"{case.data['siteUrl']}api/issuers.json", fetcher)
    for number, source in enumerate(case.data.get("trust") or []):
        raw = source_bytes(source, case.folder)
        assert raw is not None, f"{case.id}: trust[{number}] cannot be a status"
        known += parse_trust_list(read_json(raw, f"trust[{number}]"), f"trust[{number}]")
    return KnownIssuers.of(known)


def run_case(case: Case, work: Path) -> VerificationResult:
    """The case through verify_sources, as `credreg verify SOURCE --trust …` would run it."""
    fetcher = answering(case)
    credential = case.data["credential"]
    if "url" in credential:
        source = credential["url"]
    else:
        raw = source_bytes(credential, case.folder)
        assert raw is not None
        path = work / "credential"  # no extension: the kind is told from the content
        path.write_bytes(raw)
        source = str(path)
    now = datetime.fromisoformat(case.data["now"].replace("Z", "+00:00"))
    (result,) = verify_sources([source], fetcher, now, case.data.get("recipient"), None,
                               known_issuers(case, fetcher))
    return result


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_case(path: Path, tmp_path: Path) -> None:
    case = load_case(path)
    if case.id in PENDING:
        pytest.xfail(PENDING[case.id])
    result = run_case(case, tmp_path)
    got = [(s.name, s.outcome.value) for s in result.steps]
    problems = mismatches(case.expect, result.verdict.value, got)
    assert not problems, f"{case.id} ({case.data['about']}):\n  " + "\n  ".join(problems) + "\n" + "\n".join(
        f"    [{s.outcome.value}] {s.name}: {s.detail}" for s in result.steps)


def test_every_topic_folder_is_read() -> None:
    """Cases of any topic are run: the table is not a fixed list of folders."""
    topics = {p.parent.name for p in FILES}
    assert {"registry", "identity", "verdicts"} <= topics, topics
    assert len(FILES) >= 15


@pytest.mark.parametrize("change, message", [
    ({"name": "other"}, "`name` must be the file's name"),
    ({"about": ""}, "`about` (one line"),
    ({"browser": {"expect": {"verdict": "valid"}}}, "must say `why`"),
    ({"expect": {"verdict": "fine"}}, "is not one of"),
    ({"expect": {"verdict": "valid", "steps": {"issuer": "ok"}}}, "must be one of"),
    ({"credential": {"status": 404}}, "credential must be a SOURCE"),
    ({"extra": 1}, "unknown members ['extra']"),
])
def test_malformed_cases_are_refused(tmp_path: Path, change: dict[str, Any], message: str) -> None:
    folder = tmp_path / "topic"
    folder.mkdir()
    case = {"name": "x", "about": "a case", "credential": {"json": {}}, "now": "2026-01-01T00:00:00Z",
            "expect": {"verdict": "invalid"}, **change}
    (folder / "x.json").write_text(json.dumps(case))
    with pytest.raises(CaseError, match=re.escape(message)):
        load_case(folder / "x.json")
