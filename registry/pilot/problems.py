"""The one error of the pilot's inputs: a file, the line (or place) in it, what is wrong and the fix."""
from __future__ import annotations

from ..errors import InputError


class PilotInputError(InputError):
    """Raised when an outcomes CSV or a verify report cannot be used; the CLI exits 1 and prints it."""

    def __init__(self, file: str, line: int, where: str, message: str, hint: str) -> None:
        located = f"{file}:{line}" if line else file
        super().__init__(f"{located}: {where + ': ' if where else ''}{message}", hint)
        self.file, self.line, self.where, self.detail = file, line, where, message
