"""Interrupted writes: a credreg command killed at any point leaves the registry as it was.

The kill tests run the real command in a subprocess and SIGKILL it. Kill points come from watching
the file system, or from a stall: the test starts the command through a small wrapper (below, test
code only) that lets the real os.replace / os.fsync run, then blocks at the Nth call on a matching
path and drops a marker file, so the test can kill it exactly there. The product has no test hook.
"""
from __future__ import annotations

import os
import random
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pytest
from support import REPO, award_for, fixture_signing_key, leftovers

from registry import atomic
from registry.award import issue
from registry.check import check_registry
from registry.keys import store
from registry.keys.yamledit import parse_checked

pytestmark = pytest.mark.skipif(os.name != "posix" or not Path("/proc/self/fd").is_dir(),
                                reason="!!! kill tests need POSIX signals and /proc/self/fd: NOT RUN !!!")

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)
ROWS = 40
AWARDS = "credentials/acme/intro-python/awards"

STALL = r"""
import os, runpy, sys, time
marker, op, match, count = sys.argv[1:5]
sys.argv = ["credreg", *sys.argv[5:]]
seen = [0]
real_replace, real_fsync = os.replace, os.fsync

def stall_if(path):
    if match in str(path):
        seen[0] += 1
        if seen[0] == int(count):
            open(marker, "w").close()
            time.sleep(600)

def replace(src, dst, *args, **kwargs):
    real_replace(src, dst, *args, **kwargs)
    if op == "replace":
        stall_if(dst)

def fsync(fd):
    real_fsync(fd)
    if op == "fsync":
        stall_if(os.readlink(f"/proc/self/fd/{fd}"))

os.replace, os.fsync = replace, fsync
runpy.run_module("registry", run_name="__main__", alter_sys=True)
"""


@dataclass(frozen=True)
class Stall:
    """Block the command right after the `count`-th os.replace (to a path) or os.fsync (of a file) matching `match`."""

    op: str
    match: str
    count: int = 1
    visible: bool = False  # killed there, some new content is already in place (until recovery undoes it)


# ---------------------------------------------------------------- helpers


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under `root` with its bytes, leaving out what an interrupted write leaves behind."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not atomic.is_leftover(p.name)}


