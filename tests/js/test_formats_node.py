"""The browser core's format and date steps against the CLI's, case by case: every named case of
tests/verify/test_formats.py and test_formats_dates.py runs through verify-core.js under node
(tests/js/verify-cases.mjs) and must get the same outcomes as registry/verify/shape.py's format_step and
validity.py's date_steps, and the same format words where the credential holds no hostile text (the two
runtimes quote hostile values each in their own way)."""
from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

from registry.verify.shape import format_step
from registry.verify.validity import date_steps

HERE = Path(__file__).resolve().parent
RUNNER = HERE / "verify-cases.mjs"
NOW = "2026-11-28T00:00:00Z"
JS_OUTCOME = {"pass": "PASS", "fail": "FAIL", "warning": "WARN", "unknown": "UNKNOWN"}


def _cases(name: str) -> ModuleType:
    """A case table module of tests/verify/ (imported by path: tests/js is not on its import path)."""
    spec = importlib.util.spec_from_file_location(name, HERE.parent / "verify" / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # test_formats_dates imports test_formats by name
    spec.loader.exec_module(module)
    return module


CASES = _cases("test_formats").CASES
DATES = _cases("test_formats_dates")
PLAIN = {name for name, credential, *_ in CASES if json.dumps(credential).isascii() and "'" not in format_step(
    credential).detail}


def _run(tmp_path_factory: pytest.TempPathFactory, cases: list[tuple[str, dict[str, object]]]
         ) -> dict[str, dict[str, dict[str, str]]]:
    """case name → step name → the browser core's step, for credentials verified offline at NOW."""
    node = shutil.which("node")
    if not node:
        pytest.skip("!!! BROWSER FORMAT AND DATE STEPS NOT TESTED: `node` not found on PATH !!!")
    path = tmp_path_factory.mktemp("formats") / "cases.json"
    path.write_text(json.dumps([{"name": name, "credential": {"json": credential}, "documents": {}, "now": NOW}
                                for name, credential in cases]), encoding="utf-8")
    proc = subprocess.run([node, str(RUNNER), str(path)], capture_output=True, text=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return {r["name"]: {s["name"]: s for s in r["steps"]} for r in json.loads(proc.stdout)}


@pytest.fixture(scope="module")
def js_format_steps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    steps = _run(tmp_path_factory, [(c[0], c[1]) for c in CASES])
    return {name: by_name["format"] for name, by_name in steps.items()}


@pytest.fixture(scope="module")
def js_date_steps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, dict[str, str]]]:
    return _run(tmp_path_factory, [(c[0], c[1]) for c in DATES.CASES])


@pytest.mark.parametrize("name, credential", [(c[0], c[1]) for c in CASES], ids=[c[0] for c in CASES])
def test_browser_format_step_matches_the_cli(js_format_steps: dict[str, dict[str, str]], name: str,
                                             credential: dict[str, object]) -> None:
    python = format_step(credential)
    js = js_format_steps[name]
    assert js["outcome"] == JS_OUTCOME[python.outcome.value]
    if name in PLAIN:
        assert js["detail"] == python.detail


@pytest.mark.parametrize("name, credential", [(c[0], c[1]) for c in DATES.CASES], ids=[c[0] for c in DATES.CASES])
def test_browser_date_steps_match_the_cli(js_date_steps: dict[str, dict[str, dict[str, str]]], name: str,
                                          credential: dict[str, object]) -> None:
    python = {s.name: JS_OUTCOME[s.outcome.value] for s in date_steps(credential, DATES.NOW)}
    assert {k: js_date_steps[name][k]["outcome"] for k in python} == python
