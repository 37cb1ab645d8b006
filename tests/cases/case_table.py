"""The shared case table (tests/cases/<topic>/<name>.json): reading cases and their SOURCEs, and judging a result.

Both runners use it: test_cases_python.py (the Python verifier) and test_cases_node.py (the browser core under
node, through tests/js/verify-cases.mjs). README.md in this folder documents the format. A case is any JSON
object with an "expect" member directly in a topic folder; every other file there is data a case refers to.
"""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from registry.errors import FetchError, InputError, UnreadableDocument
from registry.load.json_source import read_json
from registry.verify.fetch import Fetcher
from registry.verify.identity import KnownIssuers, load_trust, parse_trust_list
from registry.verify.report import verify_sources
from registry.verify.steps import VerificationResult

CASES = Path(__file__).resolve().parent
OUTCOMES = {"pass": "PASS", "fail": "FAIL", "warning": "WARN", "unknown": "UNKNOWN"}
VERDICTS = ("valid", "invalid", "cannot verify", "not issued to this email", "revoked", "suspended", "expired",
            "not yet valid", "status unknown", "issuer not verified")
KEYS = {"name", "about", "credential", "documents", "now", "recipient", "siteUrl", "trust", "expect", "browser"}
SOURCE_KINDS = ("file", "json", "text", "base64", "status", "url")


class CaseError(Exception):
    """A case file that does not follow the format (README.md)."""


@dataclass(frozen=True)
class Case:
    """One case file, checked against the format; `expect` is the Python expectation, `browser` the node one."""

    id: str  # <topic>/<name>
    path: Path
    data: dict[str, Any]
    expect: dict[str, Any]
    browser: dict[str, Any]

    @property
    def folder(self) -> Path:
        return self.path.parent


def _expectation(value: Any, where: str) -> dict[str, Any]:
    if not isinstance(value, dict) or set(value) - {"verdict", "steps"}:
        raise CaseError(f"{where} must be an object with `verdict` and `steps`")
    steps = value.get("steps", {})
    if not isinstance(steps, dict):
        raise CaseError(f"{where}.steps must map step names to outcomes")
    for name, outcome in steps.items():
        outcomes = outcome if isinstance(outcome, list) else [outcome]
        if outcome is not None and (not outcomes or any(o not in OUTCOMES for o in outcomes)):
            raise CaseError(f"{where}.steps[{name!r}] must be one of {sorted(OUTCOMES)} (or a list of them)")
    if "verdict" in value and value["verdict"] not in VERDICTS:
        raise CaseError(f"{where}.verdict {value['verdict']!r} is not one of {VERDICTS}")
    return value


def _check_source(source: Any, where: str, credential: bool = False) -> None:
    kinds = [k for k in SOURCE_KINDS if isinstance(source, dict) and k in source]
    if len(kinds) != 1 or (kinds[0] == "url" and not credential) or (kinds[0] == "status" and credential):
        raise CaseError(f"{where} must be a SOURCE: one of {{file}}, {{json}}, {{text}}, {{base64}}, "
                        + ("{url}" if credential else "{status}"))