def write_key_file(path: Path, issuer: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as handle:
        handle.write(store.to_json(fixture_signing_key(issuer)))
    return path


def start(argv: list[str], stall: Stall | None, marker: Path) -> subprocess.Popen[bytes]:
    prefix = ["-c", STALL, str(marker), stall.op, stall.match, str(stall.count)] if stall else ["-m", "registry"]
    return subprocess.Popen([sys.executable, *prefix, *argv], cwd=REPO, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)


def wait_for(condition: Callable[[], bool], proc: subprocess.Popen[bytes], timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if proc.poll() is not None:
            out, err = proc.communicate()
            pytest.fail(f"the command ended (exit {proc.returncode}) before the kill point: {err.decode()}")
        if time.monotonic() > deadline:
            proc.kill()
            proc.wait()
            pytest.fail("the kill point was never reached")
        time.sleep(0.002)


def kill(proc: subprocess.Popen[bytes]) -> bool:
    """SIGKILL the command; True if it was still running (False: it had already finished)."""
    running = proc.poll() is None
    if running:
        proc.send_signal(signal.SIGKILL)
    proc.communicate()
    if not running:
        assert proc.returncode == 0
    return running


def run_and_kill(argv: list[str], tmp_path: Path, stall: Stall | None = None,
                 when: Callable[[], bool] | None = None, delay: float | None = None) -> bool:
    """Start the command, kill it at the stall, when `when` holds, or after `delay` seconds."""
    marker = tmp_path / "stalled"
    marker.unlink(missing_ok=True)
    proc = start(argv, stall, marker)
    if stall:
        wait_for(marker.exists, proc)
    elif when:
        wait_for(when, proc)
    else:
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            pass
    return kill(proc)


def assert_only_leftovers_reported(root: Path) -> None:
    """Before cleanup, `credreg check` reports the leftovers (and nothing else) as unexpected files."""
    found = sorted((p.code, p.file) for p in check_registry(root).problems)
    assert found == [("unexpected-file", rel) for rel in leftovers(root)]


def recover_and_check(root: Path) -> None:
    """What the next credreg command does first; afterwards nothing is left and the check passes."""
    for folder in ("credentials", "issuers"):
        atomic.recover(root / folder)
    assert leftovers(root) == []
    assert check_registry(root).problems == ()


# ---------------------------------------------------------------- award --csv


@pytest.fixture
def csv_award(signing_registry: Path, tmp_path: Path) -> list[str]:
    """The argv of a 40-row `credreg award --csv` on the signing registry."""
    rows = "".join(f"p{i}@example.net,Person {i},good\n" for i in range(ROWS))
    (tmp_path / "big.csv").write_text("email,name,result:quality\n" + rows)
    key = write_key_file(tmp_path / "keys" / "acme.json", "acme")
    return ["award", "acme/intro-python", "--root", str(signing_registry), "--csv", str(tmp_path / "big.csv"),
            "--key", str(key)]


def first_temporary(folder: Path) -> Callable[[], bool]:
    return lambda: folder.is_dir() and any(atomic.is_leftover(name) for name in os.listdir(folder))


def test_award_killed_at_its_first_temporary_writes_nothing(signing_registry: Path, csv_award: list[str],
                                                            tmp_path: Path) -> None:
    before = snapshot(signing_registry)
    assert run_and_kill(csv_award, tmp_path, when=first_temporary(signing_registry / AWARDS))
    assert snapshot(signing_registry) == before
    assert leftovers(signing_registry) and all(rel.startswith(AWARDS) for rel in leftovers(signing_registry))
    assert_only_leftovers_reported(signing_registry)
    proc = subprocess.run([sys.executable, "-m", "registry", *csv_award], cwd=REPO, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr  # the next award cleans up first, then awards the whole batch once
    after = snapshot(signing_registry)
    added = sorted(set(after) - set(before))
    assert len(added) == ROWS + 1 and "credentials/acme/status/1.json" in added
    assert leftovers(signing_registry) == [] and check_registry(signing_registry).problems == ()


@pytest.mark.parametrize("stall", [
    Stall("fsync", f"/{AWARDS}/.", 20),
    Stall("fsync", "/status/.1.json.credreg-tmp-"),
    Stall("replace", ".journal"),
    Stall("replace", f"/{AWARDS}/", 2, visible=True),
    Stall("replace", "/status/1.json", visible=True),
], ids=["half-the-rows-staged", "status-list-staged", "journal-written", "between-two-renames", "after-every-rename"])
def test_award_killed_mid_batch_leaves_the_registry_as_it_was(stall: Stall, signing_registry: Path,
                                                              csv_award: list[str], tmp_path: Path) -> None:
    before = snapshot(signing_registry)
    assert run_and_kill(csv_award, tmp_path, stall)
    assert (snapshot(signing_registry) != before) is stall.visible
    if stall.op == "fsync":  # before the journal: nothing is in place, only temporaries
        assert_only_leftovers_reported(signing_registry)
    else:  # the journal records what to undo
        assert [rel for rel in leftovers(signing_registry) if rel.endswith(".journal")]
    recover_and_check(signing_registry)
    assert snapshot(signing_registry) == before


def test_award_killed_at_random_moments_is_all_or_nothing(signing_registry: Path, csv_award: list[str],
                                                          tmp_path: Path) -> None:
    rng = random.Random(20260302)
    before = snapshot(signing_registry)
    for delay in sorted(rng.uniform(0.5, 5.0) for _ in range(3)):
        run_and_kill(csv_award, tmp_path, delay=delay)
        recover_and_check(signing_registry)
        after = snapshot(signing_registry)
        if after == before:
            continue
        added = set(after) - set(before)
        assert {rel: after[rel] for rel in before} == before, f"killed after {delay:.2f}s: an old file changed"
        assert len(added) == ROWS + 1, f"killed after {delay:.2f}s: {len(added)} files added, not 0 or {ROWS + 1}"
        return  # the batch completed: later kills would add a second batch
    # every kill came before the commit point: also fine (and the registry is unchanged)


# ---------------------------------------------------------------- revoke


@pytest.fixture
def revoke_argv(signing_registry: Path, tmp_path: Path) -> list[str]:
    """Two awards, one already revoked (so revocations.yaml and the status list both get replaced)."""
    key = fixture_signing_key("acme")
    paths = [award_for(signing_registry, NOW, email=f"p{seed}@example.net", seed=seed, results={"quality": "good"})
             for seed in (1, 2)]
    issue.revoke(issue.open_registry(signing_registry, key, NOW), paths[0].stem, "Copied work", NOW)
    key_file = write_key_file(tmp_path / "keys" / "acme.json", "acme")
    return ["revoke", paths[1].stem, "--root", str(signing_registry), "--reason", "Plagiarised", "--key", str(key_file)]


@pytest.mark.parametrize("stall", [
    Stall("fsync", "/status/.1.json.credreg-tmp-"),
    Stall("replace", "/credentials/acme/revocations.yaml", visible=True),
    Stall("replace", "/status/1.json", visible=True),
], ids=["status-list-being-written", "record-renamed-status-list-not-yet", "both-renamed-journal-not-yet-removed"])
def test_revoke_killed_midway_leaves_the_registry_as_it_was(stall: Stall, signing_registry: Path,
                                                            revoke_argv: list[str], tmp_path: Path) -> None:
    before = snapshot(signing_registry)
    assert run_and_kill(revoke_argv, tmp_path, stall)
    assert (snapshot(signing_registry) != before) is stall.visible
    if stall.op == "fsync":
        assert_only_leftovers_reported(signing_registry)
    recover_and_check(signing_registry)
    assert snapshot(signing_registry) == before


def test_revoke_killed_at_random_moments_is_all_or_nothing(signing_registry: Path, revoke_argv: list[str],
                                                           tmp_path: Path) -> None:
    rng = random.Random(7)
    before = snapshot(signing_registry)
    changed = {"credentials/acme/revocations.yaml", "credentials/acme/status/1.json"}
    for delay in sorted(rng.uniform(0.3, 3.0) for _ in range(2)):
        run_and_kill(revoke_argv, tmp_path, delay=delay)
        recover_and_check(signing_registry)
        after = snapshot(signing_registry)
        if after != before:
            assert set(after) == set(before) and {r for r in after if after[r] != before[r]} == changed
            return


# ---------------------------------------------------------------- key rotate


@pytest.fixture
def rotate_argv(signing_registry: Path, tmp_path: Path) -> list[str]:
    key_file = write_key_file(tmp_path / "keys" / "acme" / "key-1.json", "acme")
    return ["key", "rotate", "--root", str(signing_registry), "--key", str(key_file), "--key-id", "key-2"]


def assert_key_files_private(folder: Path) -> None:
    for path in folder.rglob("*"):
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def assert_issuer_yaml_old_or_new(root: Path, old: bytes) -> bool:
    """issuer.yaml is byte for byte the old file, or the whole new one (key-1 retired, key-2 added)."""
    path = root / "issuers/acme/issuer.yaml"
    if path.read_bytes() == old:
        return False
    keys = parse_checked(path.read_text(), "issuers/acme/issuer.yaml").data["keys"]
    assert [k["id"] for k in keys] == ["key-1", "key-2"] and "validUntil" in keys[0]
    return True


@pytest.mark.parametrize("stall", [
    Stall("fsync", "/keys/acme/.key-2.json.credreg-tmp-"),
    Stall("fsync", "/issuers/acme/.issuer.yaml.credreg-tmp-"),
], ids=["key-file-being-written", "issuer-yaml-being-written"])
def test_rotate_killed_midway_keeps_the_old_issuer_yaml(stall: Stall, signing_registry: Path,
                                                        rotate_argv: list[str], tmp_path: Path) -> None:
    issuer_file = signing_registry / "issuers/acme/issuer.yaml"
    old = issuer_file.read_bytes()
    assert run_and_kill(rotate_argv, tmp_path, stall)
    assert issuer_file.read_bytes() == old
    assert_key_files_private(tmp_path / "keys")  # a half-written key file is 0600 too
    assert_only_leftovers_reported(signing_registry)
    recover_and_check(signing_registry)


def test_rotate_killed_at_random_moments_is_old_or_new(signing_registry: Path, rotate_argv: list[str],
                                                       tmp_path: Path) -> None:
    rng = random.Random(11)
    old = (signing_registry / "issuers/acme/issuer.yaml").read_bytes()
    for delay in sorted(rng.uniform(0.2, 1.5) for _ in range(2)):
        run_and_kill(rotate_argv, tmp_path, delay=delay)
        assert_key_files_private(tmp_path / "keys")
        recover_and_check(signing_registry)
        if assert_issuer_yaml_old_or_new(signing_registry, old):
            return
        (tmp_path / "keys/acme/key-2.json").unlink(missing_ok=True)  # an orphan key: the next try may reuse the id
