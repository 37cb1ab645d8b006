"""The atomic writer itself: a failed write or batch leaves the old content, key files are 0600 from their
first byte, and recovery removes only what a dead credreg process left, never acting on a committed journal.

(What a killed credreg command leaves behind is in test_atomic_writes.py.)
"""
from __future__ import annotations

import errno
import hashlib
import json
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from support import fixture_signing_key, leftovers

from registry import atomic
from registry.keys import store

pytestmark = pytest.mark.skipif(os.name != "posix" or not Path("/proc/self/fd").is_dir(),
                                reason="!!! atomic writer tests need POSIX and /proc/self/fd: NOT RUN !!!")


def fail_fsync(monkeypatch: pytest.MonkeyPatch) -> None:
    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")
    monkeypatch.setattr(os, "fsync", fsync)


def fail_replace(monkeypatch: pytest.MonkeyPatch) -> None:
    def replace(src: object, dst: object) -> None:
        raise OSError(errno.EIO, "Input/output error")
    monkeypatch.setattr(os, "replace", replace)


FAILURES: dict[str, tuple[str, Callable[[pytest.MonkeyPatch], None] | None, type[BaseException]]] = {
    "unencodable-text-after-the-first-chunk": ("x" * 200_000 + "\udc80", None, UnicodeEncodeError),
    "disk-full-at-fsync": ("new text\n", fail_fsync, OSError),
    "rename-fails": ("new text\n", fail_replace, OSError),
}


@pytest.mark.parametrize("text, sabotage, error", FAILURES.values(), ids=FAILURES.keys())
def test_a_failed_write_leaves_the_old_content(text: str, sabotage: Callable[[pytest.MonkeyPatch], None] | None,
                                               error: type[BaseException], tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "issuer.yaml"
    target.write_text("old text\n")
    if sabotage:
        sabotage(monkeypatch)
    with pytest.raises(error):
        atomic.write_text(target, text)
    monkeypatch.undo()
    assert target.read_text() == "old text\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["issuer.yaml"]  # no temporary left


def test_a_failed_batch_stage_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("old a\n")
    with pytest.raises(UnicodeEncodeError):
        with atomic.Batch(tmp_path) as batch:
            batch.stage_text(tmp_path / "a.json", "new a\n")
            batch.stage_text(tmp_path / "sub" / "b.json", "new b\n")
            batch.stage_text(tmp_path / "sub" / "c.json", "bad \udc80")
    assert (tmp_path / "a.json").read_text() == "old a\n"
    assert leftovers(tmp_path) == [] and not (tmp_path / "sub" / "b.json").exists()


def test_key_files_are_0600_from_their_first_byte(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[tuple[int, int]] = []
    modes_at_fsync: list[int] = []
    chmods: list[object] = []
    real_open, real_fsync = os.open, os.fsync

    def spy_open(path: object, flags: int, mode: int = 0o777, *args: object, **kwargs: object) -> int:
        fd = real_open(path, flags, mode, *args, **kwargs)  # type: ignore[arg-type]
        if stat.S_ISREG(os.fstat(fd).st_mode):
            opened.append((flags, mode))
        return fd

    def spy_fsync(fd: int) -> None:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            modes_at_fsync.append(stat.S_IMODE(os.fstat(fd).st_mode))
        real_fsync(fd)

    monkeypatch.setattr(os, "open", spy_open)
    monkeypatch.setattr(os, "fsync", spy_fsync)
    for name in ("chmod", "fchmod", "lchmod"):
        if hasattr(os, name):
            monkeypatch.setattr(os, name, lambda *a, **k: chmods.append(a))
    monkeypatch.setattr(Path, "chmod", lambda *a, **k: chmods.append(a))
    old_umask = os.umask(0)  # a file created with wider permissions would show them
    try:
        saved = store.save(fixture_signing_key("acme"), tmp_path / "keys" / "acme" / "key-1.json", tmp_path / "reg")
    finally:
        os.umask(old_umask)
        monkeypatch.undo()
    assert chmods == []
    assert opened and all(flags & os.O_CREAT and flags & os.O_EXCL and mode == 0o600 for flags, mode in opened)
    assert modes_at_fsync == [0o600]  # the data was in the file, durable, at mode 0600
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert sorted(p.name for p in saved.parent.iterdir()) == ["key-1.json"]


def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_the_next_write_removes_stale_temporaries_only(tmp_path: Path) -> None:
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        stale = tmp_path / f".status.json.credreg-tmp-{dead_pid()}-0123abcd"
        live = tmp_path / f".other.json.credreg-tmp-{sleeper.pid}-0123abcd"
        kept_copy = tmp_path / f".x.json.credreg-tmp-{dead_pid()}-89abcdef.old"  # only a batch may drop it
        for path in (stale, live, kept_copy):
            path.write_text("half")
        atomic.write_text(tmp_path / "status.json", "{}\n")
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted([live.name, kept_copy.name, "status.json"])
    finally:
        sleeper.kill()
        sleeper.wait()


def test_a_journal_pointing_outside_its_folder_is_ignored(tmp_path: Path) -> None:
    base = tmp_path / "credentials"
    base.mkdir()
    victim = tmp_path / "outside.txt"
    victim.write_text("keep me\n")
    entry = {"target": "../outside.txt", "temp": "../.outside.txt.credreg-tmp-1-0123abcd", "backup": None,
             "sha256": hashlib.sha256(b"keep me\n").hexdigest()}
    journal = base / f".credreg-commit.credreg-tmp-{dead_pid()}-0123abcd.journal"
    journal.write_text(json.dumps({"credreg-commit": 1, "files": [entry]}))
    atomic.recover(base)
    assert victim.read_text() == "keep me\n" and journal.exists()


def _git(folder: Path, *argv: str) -> None:
    subprocess.run(["git", "-C", str(folder), *argv], check=True, capture_output=True)


def test_a_committed_journal_is_never_acted_on(tmp_path: Path) -> None:
    """A stranger's pull request can carry a journal whose hash matches a public file: recovering from it
    would "roll back" issuer.yaml to the attacker's copy. Leftovers git tracks are reported, never used."""
    folder = tmp_path / "issuers" / "acme"
    folder.mkdir(parents=True)
    target = folder / "issuer.yaml"
    target.write_text("name: Acme\n")
    temp = ".issuer.yaml.credreg-tmp-4000000-deadbeef"
    (folder / f"{temp}.old").write_text("name: Acme (owned)\n")
    journal = folder / ".credreg-commit.credreg-tmp-4000000-deadbeef.journal"
    journal.write_text(json.dumps({"credreg-commit": 1, "files": [
        {"target": "issuer.yaml", "temp": temp, "sha256": hashlib.sha256(target.read_bytes()).hexdigest(),
         "backup": f"{temp}.old"}]}))
    _git(tmp_path, "init", "-q")
    _git(tmp_path, "add", ".")
    assert atomic.recover(tmp_path / "issuers") == []
    assert target.read_text() == "name: Acme\n" and journal.exists()


def test_a_leftover_with_an_impossible_pid_is_kept_not_a_crash(tmp_path: Path) -> None:
    leftover = tmp_path / ".x.credreg-tmp-9999999999-deadbeef"
    leftover.write_text("x")
    assert atomic.recover(tmp_path) == [] and leftover.exists()
