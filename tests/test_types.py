"""Static checks in the suite: mypy keeps the type hints honest, ruff finds unused and undefined names."""
from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from support import REPO


def test_mypy_finds_no_errors() -> None:
    if shutil.which("mypy") is None and subprocess.run([sys.executable, "-m", "mypy", "--version"],
                                                       capture_output=True).returncode != 0:
        pytest.fail("mypy is not installed: install the test extras (pip install -e '.[test]')")
    result = subprocess.run([sys.executable, "-m", "mypy", "registry"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_finds_no_unused_or_undefined_names() -> None:
    result = subprocess.run([sys.executable, "-m", "ruff", "check", "--select", "F,E9", "registry", "tests", "scripts"],
                            cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
