"""Each award's files (evidence page, hosted documents, baked badges) written on every CPU.

Forked workers inherit the checked model, so only award ids and counts cross between processes; the
collector is frozen across the fork so the workers do not write to (and copy) every inherited page.
Output does not depend on how the awards are shared out: each file depends on its award alone.
"""
from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor

from ..progress import Progress

CHUNK = 100  # awards a worker takes at a time: steady progress, little coordination
WORKERS: int | None = None  # processes; None means one per CPU
_TASK: Callable[[str], int] | None = None  # set in the parent just before the workers fork


def _run(ids: Sequence[str]) -> int:
    assert _TASK is not None
    return sum(_TASK(award_id) for award_id in ids)


def for_each_award(ids: Sequence[str], task: Callable[[str], int], progress: Progress | None = None,
                   label: str = "award files") -> int:
    """Run `task` (writes one award's files, returns how many) on every id; returns how many files in all. Forks
    workers where the platform can and there is more than one chunk of work, else runs here."""
    global _TASK
    chunks = [ids[i:i + CHUNK] for i in range(0, len(ids), CHUNK)]
    workers = min(WORKERS or os.cpu_count() or 1, len(chunks))
    _TASK = task
    try:
        if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return _report(map(_run, chunks), chunks, len(ids), progress, label)
        gc.freeze()
        try:
            with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")) as pool:
                return _report(pool.map(_run, chunks), chunks, len(ids), progress, label)
        finally:
            gc.unfreeze()
    finally:
        _TASK = None


def _report(results: Iterable[int], chunks: list[Sequence[str]], total: int, progress: Progress | None,
            label: str) -> int:
    files = done = 0
    for chunk, count in zip(chunks, results):
        files, done = files + count, done + len(chunk)
        if progress:
            progress(label, done, total)
    return files
