"""Shared fixtures: a small valid registry written into a temporary folder, with real keys."""
from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from registry.crypto.multikey import encode_public_key

REPO = Path(__file__).resolve().parent.parent


def fixture_key(label: str) -> str:
    """A deterministic Ed25519 public key (Multikey) for fixtures; the seed is public, so test use only."""
    seed = hashlib.sha256(f"credreg-test:{label}".encode()).digest()
    raw = Ed25519PrivateKey.from_private_bytes(seed).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    return encode_public_key(raw)


SVG = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" role="img" aria-label="x">'
       '<title>x</title><circle cx="5" cy="5" r="4" fill="#345"/></svg>\n')


def issuer_yaml(name: str, key: str, kind: str = "training-provider", extra: str = "") -> str:
    return f"""name: {name}
kind: {kind}
url: https://{name.split()[0].lower()}.example/
email: badges@{name.split()[0].lower()}.example
description: |
  {name} trains people.
image: logo.svg
demo: true
maintainers:
  - login: maintainer-{name.split()[0].lower()}
    id: {int(hashlib.sha256(name.encode()).hexdigest()[:5], 16) + 1}
keys:
  - id: key-1
    type: Multikey
    publicKeyMultibase: {key}
    validFrom: "2025-01-01T00:00:00Z"
{extra}"""


def badge_yaml(name: str, level: str = "badge", builds_on: str = "[]") -> str:
    return f"""name: {name}
description: Shows {name}.
level: {level}
criteria:
  narrative: Pass the project.
image: badge.svg
skills:
  - framework: ESCO
    name: Python
tags: [python]
review:
  cadenceMonths: 12
  lastReviewed: "2026-01-10"
assessment:
  methods: [project]
  proctored: false
  idChecked: false
buildsOn: {builds_on}
"""


RUBRIC = """version: 1
published: "2026-01-10"
passThreshold: 3
criteria:
  - id: quality
    name: Quality
    levels:
      - id: good
        name: Good
        points: 5
      - id: fair
        name: Fair
        points: 2
"""


def base_files() -> dict[str, str]:
    """The files of a minimal valid registry: two issuers, three badge classes."""
    return {
        "issuers/acme/issuer.yaml": issuer_yaml("Acme Training", fixture_key("acme")),
        "issuers/acme/logo.svg": SVG,
        "issuers/globex/issuer.yaml": issuer_yaml("Globex Academy", fixture_key("globex")),
        "issuers/globex/logo.svg": SVG,
        "credentials/acme/intro-python/badge.yaml": badge_yaml("Intro to Python"),
        "credentials/acme/intro-python/badge.svg": SVG,
        "credentials/acme/intro-python/rubrics/v1.yaml": RUBRIC,
        "credentials/acme/python-developer/badge.yaml": badge_yaml("Python Developer", "micro-credential",
                                                                  "[intro-python]"),
        "credentials/acme/python-developer/badge.svg": SVG,
        "credentials/acme/python-developer/rubrics/v1.yaml": RUBRIC,
        "credentials/globex/data-basics/badge.yaml": badge_yaml("Data Basics"),
        "credentials/globex/data-basics/badge.svg": SVG,
        "credentials/globex/data-basics/rubrics/v1.yaml": RUBRIC,
    }


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write `files` (relative path → text or bytes) under `root`."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


@pytest.fixture
def make_registry(tmp_path: Path) -> Callable[..., Path]:
    """Build the minimal registry, apply changes (None deletes a file), return its root."""
    def make(changes: dict[str, str | bytes | None] | None = None) -> Path:
        files: dict[str, str | bytes | None] = dict(base_files())
        files.update(changes or {})
        root = tmp_path / "registry"
        return write_tree(root, {k: v for k, v in files.items() if v is not None})
    return make


SITE_URL = "https://registry.test/"
MKDOCS_YML = f"site_name: Test Registry\nsite_url: {SITE_URL}\ndocs_dir: overrides/docs\n"
SITE_CONFIG = "theme:\n  name: material\n  font: false\nplugins:\n  - search\n  - credreg\n"  # for tests that build


def fixture_signing_key(issuer_id: str, key_id: str = "key-1"):  # type: ignore[no-untyped-def]
    """A deterministic SigningKey for tests (public seed: never for real use)."""
    from registry.keys.store import from_seed
    seed = hashlib.sha256(f"credreg-test:{issuer_id}:{key_id}".encode()).digest()
    return from_seed(issuer_id, key_id, seed, hashlib.sha256(f"recipients:{issuer_id}".encode()).digest())


@pytest.fixture
def signing_registry(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The minimal registry with mkdocs.yml and issuer keys that `fixture_signing_key` can sign for.

    Keys and caches go to folders outside the registry, as they would on an issuer's machine.
    """
    monkeypatch.setenv("CREDREG_KEY_DIR", str(tmp_path / "keys"))
    monkeypatch.setenv("CREDREG_CACHE_DIR", str(tmp_path / "cache"))
    files: dict[str, str | bytes] = dict(base_files())
    for issuer in ("acme", "globex"):
        path = f"issuers/{issuer}/issuer.yaml"
        files[path] = files[path].replace(fixture_key(issuer), fixture_signing_key(issuer).public_multibase)
    files["mkdocs.yml"] = MKDOCS_YML
    return write_tree(tmp_path / "registry", files)


CHROMIUM = Path("/usr/bin/chromium")
INSECURE_HOST = "insecure.test"  # mapped to 127.0.0.1 inside Chromium only: an http origin that is not secure
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--host-resolver-rules=MAP {INSECURE_HOST} 127.0.0.1"]
NO_CHROMIUM = ("!!! /usr/bin/chromium IS MISSING: browser tests were NOT RUN. "
               "Install it with: apt-get update && apt-get install -y chromium !!!")


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
