"""Read `credreg verify --format json` reports: each result is one verification of one credential.

A report is `{"version": 1, "valid": …, "results": [{"source", "id", "verdict", "valid", "steps"}, …]}`
(registry/verify/report.py); one report may hold many credentials. A file that is not such a report is refused
naming the file and the result, never half-read. Bounded: at most MAX_REPORTS files of MAX_REPORT_BYTES each.
"""
from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..model.verification import Verdict
from .problems import PilotInputError

MAX_REPORTS = 200
MAX_REPORT_BYTES = 32 * 1024 * 1024  # about 15,000 credentials' results
MAX_VERIFICATIONS = 200_000  # over all reports
MAX_TEXT = 4096  # characters of a result's source or id (a path or URL), as the report pages show them
VERDICTS = {v.value for v in Verdict}
REPORT_HINT = "give the output of `credreg verify --format json FILE|URL…` saved to a file, unchanged"
_CREDENTIAL_FILE = re.compile(r"(?:^|/)([a-z0-9]+(?:-[a-z0-9]+)*)\.json$")


@dataclass(frozen=True)
class Verification:
    """One credential verified once: where the report is, and what the verifier said."""

    report: str
    index: int  # position in the report's results
    source: str
    credential_id: str | None
    verdict: str

    @property
    def failed(self) -> bool:
        """Anything but valid is a failure: the recruiter could not rely on the credential."""
        return self.verdict != Verdict.VALID.value

    def keys(self) -> frozenset[str]:
        """What an outcomes row's `credential` may say to mean this credential: its URL, its id (the file name
        of a /credentials/<id>.json URL or of the verified file), or the https URL it was verified from."""
        keys = set()
        for text in (self.credential_id, self.source):
            if text is None:
                continue
            if text.startswith("https://"):
                keys.add(text)
            match = _CREDENTIAL_FILE.search(text.split("?", 1)[0].split("#", 1)[0])
            if match:
                keys.add(match.group(1))
        return frozenset(keys)


def read_reports(paths: Sequence[Path], names: Sequence[str] | None = None) -> tuple[Verification, ...]:
    """Every verification in the reports at `paths`, in order; PilotInputError at the first report that is not one."""
    if len(paths) > MAX_REPORTS:
        raise PilotInputError(str(paths[MAX_REPORTS]), 0, "", f"more than {MAX_REPORTS} verify reports",
                              "verify many credentials in one `credreg verify` run: one report holds them all")
    out: list[Verification] = []
    for number, path in enumerate(paths):
        name = names[number] if names else str(path)
        out += _report(path, name)
        if len(out) > MAX_VERIFICATIONS:
            raise PilotInputError(name, 0, "", f"more than {MAX_VERIFICATIONS:,} verifications in all",
                                  "give the reports of the pilot's 90 days only")
    return tuple(out)


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise ValueError(f"key {key!r} appears twice in one object")
        out[key] = value
    return out


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _load(path: Path, name: str) -> Any:
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_REPORT_BYTES + 1)
    except OSError as exc:
        raise PilotInputError(name, 0, "", f"cannot be read ({exc.strerror or exc})", REPORT_HINT) from None
    if len(raw) > MAX_REPORT_BYTES:
        raise PilotInputError(name, 0, "", f"the report is over {MAX_REPORT_BYTES:,} bytes",
                              "split the credentials over several `credreg verify` runs")
    try:
        return json.loads(raw.decode("utf-8-sig"), object_pairs_hook=_no_duplicate_keys,
                          parse_constant=_refuse_constant)
    except UnicodeDecodeError:
        raise PilotInputError(name, 0, "", "not a verify report: not UTF-8 text", REPORT_HINT) from None
    except json.JSONDecodeError as exc:
        raise PilotInputError(name, exc.lineno, "", f"not a verify report: not JSON ({exc.msg})", REPORT_HINT) from None
    except (ValueError, RecursionError) as exc:
        message = str(exc) if isinstance(exc, ValueError) else "nested far too deep"
        raise PilotInputError(name, 0, "", f"not a verify report: {message}", REPORT_HINT) from None


def _report(path: Path, name: str) -> list[Verification]:
    data = _load(path, name)
    if not isinstance(data, dict) or "results" not in data or "version" not in data:
        raise PilotInputError(name, 0, "", "not a verify report: no version and results", REPORT_HINT)
    if data["version"] != 1:
        raise PilotInputError(name, 0, "version", f"{data['version']!r} is not a report version credreg reads (1)",
                              "make the report with this version of credreg")
    if not isinstance(data["results"], list):
        raise PilotInputError(name, 0, "results", "is not a list", REPORT_HINT)
    out = []
    for index, result in enumerate(data["results"]):
        where = f"results[{index}]"
        if not isinstance(result, dict):
            raise PilotInputError(name, 0, where, "is not a result object", REPORT_HINT)
        source, credential_id, verdict, valid = (result.get(k) for k in ("source", "id", "verdict", "valid"))
        if not isinstance(source, str) or not source:
            raise PilotInputError(name, 0, where + ".source", "is missing or not a text", REPORT_HINT)
        if credential_id is not None and not isinstance(credential_id, str):
            raise PilotInputError(name, 0, where + ".id", "is neither a text nor null", REPORT_HINT)
        for key, text in (("source", source), ("id", credential_id or "")):
            if len(text) > MAX_TEXT:
                raise PilotInputError(name, 0, f"{where}.{key}", f"is over {MAX_TEXT:,} characters",
                                      "a file name or URL is far shorter: the report was not made by credreg verify")
        if verdict not in VERDICTS:
            shown = repr(verdict)[:60]
            raise PilotInputError(name, 0, where + ".verdict", f"{shown} is not a verdict of `credreg verify`",
                                  REPORT_HINT)
        if valid is not (verdict == Verdict.VALID.value):
            raise PilotInputError(name, 0, where + ".valid", f"{valid!r} contradicts the verdict {verdict!r}",
                                  "the report was edited: verify the credentials again")
        out.append(Verification(name, index, source, credential_id, verdict))
    return out
