"""Every exception credreg defines, and the problem value every stage reports.

Stages collect `Problem` values so that one run lists every problem at once; a library call
that must fail raises a subclass of `CredregError`. The tree is shallow on purpose (as python-tuf's
`tuf.api.exceptions`): catch `CredregError` for "any failure credreg meant to report", or one
class below for one kind of failure. Each class says when it is raised.

    CredregError            base class; the CLI prints its message and hint and exits 1
    ├── UsageError          a command-line value is malformed or contradictory (exit 2)
    ├── InputError          untrusted bytes are not a bounded JSON document
    ├── SourceError         a registry file cannot be loaded or published; carries its Problem
    ├── DuplicateJsonKey    (inside the JSON reader) an object repeats a key
    ├── CryptoError         a key, signature or proof is malformed or does not verify
    │   ├── ContextNotBundled       JSON-LD asked for a context credreg does not ship
    │   └── CanonicalizationError   no canonical form signs everything the document says
    │       ├── WorkLimitExceeded   (inside RDFC-1.0) too many Hash N-Degree Quads runs
    │       └── DeadlineExceeded    (inside RDFC-1.0) the wall-clock deadline passed
    ├── FetchError          a document cannot be obtained from a file, a --map folder or https
    ├── NoUsableResponse    (inside the fetcher) resolving, connecting or TLS failed
    ├── FetchBudgetSpent    (inside the fetcher) the credential's time budget ran out
    ├── ResolveError        a verification method does not resolve to a trusted key
    └── GitError            git cannot read a revision or its changes (credreg review, diff)

Classes marked "inside" are signals caught by the module that raises them and turned into the
error or problem a user sees; one that escapes is a bug.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

# A path inside a document: mapping keys and sequence indexes, like jsonschema's; problems are located by it.
DocPath = tuple[str | int, ...]


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

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def diagnostics(self) -> str:
        """The message and hint as a user should read them."""
        text = self.message
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled whole (message, hint and a subclass's own fields), so one raised in a worker process reaches
        the parent as it was raised, whatever the subclass's __init__ takes."""
        return _restore, (type(self), self.args, self.__dict__)


def _restore(cls: type[CredregError], args: tuple[Any, ...], state: dict[str, Any]) -> CredregError:
    error = cls.__new__(cls)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class UsageError(CredregError):
    """Raised when the command line asks for something malformed or impossible (exit code 2)."""


class InputError(CredregError):
    """Raised when untrusted bytes (a file, a fetched URL, a key file) cannot be read as a bounded JSON document."""


class SourceError(CredregError):
    """Raised when a registry file cannot be loaded or published; `problem` is what `check` reports for it."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(f"{problem.where()}: {problem.message}", problem.hint)
        self.problem = problem


class DuplicateJsonKey(CredregError):
    """Raised by the JSON reader's object hook when an object repeats `key`; the reader reports it located."""

    def __init__(self, key: str) -> None:
        super().__init__(f"key {key!r} appears twice in one object")
        self.key = key


class CryptoError(CredregError):
    """Raised when a key, signature or proof is malformed or does not verify."""


class ContextNotBundled(CryptoError):
    """Raised when JSON-LD processing asks for a context that is not shipped with credreg."""


class CanonicalizationError(CryptoError):
    """Raised when a document has no canonical form that would sign everything it says, or needs too much work."""


class WorkLimitExceeded(CanonicalizationError):
    """Raised inside RDFC-1.0 when a document needs more Hash N-Degree Quads runs than its limit allows."""

    def __init__(self, limit: int, non_unique: int) -> None:
        super().__init__(f"canonicalization needs more than {limit:,} deep iterations "
                         f"({non_unique} look-alike blank nodes)")
        self.limit = limit
        self.non_unique = non_unique


class DeadlineExceeded(CanonicalizationError):
    """Raised inside RDFC-1.0 when canonicalization runs past its wall-clock budget."""

    def __init__(self, seconds: float) -> None:
        super().__init__(f"canonicalization ran past its {seconds:g} s deadline")
        self.seconds = seconds


class FetchError(CredregError):
    """Raised when a document cannot be obtained (not found, not mapped, network refused, not JSON)."""


class Gone(FetchError):
    """Raised when the server answers HTTP 410 Gone: it says the document was withdrawn on purpose
    (Open Badges 2.0: a hosted Assertion that answers 410 is revoked)."""


class UnreadableDocument(FetchError):
    """Raised when a document was obtained but is not bounded JSON: what it says is wrong, not its reachability."""


class NoUsableResponse(CredregError):
    """Raised inside the fetcher when resolving, connecting, TLS or the response head fails (cause kept private)."""

    def __init__(self) -> None:
        super().__init__("no usable https response")


class FetchBudgetSpent(CredregError):
    """Raised inside the fetcher when the credential's time budget is spent."""

    def __init__(self) -> None:
        super().__init__("the time budget for this credential's fetches ran out")


class ResolveError(CredregError):
    """Raised when a verification method cannot be resolved to a trusted public key."""


class GitError(CredregError):
    """Raised when git cannot resolve a revision, list its changes or export its tree."""
