"""Finding node for the tests that run JavaScript: one lookup and version check, each caller naming what a skip leaves
untested (a missing or old node is a loud skip, never a silent one)."""
from __future__ import annotations

import shutil
import subprocess

import pytest


def node_binary(minimum: int, untested: str, why_minimum: str) -> str:
    """The node on PATH if it is at least version `minimum`; otherwise the test is skipped, saying `untested`."""
    node_bin = shutil.which("node")
    if not node_bin:
        pytest.skip(f"!!! {untested}: `node` not found on PATH. Install Node.js >= {minimum} to run it. !!!")
    version = subprocess.run([node_bin, "--version"], capture_output=True, text=True, check=False).stdout.strip()
    if int(version.lstrip("v").split(".")[0] or 0) < minimum:
        pytest.skip(f"!!! {untested}: node {version} is too old; {why_minimum} needs node >= {minimum} !!!")
    return node_bin
