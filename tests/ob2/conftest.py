"""Fixtures of the OB 2.0 validator tests: a Python 3.7 interpreter (found the way a fresh machine can:
$CREDREG_PYTHON37, `python3.7` on PATH, or pyenv's versions) and a venv with the pinned validator."""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from support import REPO, TESTS

PYTHON37_ENV = "CREDREG_PYTHON37"


def _is_python37(candidate: str) -> bool:
    try:
        proc = subprocess.run([candidate, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                              capture_output=True, text=True, check=False, timeout=60)
    except OSError:
        return False
    return proc.returncode == 0 and proc.stdout.strip() == "3.7"


def python37_candidates() -> list[str]:
    """Where a Python 3.7 may be, in order: `python3.7` on PATH, then pyenv's versions/3.7*/bin."""
    found = [shutil.which("python3.7") or ""]
    pyenv = shutil.which("pyenv")
    if pyenv:
        proc = subprocess.run([pyenv, "root"], capture_output=True, text=True, check=False, timeout=60)
        root = Path(proc.stdout.strip()) if proc.returncode == 0 and proc.stdout.strip() else None
        if root:
            found += [str(p) for p in sorted(root.glob("versions/3.7*/bin/python3.7"), reverse=True)]
    return [c for c in found if c]


def find_python37() -> tuple[str | None, str]:
    """A Python 3.7 interpreter, and where it was looked for. $CREDREG_PYTHON37, when set, is the only place
    looked: an interpreter named there that is not a working Python 3.7 fails the tests instead of skipping."""
    named = os.environ.get(PYTHON37_ENV)
    if named:
        if not _is_python37(named):
            pytest.fail(f"${PYTHON37_ENV}={named} is not a working Python 3.7 interpreter", pytrace=False)
        return named, f"${PYTHON37_ENV}"
    tried = python37_candidates()
    for candidate in tried:
        if _is_python37(candidate):
            return candidate, candidate
    return None, f"${PYTHON37_ENV} (unset), `python3.7` on PATH, `pyenv root`/versions/3.7*/bin ({tried or 'none'})"



OB2 = TESTS / "ob2"
OB2_REQUIREMENTS = OB2 / "requirements-py37.txt"
OB2_VALIDATOR_VERSION = "1.1.2"
OB2_INSTALL_TIMEOUT = 900
OB2_SKIP_BANNER = "!!! OPEN BADGES 2.0 VALIDATOR NOT RUN: {} The 1EdTech OB 2.0 validation of the site was SKIPPED. !!!"


def _ob2_venv() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(os.environ.get("CREDREG_OB2_VENV") or Path(base) / "credreg-tests" / "ob2-venv-py37")


def _ob2_stamp() -> str:
    return hashlib.sha256(OB2_REQUIREMENTS.read_bytes()).hexdigest()


def _ob2_venv_ready(venv: Path) -> bool:
    stamp, python = venv / "credreg-requirements.sha256", venv / "bin" / "python"
    if not python.is_file() or not stamp.is_file() or stamp.read_text().strip() != _ob2_stamp():
        return False
    proc = subprocess.run([str(python), "-c", "import openbadges, openbadges.version as v; "
                           "print('.'.join(map(str, v.VERSION)))"],
                          capture_output=True, text=True, check=False, timeout=120)
    return proc.returncode == 0 and proc.stdout.strip() == OB2_VALIDATOR_VERSION


def _run_or_fail(what: str, cmd: list[str], timeout: int) -> None:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False, timeout=timeout,
                              env={**os.environ, "PIP_DISABLE_PIP_VERSION_CHECK": "1", "PYTHONNOUSERSITE": "1"})
    except subprocess.TimeoutExpired as exc:
        pytest.fail(f"{what} timed out after {timeout}s: {' '.join(cmd)}\n"
                    f"--- stdout ---\n{exc.stdout}\n--- stderr ---\n{exc.stderr}", pytrace=False)
    if proc.returncode != 0:
        pytest.fail(f"{what} failed (exit {proc.returncode}): {' '.join(cmd)}\n"
                    f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}", pytrace=False)


@pytest.fixture(scope="session")
def validator_python() -> Path:
    """The Python 3.7 venv's interpreter, with the pinned openbadges 1.1.2 installed (once per cache).

    The venv lives in a cache folder outside the repo, reused while it matches requirements-py37.txt.
    Without a Python 3.7 the tests are SKIPPED loudly; a failed install FAILS them with pip's output."""
    python37, tried = find_python37()
    if python37 is None:
        pytest.skip(OB2_SKIP_BANNER.format(
            f"no Python 3.7 interpreter (tried {tried}); openbadges 1.1.2 runs only on Python 3.7. Install one "
            "(e.g. `pyenv install 3.7`) or name it in $CREDREG_PYTHON37."))
    venv = _ob2_venv()
    python = venv / "bin" / "python"
    assert REPO not in venv.resolve().parents, f"the validator venv {venv} must live outside the repo"
    if _ob2_venv_ready(venv):
        return python
    if venv.exists():
        if not (venv / "pyvenv.cfg").is_file():
            pytest.fail(f"{venv} exists but is not a venv; remove it or set CREDREG_OB2_VENV", pytrace=False)
        shutil.rmtree(venv)
    venv.parent.mkdir(parents=True, exist_ok=True)
    _run_or_fail("creating the Python 3.7 venv", [python37, "-m", "venv", str(venv)], 300)
    _run_or_fail("pip install of the OB 2.0 validator",
                 [str(python), "-m", "pip", "install", "--no-input", "-r", str(OB2_REQUIREMENTS)],
                 OB2_INSTALL_TIMEOUT)
    _run_or_fail("pip check in the validator venv", [str(python), "-m", "pip", "check"], 120)
    (venv / "credreg-requirements.sha256").write_text(_ob2_stamp() + "\n")
    if not _ob2_venv_ready(venv):
        pytest.fail(f"openbadges {OB2_VALIDATOR_VERSION} is not importable in {venv} after installing "
                    f"{OB2_REQUIREMENTS.name}", pytrace=False)
    return python