def load_case(path: Path) -> Case:
    """The case in `path`, its format checked; CaseError says what is wrong."""
    data = json.loads(path.read_text(encoding="utf-8"))
    case_id = f"{path.parent.name}/{path.stem}"
    if set(data) - KEYS:
        raise CaseError(f"{case_id}: unknown members {sorted(set(data) - KEYS)}")
    if data.get("name") != path.stem:
        raise CaseError(f"{case_id}: `name` must be the file's name without .json ({path.stem!r})")
    if not isinstance(data.get("about"), str) or not data["about"]:
        raise CaseError(f"{case_id}: `about` (one line saying what the case shows) is missing")
    if not isinstance(data.get("now"), str):
        raise CaseError(f"{case_id}: `now` (the verifier's clock, a date-time) is missing")
    _check_source(data.get("credential"), f"{case_id}: credential", credential=True)
    for url, source in (data.get("documents") or {}).items():
        _check_source(source, f"{case_id}: documents[{url!r}]")
    for i, source in enumerate(data.get("trust") or []):
        _check_source(source, f"{case_id}: trust[{i}]")
    expect = _expectation(data["expect"], f"{case_id}: expect")
    if "verdict" not in expect:
        raise CaseError(f"{case_id}: expect.verdict is missing")
    browser = dict(expect, steps=dict(expect.get("steps", {})))
    if "browser" in data:
        override = data["browser"]
        if not isinstance(override, dict) or not isinstance(override.get("why"), str) or not override["why"]:
            raise CaseError(f"{case_id}: a `browser` override must say `why` the browser legitimately differs")
        extra = _expectation(override.get("expect", {}), f"{case_id}: browser.expect")
        browser["verdict"] = extra.get("verdict", browser["verdict"])
        for name, outcome in extra.get("steps", {}).items():
            if outcome is None:
                browser["steps"].pop(name, None)
            else:
                browser["steps"][name] = outcome
    return Case(case_id, path, data, expect, browser)


def case_files() -> list[Path]:
    """Every case of every topic folder (any folder of tests/cases), in a stable order."""
    found = []
    for path in sorted(CASES.glob("*/*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue  # data a case refers to need not be JSON
        if isinstance(data, dict) and "expect" in data:
            found.append(path)
        elif isinstance(data, dict) and {"credential", "about", "now"} & set(data):
            raise CaseError(f"{path.parent.name}/{path.name} looks like a case but has no `expect`")
    return found


def source_bytes(source: dict[str, Any], folder: Path) -> bytes | None:
    """The bytes a SOURCE stands for (None for {"status": n}); {"file"} is relative to the case's folder."""
    if "file" in source:
        return (folder / source["file"]).read_bytes()
    if "json" in source:
        return json.dumps(source["json"]).encode("utf-8")
    if "text" in source:
        return str(source["text"]).encode("utf-8")
    if "base64" in source:
        return base64.b64decode(source["base64"], validate=True)
    return None


def mismatches(expect: dict[str, Any], verdict: str, steps: list[tuple[str, str]]) -> list[str]:
    """What differs between an expectation and a result (verdict, [(step name, python outcome word)]).

    Every named step must be there with its outcome (a list: every step of that name, in order); every FAIL or
    UNKNOWN step must be named, so nothing fails unannounced.
    """
    problems = []
    if verdict != expect["verdict"]:
        problems.append(f"verdict {verdict!r}, expected {expect['verdict']!r}")
    named = expect.get("steps", {})
    for name, want in named.items():
        got = [outcome for step, outcome in steps if step == name]
        wanted = want if isinstance(want, list) else [want] * max(1, len(got))
        if got != wanted:
            problems.append(f"step {name!r}: {got or 'absent'}, expected {wanted}")
    for step, outcome in steps:
        if outcome in ("fail", "unknown") and step not in named:
            problems.append(f"step {step!r} is {outcome} but the case does not name it")
    return problems


# --- the Python side: a case through the entry `credreg verify` uses ----------------------------------------

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
    """What the page's registry and `--trust` would give: the siteUrl's issuer index first, then each trust list.

    As on the /verify/ page, a siteUrl whose index cannot be read still binds its own did:web issuers (it serves
    their DID documents); a trust list of the case that cannot be used is an error in the case.
    """
    known, unread, why = [], "", ""
    site = case.data.get("siteUrl")
    if site:
        try:
            known += load_trust(f"{site}api/issuers.json", fetcher)
        except InputError as exc:
            unread, why = site, f"this registry's issuer index could not be read ({exc.message})"
    for number, source in enumerate(case.data.get("trust") or []):
        raw = source_bytes(source, case.folder)
        assert raw is not None, f"{case.id}: trust[{number}] cannot be a status"
        known += parse_trust_list(read_json(raw, f"trust[{number}]"), f"trust[{number}]")
    return KnownIssuers.of(known, unread, why)


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
    (result,) = verify_sources([source], fetcher, now, case.data.get("recipient"), known_issuers(case, fetcher))
    return result
