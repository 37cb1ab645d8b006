"""Atomic file writes and all-or-nothing batches, with rollback after a kill.

`write_text`/`write_bytes` replace one file atomically (files.py); `Batch` commits many files or
none through a journal, and `recover` undoes what a killed batch left (batch.py); leftovers.py
names what an interrupted write can leave behind. Callers use this package's names.
"""
from __future__ import annotations

from .batch import Batch, recover
from .files import write_bytes, write_text
from .leftovers import TEMP_MARK, is_leftover, is_undo_record

__all__ = ["TEMP_MARK", "Batch", "is_leftover", "is_undo_record", "recover", "write_bytes", "write_text"]
