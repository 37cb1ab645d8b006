"""The shared case table (tests/cases/*/*.json, README.md here) run by the browser verifier's core under node.

`node tests/js/verify-cases.mjs tests/cases` runs every case file of every topic folder offline, with the
case's browser expectation (`expect`, with `browser.expect` laid over it: an override must say `why`), and
reports each case's mismatches. They must be none, and the same judgement in Python (case_table.mismatches)
must agree, so the runner's own comparison cannot go easy. With test_cases_python.py this makes the two
verifiers agree on every case that has no override.

Also here: the verdicts' one-line meanings and the issuer name keys are the same words in both runtimes.
Needs node >= 20 (WebCrypto Ed25519, fetch and DecompressionStream as globals); no npm package.
"""
from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from node_support import node_binary
from case_table import CASES, OUTCOMES, case_files, load_case, mismatches, run_case

from registry.model.verification import MEANING
from registry.validate.lookalikes import name_key

REPO = CASES.parent.parent
RUNNER = REPO / "tests" / "js" / "verify-cases.mjs"
ASSETS = REPO / "registry" / "publish" / "assets"
TIMEOUT = 180
FILES = case_files()
WORDS = {js: py for py, js in OUTCOMES.items()}


@pytest.fixture(scope="session")
def node() -> str:
    return node_binary(20, "SHARED CASE TABLE NOT RUN IN THE BROWSER CORE", "the browser core")


@pytest.fixture(scope="module")
def results(node: str) -> dict[str, dict[str, Any]]:
    """Every case of the table, in one node process."""
    proc = subprocess.run([node, str(RUNNER), str(CASES)], capture_output=True, text=True, check=False,
                          timeout=TIMEOUT, cwd=REPO)
    assert proc.returncode == 0, f"verify-cases.mjs failed (exit {proc.returncode}):\n{proc.stderr}"
    return {r["name"]: r for r in json.loads(proc.stdout)}


@pytest.mark.parametrize("path", FILES, ids=[f"{p.parent.name}/{p.stem}" for p in FILES])
def test_case(results: dict[str, dict[str, Any]], path: Path) -> None:
    case = load_case(path)
    result = results[case.id]
    shown = "\n".join(f"    [{s['outcome']}] {s['name']}: {s['detail']}" for s in result["steps"])
    assert result["mismatches"] == [], f"{case.id} ({case.data['about']}):\n  " + "\n  ".join(
        result["mismatches"]) + "\n" + shown
    steps = [(s["name"], WORDS[s["outcome"]]) for s in result["steps"]]
    assert mismatches(case.browser, result["verdict"].lower(), steps) == [], shown


SAME = [p for p in FILES if "browser" not in json.loads(p.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("path", SAME, ids=[f"{p.parent.name}/{p.stem}" for p in SAME])
def test_both_runtimes_log_the_same_steps(results: dict[str, dict[str, Any]], path: Path, tmp_path: Path) -> None:
    """Beyond the named outcomes: a case without a browser override gets the same steps, in the same order."""
    case = load_case(path)
    python = [s.name for s in run_case(case, tmp_path).steps]
    assert [s["name"] for s in results[case.id]["steps"]] == python


ENDORSING = [p for p in SAME if p.parent.name == "endorsements"]
SUB_STEP = re.compile(r"(proofs?|status|issuer|format|schema|endorsed)\b")


def _endorsement_details(steps: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The endorsement steps' details, cut after the name of the sub-step a non-holding one failed on (that
    sub-step's own detail is the runtime's, e.g. a proof's wording)."""
    cut = []
    for name, detail in steps:
        if name.startswith(("endorsement", "endorsed")):
            parts = detail.split(": ")
            failed_on = next((i for i, p in enumerate(parts) if i >= 2 and SUB_STEP.match(p)), None)
            cut.append((name, ": ".join(parts[:failed_on + 1]) if failed_on is not None else detail))
    return cut


@pytest.mark.parametrize("path", ENDORSING, ids=[p.stem for p in ENDORSING])
def test_endorsement_steps_read_the_same(results: dict[str, dict[str, Any]], path: Path, tmp_path: Path) -> None:
    """What an endorsement step says (what is endorsed, why one does not hold) is the same words in both runtimes."""
    case = load_case(path)
    python = _endorsement_details([(s.name, s.detail) for s in run_case(case, tmp_path).steps])
    assert python, f"{case.id} has no endorsement step"
    assert _endorsement_details([(s["name"], s["detail"]) for s in results[case.id]["steps"]]) == python


def test_runner_reads_every_case(results: dict[str, dict[str, Any]]) -> None:
    assert sorted(results) == sorted(f"{p.parent.name}/{p.stem}" for p in FILES)


def _node_eval(node: str, script: str) -> Any:
    proc = subprocess.run([node, "--input-type=module", "-e", script], capture_output=True, text=True,
                          check=False, timeout=TIMEOUT, cwd=ASSETS)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_verdict_meanings_are_the_same_words(node: str) -> None:
    got = _node_eval(node, 'import { MEANING } from "./verify-common.js"; console.log(JSON.stringify(MEANING));')
    assert got == {verdict.value.upper(): text for verdict, text in MEANING.items()}


NAMES = ["Sprintwise", "SPRINTWISE.", "Sprint-wise", "Sprintwise™", "S p r i n t w i s e", "Ṡprintwise",
         "Ѕprintwise", "Sprіntwise", "Sprintwise Official", "Northlight Design School", "N0rthlight Des1gn",
         "Open Skills Accreditation Council", "Straße", "Ελληνικά", "", "!!!", "ｓｐｒｉｎｔｗｉｓｅ",
         "Sprintwi\u200bse", "Cafe\u0301", "rn m vv w cl d"]


def test_name_keys_match_the_python_ones(node: str) -> None:
    """The port in verify-identity.js gives lookalikes.name_key's key for names that read as ASCII."""
    got = _node_eval(node, 'import { nameKey } from "./verify-identity.js"; '
                           f"console.log(JSON.stringify({json.dumps(NAMES)}.map(nameKey)));")
    expected = [name_key(n) for n in NAMES]
    differ = [(n, g, e) for n, g, e in zip(NAMES, got, expected, strict=True) if g != e and e.isascii()]
    assert differ == []


def test_name_key_table_is_current() -> None:
    """verify-namekeys.js is generated from registry/validate/names.py (tests/js/name_keys.py)."""
    import sys
    sys.path.insert(0, str(REPO / "tests" / "js"))
    from name_keys import module_text
    assert (ASSETS / "verify-namekeys.js").read_text(encoding="utf-8") == module_text(), \
        "regenerate: PYTHONPATH=.:tests/js python3 -c \"import name_keys; open('registry/publish/assets/" \
        "verify-namekeys.js','w').write(name_keys.module_text())\""
