"""Award files are written on every CPU (registry/publish/parallel.py): the site is byte for byte the one written
in one process, however the awards are shared out; a worker's failure stops the build with its own error; progress
counts every award once."""
from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest
from support import REPO

from registry.publish import parallel
from registry.publish.build import build_site

NOW = datetime(2026, 11, 28, tzinfo=timezone.utc)


def files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def test_two_workers_write_the_site_one_process_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "WORKERS", 1)
    alone = files(build_site(REPO, tmp_path / "alone", strict=True, now=NOW))
    monkeypatch.setattr(parallel, "WORKERS", 2)
    monkeypatch.setattr(parallel, "CHUNK", 3)  # the example's awards in many small shares, taken in turn
    shared = files(build_site(REPO, tmp_path / "shared", strict=True, now=NOW))
    assert sorted(shared) == sorted(alone)
    assert [name for name in alone if shared[name] != alone[name]] == []
    assert sum(name.startswith("credentials/") for name in alone) > 20  # the example's awards were among them


def _fail_on_third(award_id: str) -> int:
    if award_id == "c":
        raise ValueError(f"cannot write {award_id}")
    return 1


def test_a_failing_worker_stops_the_run_with_its_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "WORKERS", 2)
    monkeypatch.setattr(parallel, "CHUNK", 1)
    with pytest.raises(ValueError, match="cannot write c"):
        parallel.for_each_award(["a", "b", "c", "d"], _fail_on_third)
    assert parallel._TASK is None  # nothing left behind for the next build


def test_progress_counts_every_award_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "WORKERS", 2)
    monkeypatch.setattr(parallel, "CHUNK", 4)
    heard: list[tuple[str, int, int]] = []
    written = parallel.for_each_award([str(n) for n in range(10)], lambda _: 2, lambda *a: heard.append(a), "pages")
    assert written == 20
    assert heard == [("pages", 4, 10), ("pages", 8, 10), ("pages", 10, 10)]
