"""Progress bars on a terminal for the library's progress callback: one tqdm bar per stage, on stderr."""
from __future__ import annotations

import sys
from typing import Any, TextIO

from tqdm import tqdm

from ..progress import Progress


def progress_bars(enabled: bool, file: TextIO | None = None) -> Progress | None:
    """A callback drawing one bar per stage (a new stage closes the last bar), or None when not `enabled`.

    Commands enable it only when stderr is a terminal and the output is text, so logs and JSON stay clean.
    """
    if not enabled:
        return None
    bars: dict[str, tqdm[Any]] = {}

    def show(stage: str, done: int, total: int) -> None:
        if stage not in bars:
            for old in bars.values():
                old.close()
            bars.clear()
            bars[stage] = tqdm(total=total, desc=stage, unit="", file=file or sys.stderr, leave=False,
                               dynamic_ncols=True, mininterval=0.2)
        bar = bars[stage]
        bar.total = max(total, 1)
        bar.update(done - bar.n)
        if done >= total:
            bar.refresh()  # draw the finished stage once, however soon it ended, before its line is cleared
            bar.close()
            del bars[stage]
    return show
