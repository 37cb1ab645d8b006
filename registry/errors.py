"""The one error base class and the problem value every stage reports.

Stages collect `Problem` values so that one run lists every problem at once;
a library call that must fail raises a subclass of `CredregError`.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Severity(str, Enum):
    """How bad a problem is; `--strict` treats warnings as errors."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the registry, located in a file, with a hint to fix it.

    `code` is stable and documented in the README; `file` is relative to the
    registry root with forward slashes; `line`/`column` are 1-based (0 = unknown).
    """

    file: str
    line: int
    column: int
    code: str
    message: str
    hint: str = ""
    severity: Severity = Severity.ERROR

    def to_dict(self) -> dict[str, object]:
        """The stable machine-readable form used by `--format json`."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "hint": self.hint,
        }

    def where(self) -> str:
        """`file:line:column`, leaving out what is unknown."""
        out = self.file or "<registry>"
        if self.line:
            out += f":{self.line}"
            if self.column:
                out += f":{self.column}"
        return out


class CredregError(Exception):
    """Base class of every error credreg raises on purpose.

    The CLI catches only this class: anything else is a bug and keeps its traceback.
    """

    def __init__(self, message: str, hint: str = "", problems: tuple[Problem, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.problems = problems

    def diagnostics(self) -> str:
        """The message and hint as a user should read them."""
        text = self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class UsageError(CredregError):
    """The command line asked for something impossible (exit code 2)."""


class LoadError(CredregError):
    """A source file cannot be read or parsed."""


class InputError(CredregError):
    """Untrusted bytes (a file, a fetched URL, a key file) cannot be read as a bounded JSON document."""


class CryptoError(CredregError):
    """A key, signature or proof is malformed or does not verify."""


class ContextNotBundled(CryptoError):
    """JSON-LD processing asked for a context that is not shipped with credreg."""
