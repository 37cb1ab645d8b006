"""The browser core's format step against the CLI's, case by case: every named case of
tests/verify/test_formats.py runs through verify-core.js under node (tests/js/verify-cases.mjs) and must get
the same outcome as registry/verify/shape.py's format_step, and the same words where the credential holds no
hostile text (the two runtimes quote hostile values each in their own way)."""
from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
from pathlib import Path
from types import ModuleType

import pytest

from registry.verify.shape import format_step

HERE = Path(__file__).resolve().parent
RUNNER = HERE / "verify-cases.mjs"
NOW = "2026-11-28T00:00:00Z"
JS_OUTCOME = {"pass": "PASS", "fail": "FAIL", "warning": "WARN", "unknown": "UNKNOWN"}


def _format_cases() -> ModuleType:
    spec = importlib.util.spec_from_file_location("formats_cases", HERE.parent / "verify" / "test_formats.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


CASES = _format_cases().CASES
PLAIN = {name for name, credential, *_ in CASES if json.dumps(credential).isascii() and "'" not in format_step(
    credential).detail}


@pytest.fixture(scope="module")
def js_format_steps(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, str]]:
    node = shutil.which("node")
    if not node:
        pytest.skip("!!! BROWSER FORMAT STEP NOT TESTED: `node` not found on PATH !!!")
    path = tmp_path_factory.mktemp("formats") / "cases.json"
    path.write_text(json.dumps([{"name": name, "credential": {"json": credential}, "documents": {}, "now": NOW}
                                for name, credential, *_ in CASES]), encoding="utf-8")
    proc = subprocess.run([node, str(RUNNER), str(path)], capture_output=True, text=True, check=False, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return {r["name"]: next(s for s in r["steps"] if s["name"] == "format") for r in json.loads(proc.stdout)}


@pytest.mark.parametrize("name, credential", [(c[0], c[1]) for c in CASES], ids=[c[0] for c in CASES])
def test_browser_format_step_matches_the_cli(js_format_steps: dict[str, dict[str, str]], name: str,
                                             credential: dict[str, object]) -> None:
    python = format_step(credential)
    js = js_format_steps[name]
    assert js["outcome"] == JS_OUTCOME[python.outcome.value]
    if name in PLAIN:
        assert js["detail"] == python.detail
