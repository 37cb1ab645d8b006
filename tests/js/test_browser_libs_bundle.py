"""The /verify/ page's third-party code and its contexts, as scripts/bundle_browser_libs.py builds them.

- verify-contexts.js is exactly what the script generates from registry/contexts/, and holds the same
  contexts as the Python verifier's bundle (same URLs, same SHA-256, same documents), so the two never drift;
- the committed vendor/jsonld.bundle.js names its pinned packages, each with its license beside it;
- (node) the bundle is reproducible: the script, run again into a temporary folder (`npm ci` of the pinned
  packages, esbuild with fixed options), gives byte-identical files.
"""
from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from support import REPO

from registry.crypto.jsonld import bundled_contexts

SCRIPT = REPO / "scripts" / "bundle_browser_libs.py"
ASSETS = REPO / "registry" / "publish" / "assets"
VENDOR = ASSETS / "vendor"
PINNED = REPO / "scripts" / "browser-libs" / "package.json"
ENTRY = re.compile(r'^  ("[^"]+"): (\{.*\}),$')


def script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bundle_browser_libs", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def committed_contexts() -> dict[str, dict[str, str]]:
    """URL → {file, sha256, text} as the committed verify-contexts.js holds them."""
    entries = {}
    for line in (ASSETS / "verify-contexts.js").read_text(encoding="utf-8").splitlines():
        match = ENTRY.match(line)
        if match:
            entries[json.loads(match.group(1))] = json.loads(match.group(2))
    return entries


def test_contexts_module_is_what_the_script_generates() -> None:
    assert (ASSETS / "verify-contexts.js").read_text(encoding="utf-8") == script().contexts_module(), \
        "verify-contexts.js is stale: run python3 scripts/bundle_browser_libs.py --contexts-only"


def test_contexts_module_equals_the_python_bundle() -> None:
    js, python = committed_contexts(), bundled_contexts()
    assert sorted(js) == sorted(python)
    for url, entry in js.items():
        assert hashlib.sha256(entry["text"].encode("utf-8")).hexdigest() == entry["sha256"], url
        assert json.loads(entry["text"]) == python[url], url


def test_bundle_names_pinned_packages_and_ships_their_licenses() -> None:
    header = (VENDOR / "jsonld.bundle.js").read_text(encoding="utf-8").split("\n", 1)[0]
    packages = re.findall(r"([@\w./-]+)@(\d+\.\d+\.\d+)", header)
    names = [name for name, _ in packages]
    assert {"jsonld", "rdf-canonize"} <= set(names), header
    pinned = json.loads(PINNED.read_text(encoding="utf-8"))["dependencies"]
    assert all(dict(packages)[name] == version for name, version in pinned.items()), (header, pinned)
    licenses = sorted(p.name for p in (VENDOR / "licenses").iterdir())
    assert [n for n in names if not any(lic.startswith(n.replace("/", "__") + "-LICENSE") for lic in licenses)] == []
    assert len(licenses) == len(names)


def test_bundle_is_loaded_by_the_rdfc_module_only() -> None:
    """Only verify-rdfc.js imports the bundle and the contexts, lazily (dynamic import): only a page verifying an
    RDFC proof loads them."""
    importers = [p.name for p in ASSETS.glob("*.js") if "jsonld.bundle.js" in p.read_text(encoding="utf-8")]
    assert importers == ["verify-rdfc.js"]
    rdfc = (ASSETS / "verify-rdfc.js").read_text(encoding="utf-8")
    assert 'import("./vendor/jsonld.bundle.js")' in rdfc and 'import("./verify-contexts.js")' in rdfc
    assert [p.name for p in ASSETS.glob("*.js") if 'from "./verify-contexts.js"' in p.read_text(encoding="utf-8")] == []


@pytest.mark.node
def test_bundle_is_reproducible(tmp_path: Path) -> None:
    if not shutil.which("npm") or not shutil.which("node"):
        pytest.skip("!!! BUNDLE REPRODUCIBILITY NOT TESTED: node and npm are needed !!!")
    proc = subprocess.run([sys.executable, str(SCRIPT), "--out", str(tmp_path)], capture_output=True, text=True,
                          check=False, timeout=600)
    assert proc.returncode == 0, proc.stderr
    built = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(["verify-contexts.js"] + [p.relative_to(ASSETS).as_posix() for p in VENDOR.rglob("*")
                                                 if p.is_file()])
    assert built == committed
    for rel in built:
        assert (tmp_path / rel).read_bytes() == (ASSETS / rel).read_bytes(), f"{rel} differs when rebuilt"
