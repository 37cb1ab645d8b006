"""Fixtures, and the markers each test gets from where it lives. Shared plain helpers are in support.py."""
from __future__ import annotations

import json
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from node_support import node_binary
from support import (
    CHROMIUM,
    INTEROP,
    LAUNCH_ARGS,
    MKDOCS_YML,
    NO_CHROMIUM,
    REPO,
    TESTS,
    base_files,
    signing_files,
    write_tree,
)

from registry.model import Registry

# --- markers: by folder, by module, by the fixtures a test uses -------------------------------------------

FOLDER_MARKERS = {"browser": "browser", "js": "node", "interop": "node", "ob2": "ob2"}
FIXTURE_MARKERS = {"browser": "browser", "node": "node", "validator_python": "ob2"}
SLOW_MODULES = {"test_check_never_crashes.py", "test_verify_never_crashes.py"}  # fuzz: many mutated inputs
SLOW_TESTS = {
    "test_any_value_anywhere_gives_findings_not_tracebacks",  # fuzz: 8 seeds x 60 hostile values
    "test_award_killed_at_random_moments_is_all_or_nothing",  # kills at random moments
    "test_revoke_killed_at_random_moments_is_all_or_nothing",
    "test_rotate_killed_at_random_moments_is_old_or_new",
    "test_find_lookalikes_handles_ten_thousand_names",  # big inputs
    "test_demo_awards_regenerate_byte_for_byte",  # re-awards every credential of the example registry
}


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark every test: `browser`, `node`, `ob2` by folder or fixture, `slow` by module or name.

    A new file in tests/browser/, tests/js/, tests/interop/ or tests/ob2/ is marked by its folder alone."""
    for item in items:
        path = Path(str(item.path))
        parts = path.relative_to(TESTS).parts if TESTS in path.parents else ()
        names = {FOLDER_MARKERS[part] for part in parts[:-1] if part in FOLDER_MARKERS}
        names |= {marker for fixture, marker in FIXTURE_MARKERS.items() if fixture in getattr(item, "fixturenames", ())}
        if path.name in SLOW_MODULES or getattr(item, "originalname", item.name) in SLOW_TESTS:
            names.add("slow")
        for name in sorted(names):
            item.add_marker(name)


# --- registries in a temporary folder -------------------------------------------------------------------------

@pytest.fixture
def make_registry(tmp_path: Path) -> Callable[..., Path]:
    """Build the minimal registry, apply changes (None deletes a file), return its root."""
    def make(changes: dict[str, str | bytes | None] | None = None) -> Path:
        files: dict[str, str | bytes | None] = dict(base_files())
        files.update(changes or {})
        root = tmp_path / "registry"
        return write_tree(root, {k: v for k, v in files.items() if v is not None})
    return make


@pytest.fixture
def signing_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The minimal registry with mkdocs.yml and issuer keys that `fixture_signing_key` can sign for.

    Keys and caches go to folders outside the registry, as they would on an issuer's machine.
    """
    monkeypatch.setenv("CREDREG_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("CREDREG_CACHE_DIR", str(tmp_path / "cache"))
    files = signing_files()
    files["mkdocs.yml"] = MKDOCS_YML
    return write_tree(tmp_path / "registry", files)


@pytest.fixture(scope="session")
def check_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One `cache_dir` for the check, shared by the tests that check many nearly identical registries.

    The cache records successes only, keyed by everything a check depends on: a mutated file is never
    in it, so sharing it skips the unchanged files' signatures and nothing else."""
    return tmp_path_factory.mktemp("check-cache")


# --- headless Chromium ------------------------------------------------------------------------------------------

@pytest.fixture(scope="session")
def browser():  # type: ignore[no-untyped-def]
    """One headless Debian Chromium for the whole run, driven by Playwright (never a downloaded browser).

    Session scope: Playwright's sync API runs an event loop, so two instances must never overlap.
    """
    if not CHROMIUM.exists():
        pytest.skip(NO_CHROMIUM)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


# --- node, with tests/interop's pinned npm packages --------------------------------------------------------------

def _npm_dependencies_installed() -> bool:
    """Every package.json dependency is in node_modules at its pinned version."""
    deps = json.loads((INTEROP / "package.json").read_text(encoding="utf-8"))["dependencies"]
    for name, version in deps.items():
        manifest = INTEROP / "node_modules" / name / "package.json"
        if not manifest.is_file() or json.loads(manifest.read_text(encoding="utf-8")).get("version") != version:
            return False
    return True


@pytest.fixture(scope="session")
def node() -> str:
    """The node binary, with tests/interop/node_modules installed (npm ci once if missing)."""
    node_bin = node_binary(18, "INTEROP NOT TESTED: the Digital Bazaar verification of credreg credentials was "
                           "SKIPPED", "@digitalbazaar/vc")
    npm_bin = shutil.which("npm")
    if not npm_bin:
        pytest.skip("!!! INTEROP NOT TESTED: `npm` not found on PATH; the Digital Bazaar verification of credreg "
                    "credentials was SKIPPED. Install Node.js >= 18 with npm to run it. !!!")
    if not _npm_dependencies_installed():
        proc = subprocess.run([npm_bin, "ci", "--no-audit", "--no-fund"], cwd=INTEROP, capture_output=True,
                              text=True, check=False, timeout=600)
        if proc.returncode != 0 or not _npm_dependencies_installed():
            pytest.fail(f"`npm ci` in {INTEROP} failed (exit {proc.returncode}):\n"
                        f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}", pytrace=False)
    return node_bin


# --- the OB 2.0 validator: a Python 3.7 venv with the pinned openbadges ------------------------------------------


@pytest.fixture(scope="session")
def registry() -> Registry:
    """The shipped example registry, checked once for the run: read it, never change it."""
    from registry.check import check_registry
    result = check_registry(REPO)
    assert result.registry is not None
    return result.registry
