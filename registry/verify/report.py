"""Run verification over files and URLs and print it the way a verifier's log reads."""
from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from ..errors import InputError, UnreadableDocument
from ..load.json_source import read_json
from .containers import MAX_CONTAINER_BYTES, Extracted, extract
from .endorsements import endorsement_note, endorsement_summary
from .fetch import Fetcher, FetchError
from .fetch_raw import fetch_bytes, parse_fetched_json
from .identity import NO_KNOWN_ISSUERS, KnownIssuers
from .steps import MEANING, Outcome, Step, Verdict, VerificationResult
from .verifier import verify_document

_MARK = {Outcome.PASS: "PASS", Outcome.FAIL: "FAIL", Outcome.WARN: "WARN", Outcome.UNKNOWN: "????"}


def _load(source: str, fetcher: Fetcher) -> Extracted:
    """The credential a file or URL holds, told apart by its content (JSON, JWT, baked PNG or SVG)."""
    if source.startswith(("https://", "http://")):
        raw, name = fetch_bytes(fetcher, source)
        return _extract(raw, source, lambda data: parse_fetched_json(data, source, name))
    path = Path(source)
    if not path.is_file():
        raise FetchError(f"{source}: no such file", "give a credential file or an https URL")
    with path.open("rb") as handle:
        raw = handle.read(MAX_CONTAINER_BYTES + 1)  # one byte more, so an oversized file is refused as such

    def parse(data: bytes) -> object:
        try:
            return read_json(data, source)
        except InputError as exc:
            raise FetchError(f"{source} is not a readable JSON credential: {exc.message}", exc.hint) from None

    return _extract(raw, source, parse)


def _extract(raw: bytes, source: str, parse: Callable[[bytes], object]) -> Extracted:
    try:
        return extract(raw, source, parse)
    except InputError as exc:
        raise ContainerError(exc.message, exc.hint) from None


class ContainerError(FetchError):
    """The source was read, but holds no credential: reported as the `container` step."""


def verify_sources(sources: Sequence[str], fetcher: Fetcher, now: datetime, recipient: str | None = None,
                   known: KnownIssuers = NO_KNOWN_ISSUERS
                   ) -> list[VerificationResult]:
    """One result per source; a source that cannot be read is a failed result, not an exception: a URL that
    cannot be fetched is UNKNOWN (CANNOT_VERIFY, nothing was checked); a file or answer that is not a credential FAIL."""
    results = []
    for source in sources:
        with fetcher.credential_budget():  # fetching the credential and everything it needs share one budget
            try:
                document = _load(source, fetcher)
            except ContainerError as exc:
                results.append(VerificationResult(source, None, (Step("container", Outcome.FAIL, exc.message),)))
                continue
            except FetchError as exc:
                unreachable = source.startswith(("https://", "http://")) and not isinstance(exc, UnreadableDocument)
                results.append(VerificationResult(source, None, (
                    Step("load", Outcome.UNKNOWN, exc.message, Verdict.CANNOT_VERIFY) if unreachable
                    else Step("load", Outcome.FAIL, exc.message),)))
                continue
            results.append(verify_document(document, fetcher=fetcher, now=now, source=source,
                                           recipient=recipient, known=known))
    return results


def _result_json(result: VerificationResult) -> dict[str, Any]:
    """One result's JSON form, with its embedded endorsements (whether each holds) when it has any: beside the
    verdict, as the text form's `but …` line is."""
    found = result.to_dict()
    endorsements = endorsement_summary(result.steps)
    if endorsements:
        found["endorsements"] = endorsements
        found["endorsementNote"] = endorsement_note(result.steps)
    return found


def render_results(results: Sequence[VerificationResult], fmt: str) -> str:
    """Text: one block per credential with a line per step; JSON: a stable list of results."""
    if fmt == "json":
        return json.dumps({"version": 1, "valid": all(r.ok for r in results),
                           "results": [_result_json(r) for r in results]}, indent=2, ensure_ascii=False)
    blocks = []
    for result in results:
        lines = [f"{result.source}" + (f"  ({result.credential_id})" if result.credential_id else "")]
        lines += [f"  [{_MARK[s.outcome]}] {s.name}: {s.detail}" for s in result.steps]
        lines.append(f"  => {result.verdict.value.upper()}: {MEANING[result.verdict]}")
        note = endorsement_note(result.steps)
        if note:
            lines.append(f"     but {note}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)
