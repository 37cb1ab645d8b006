"""No bad input gives a traceback: check a copy of the example registry with files mangled at random (fixed seeds)."""
from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
from support import copy_example_registry

from registry.check import check_registry

MUTATIONS = 60


def mangle(data: bytes, rng: random.Random) -> bytes:
    """One of: flip bytes, cut the file, splice in a hostile fragment, duplicate a line."""
    choice = rng.randrange(4)
    if choice == 0 and data:
        buf = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            buf[rng.randrange(len(buf))] = rng.randrange(256)
        return bytes(buf)
    if choice == 1:
        return data[: rng.randrange(len(data) + 1)]
    if choice == 2:
        fragments = [b"{", b"]", b": [", b"\x00", b"&a *a", b"!!python/object:os.system", b"\xff\xfe", b"\n  - - -",
                     b'"proof": 5', b"null", b"\t", b"'", b"\\u0000", b"1e999999", b"-" * 3]
        at = rng.randrange(len(data) + 1)
        return data[:at] + rng.choice(fragments) + data[at:]
    lines = data.splitlines(keepends=True)
    if lines:
        i = rng.randrange(len(lines))
        lines.insert(i, lines[i])
    return b"".join(lines)


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return copy_example_registry(tmp_path_factory.mktemp("mangle") / "registry")


@pytest.mark.parametrize("seed", range(MUTATIONS))
def test_mangled_file_gives_problems_not_tracebacks(pristine: Path, check_cache: Path, tmp_path: Path,
                                                   seed: int) -> None:
    rng = random.Random(seed)
    root = tmp_path / "registry"
    shutil.copytree(pristine, root)
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix in (".yaml", ".json", ".svg"))
    target = rng.choice(files)
    target.write_bytes(mangle(target.read_bytes(), rng))
    # The session's success-only cache: the unchanged files' signatures are skipped, the mangled file's never.
    result = check_registry(root, cache_dir=check_cache, workers=1)  # must not raise
    for problem in result.problems:
        assert problem.code and problem.message and problem.hint and problem.file
