"""The one progress callback every long-running library call accepts: (stage, done, total).

The library never prints; the CLI decides whether and how progress is shown.
"""
from __future__ import annotations

from collections.abc import Callable

Progress = Callable[[str, int, int], None]
