"""Run verification over files and URLs and print it the way a verifier's log reads."""
from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from ..errors import InputError, UnreadableDocument
from ..load.json_source import read_bounded, read_json
from .fetch import Fetcher, FetchError
from .identity import NO_KNOWN_ISSUERS, KnownIssuers
from .steps import MEANING, Outcome, Step, Verdict, VerificationResult
from .verifier import KeyPolicy, verify_credential

_MARK = {Outcome.PASS: "PASS", Outcome.FAIL: "FAIL", Outcome.WARN: "WARN", Outcome.UNKNOWN: "????"}


def _load(source: str, fetcher: Fetcher) -> object:
    if source.startswith(("https://", "http://")):
        return fetcher.get(source)
    path = Path(source)
    if not path.is_file():
        raise FetchError(f"{source}: no such file", "give a credential file or an https URL")
    try:
        return read_json(read_bounded(path), source)
    except InputError as exc:
        raise FetchError(f"{source} is not a readable JSON credential: {exc.message}", exc.hint) from None


def verify_sources(sources: Sequence[str], fetcher: Fetcher, now: datetime, recipient: str | None = None,
                   key_policy: KeyPolicy | None = None, known: KnownIssuers = NO_KNOWN_ISSUERS
                   ) -> list[VerificationResult]:
    """One result per source; a source that cannot be read is a failed result, not an exception: a URL that
    cannot be fetched is UNKNOWN (CANNOT_VERIFY, nothing was checked); a file or answer that is not a credential FAIL."""
    results = []
    for source in sources:
        with fetcher.credential_budget():  # fetching the credential and everything it needs share one budget
            try:
                document = _load(source, fetcher)
            except FetchError as exc:
                unreachable = source.startswith(("https://", "http://")) and not isinstance(exc, UnreadableDocument)
                results.append(VerificationResult(source, None, (
                    Step("load", Outcome.UNKNOWN, exc.message, Verdict.CANNOT_VERIFY) if unreachable
                    else Step("load", Outcome.FAIL, exc.message),)))
                continue
            results.append(verify_credential(document, fetcher=fetcher, now=now, source=source,
                                             recipient=recipient, key_policy=key_policy, known=known))
    return results


def render_results(results: Sequence[VerificationResult], fmt: str) -> str:
    """Text: one block per credential with a line per step; JSON: a stable list of results."""
    if fmt == "json":
        return json.dumps({"version": 1, "valid": all(r.ok for r in results),
                           "results": [r.to_dict() for r in results]}, indent=2, ensure_ascii=False)
    blocks = []
    for result in results:
        lines = [f"{result.source}" + (f"  ({result.credential_id})" if result.credential_id else "")]
        lines += [f"  [{_MARK[s.outcome]}] {s.name}: {s.detail}" for s in result.steps]
        lines.append(f"  => {result.verdict.value.upper()}: {MEANING[result.verdict]}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
