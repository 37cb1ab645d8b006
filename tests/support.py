"""What the test modules share: plain functions and constants, imported as `from support import ...`.

Fixtures live in conftest.py; test modules never import one another. Every key here has a public seed:
test use only.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from registry.crypto.jsonld import Loader, make_loader
from registry.crypto.multikey import decode_public_key, decode_secret_key, encode_public_key

REPO = Path(__file__).resolve().parent.parent
TESTS = REPO / "tests"

# --- a minimal registry, written into a temporary folder -------------------------------------------------


def fixture_key(label: str) -> str:
    """A deterministic Ed25519 public key (Multikey) for fixtures."""
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
    """The files of a minimal valid registry: its mkdocs.yml, two issuers, three badge classes."""
    return {
        "mkdocs.yml": MKDOCS_YML,
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


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Write `files` (relative path → text or bytes) under `root`."""
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


SITE_URL = "https://registry.test/"
MKDOCS_YML = f"site_name: Test Registry\nsite_url: {SITE_URL}\ndocs_dir: overrides/docs\n"
SITE_CONFIG = "theme:\n  name: material\n  font: false\nplugins:\n  - search\n  - credreg\n"  # for tests that build


def copy_example_registry(dest: Path) -> Path:
    """The example registry's issuers, credentials and mkdocs.yml, copied to `dest` (a new folder)."""
    shutil.copytree(REPO / "issuers", dest / "issuers")
    shutil.copytree(REPO / "credentials", dest / "credentials")
    shutil.copy(REPO / "mkdocs.yml", dest / "mkdocs.yml")
    return dest


def leftovers(root: Path) -> list[str]:
    """What interrupted atomic writes left under `root` (temporaries, backups, journals)."""
    from registry import atomic
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if atomic.is_leftover(p.name))


# --- signing: fixture keys, and awards made by the code `credreg award` runs ---------------------------------

def fixture_signing_key(issuer_id: str, key_id: str = "key-1"):  # type: ignore[no-untyped-def]
    """A deterministic SigningKey for tests."""
    from registry.keys.store import from_seed
    seed = hashlib.sha256(f"credreg-test:{issuer_id}:{key_id}".encode()).digest()
    return from_seed(issuer_id, key_id, seed, hashlib.sha256(f"recipients:{issuer_id}".encode()).digest())


def signing_files() -> dict[str, str | bytes]:
    """`base_files()` with the issuers' keys replaced by ones `fixture_signing_key` can sign for."""
    files: dict[str, str | bytes] = dict(base_files())
    for issuer in ("acme", "globex"):
        path = f"issuers/{issuer}/issuer.yaml"
        files[path] = str(files[path]).replace(fixture_key(issuer), fixture_signing_key(issuer).public_multibase)
    return files


def award_for(root: Path, when: datetime, *, badge: str = "acme/intro-python", email: str = "ada@example.net",
              seed: int = 1, key_id: str = "key-1", **details: Any) -> Path:
    """One real award of `badge` in the registry at `root`, signed with its issuer's fixture key (a repeat
    of a badge class the recipient holds is allowed, as `--retake`: fixtures build histories)."""
    import random

    from registry.award import issue
    ctx = issue.open_registry(root, fixture_signing_key(badge.split("/")[0], key_id), when)
    details.setdefault("retake", True)
    return issue.award_one(ctx, badge, email, when, random.Random(seed), **details)


# A fixed Ed25519 key for credentials signed outside a registry (did:key, did:web, https controllers).
TEST_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
TEST_PUBLIC_RAW = TEST_KEY.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
TEST_PUBLIC = encode_public_key(TEST_PUBLIC_RAW)

# --- the project's copies of published test vectors ------------------------------------------------------------

VECTORS = TESTS / "vectors"
W3C = VECTORS / "w3c-vc-di-eddsa"
REF = VECTORS / "reference-signed"
EXAMPLES_CONTEXT = "https://www.w3.org/ns/credentials/examples/v2"
REF_ISSUER = "did:web:registry.test:issuers:refiss"


def read_json(path: Path) -> Any:
    """A JSON file, parsed afresh (tests may mutate what they get)."""
    return json.loads(path.read_text(encoding="utf-8"))


@cache
def w3c_loader() -> Loader:
    """The product's contexts plus the W3C examples context, which only these tests may use."""
    return make_loader({EXAMPLES_CONTEXT: read_json(W3C / "contexts" / "credentials-examples-v2.jsonld")})


def w3c_public_key() -> bytes:
    """The raw public key of the W3C vectors' key pair."""
    return decode_public_key(read_json(W3C / "keyPair.json")["publicKeyMultibase"])


def w3c_private_key() -> Ed25519PrivateKey:
    """The W3C vectors' signing key (the file names it privateKeyMultibase, not secretKeyMultibase)."""
    secret = read_json(W3C / "keyPair.json")["privateKeyMultibase"]
    return Ed25519PrivateKey.from_private_bytes(decode_secret_key(secret))


def ref_public_key() -> bytes:
    """The reference issuer's key, as its did:web DID document publishes it."""
    did = read_json(REF / "site" / "issuers" / "refiss" / "did.json")
    return decode_public_key(did["verificationMethod"][0]["publicKeyMultibase"])


# --- headless Chromium (the `browser` fixture) ------------------------------------------------------------------

CHROMIUM = Path("/usr/bin/chromium")
INSECURE_HOST = "insecure.test"  # mapped to 127.0.0.1 inside Chromium only: an http origin that is not secure
LAUNCH_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               f"--host-resolver-rules=MAP {INSECURE_HOST} 127.0.0.1"]
NO_CHROMIUM = ("!!! /usr/bin/chromium IS MISSING: browser tests were NOT RUN. "
               "Install it with: apt-get update && apt-get install -y chromium !!!")

# --- Digital Bazaar's verifier under node (tests/interop; the `node` fixture) -------------------------------

INTEROP = TESTS / "interop"
INTEROP_VERIFY_AT = "2026-06-01T00:00:00Z"   # passed to vc.verifyCredential as `now`: no wall clock
NODE_TIMEOUT = 180


@dataclass(frozen=True)
class NodeResult:
    returncode: int
    output: dict[str, Any]
    stderr: str

    def describe(self) -> str:
        return f"exit {self.returncode}\n{json.dumps(self.output, indent=2)}\n--- stderr ---\n{self.stderr}"


def run_verify(node_bin: str, credential: dict[str, Any], documents: dict[str, Any],
               now: str = INTEROP_VERIFY_AT) -> NodeResult:
    """tests/interop/verify.mjs on one credential, loading only `documents`."""
    job = {"credential": credential, "documents": documents, "now": now}
    proc = subprocess.run([node_bin, str(INTEROP / "verify.mjs")], input=json.dumps(job), cwd=INTEROP,
                          capture_output=True, text=True, check=False, timeout=NODE_TIMEOUT)
    try:
        output = json.loads(proc.stdout)
    except json.JSONDecodeError:
        pytest.fail(f"verify.mjs printed no JSON (exit {proc.returncode}):\n"
                    f"--- stdout ---\n{proc.stdout}\n--- stderr ---\n{proc.stderr}", pytrace=False)
    return NodeResult(proc.returncode, output, proc.stderr)


def _plain(value: Any) -> Any:
    """A JSON-serialisable deep copy (bundled contexts may be read-only mappings)."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def context_documents() -> dict[str, Any]:
    """URL → context, from credreg's bundled loader: the only contexts the JS verifier may load."""
    from registry.crypto.jsonld import bundled_contexts
    return {url: _plain(doc) for url, doc in bundled_contexts().items()}


# --- the network as the process sees it: every socket connect and name lookup, from an audit hook -------------

_SEEN: list[tuple[str, Any]] | None = None
_HOOKED = False


def _audit(event: str, args: tuple[Any, ...]) -> None:
    if _SEEN is not None and event in ("socket.connect", "socket.getaddrinfo"):
        _SEEN.append((event, args[1] if event == "socket.connect" else args[0]))


@contextmanager
def network_seen() -> Iterator[list[tuple[str, Any]]]:
    """Record every connect and name lookup inside the block (the hook is added on first use)."""
    global _SEEN, _HOOKED
    if not _HOOKED:
        sys.addaudithook(_audit)
        _HOOKED = True
    _SEEN = seen = []
    try:
        yield seen
    finally:
        _SEEN = None


def connects(seen: list[tuple[str, Any]]) -> list[Any]:
    return [address for event, address in seen if event == "socket.connect"]


# --- network fetches against the loopback servers of tests/verify/conftest.py ----------------------------------

FETCH_NOW = datetime(2026, 6, 1, tzinfo=timezone.utc)
FETCH_BUDGET = 1.5
UNUSABLE_HINT = ("no server answered over https with a valid certificate in time; "
                 "check the URL, or use --map URL_PREFIX=DIR with a local copy")


def fetcher(servers: Any, *, private: bool = True, budget: float = FETCH_BUDGET) -> Any:
    """A network Fetcher that trusts the test CA of `servers` (the `servers` fixture)."""
    from registry.verify.fetch import Fetcher
    return Fetcher(allow_network=True, ssl_context=servers.trust, allow_private_network=private, time_budget=budget)


def fetch_error(f: Any, url: str) -> Any:
    """The FetchError that fetching `url` raises."""
    from registry.verify.fetch import FetchError
    with pytest.raises(FetchError) as caught:
        f.get(url)
    return caught.value


def web_did_document(did: str) -> dict[str, Any]:
    """A did:web DID document with TEST_KEY as key-1."""
    return {"@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"], "id": did,
            "verificationMethod": [{"id": f"{did}#key-1", "type": "Multikey", "controller": did,
                                    "publicKeyMultibase": TEST_PUBLIC}],
            "assertionMethod": [f"{did}#key-1"]}


FOREIGN_SALT = "pepper"


def foreign_credential(issuer: str, status: dict[str, Any] | None = None) -> dict[str, Any]:
    """An unsigned Open Badges credential of another issuer, for sam@example.org."""
    from registry.ob3.recipient import identity_hash
    doc: dict[str, Any] = {
        "@context": ["https://www.w3.org/ns/credentials/v2",
                     "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
                     "https://purl.imsglobal.org/spec/ob/v3p0/extensions.json"],
        "id": "https://issuer.example/credentials/42",
        "type": ["VerifiableCredential", "OpenBadgeCredential"],
        "issuer": {"id": issuer, "type": ["Profile"], "name": "Example Issuer"},
        "validFrom": "2026-01-01T00:00:00Z",
        "name": "Example Badge",
        "credentialSubject": {
            "type": ["AchievementSubject"],
            "identifier": [{"type": "IdentityObject", "hashed": True, "identityType": "emailAddress",
                            "identityHash": identity_hash("sam@example.org", FOREIGN_SALT), "salt": FOREIGN_SALT}],
            "achievement": {"id": "https://issuer.example/achievements/1", "type": ["Achievement"],
                            "name": "Example", "description": "An example.", "criteria": {"narrative": "Do it."}},
        },
    }
    if status:
        doc["credentialStatus"] = status
    return doc


def signed_with_test_key(doc: dict[str, Any], vm: str, *extra_proofs: dict[str, Any]) -> dict[str, Any]:
    """`doc` with an eddsa-rdfc-2022 proof by TEST_KEY as `vm`, then `extra_proofs`."""
    from registry.crypto.dataintegrity import create_proof
    proof = create_proof(doc, TEST_KEY, vm, "eddsa-rdfc-2022", "2026-01-01T00:00:00Z")
    return {**doc, "proof": [proof, *extra_proofs]}


def web_credential(did: str) -> dict[str, Any]:
    """A credential of the issuer `did`, signed with TEST_KEY as `did`#key-1."""
    return signed_with_test_key(foreign_credential(did), f"{did}#key-1")


# --- real git repositories in temporary folders (tests/governance) -------------------------------------------

def git(repo: Path, *args: str) -> str:
    """Run git in `repo`; its output, stripped (a failing command fails the test)."""
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True).stdout.strip()


def init_repo(repo: Path, base_tag: str | None = None) -> None:
    """Make `repo` (a folder) a git repository; with `base_tag`, commit what it holds and tag that commit."""
    git(repo, "init", "-q", "-b", "main")
    git(repo, "config", "user.email", "t@example.org")
    git(repo, "config", "user.name", "T")
    if base_tag:
        commit(repo, base_tag)
        git(repo, "tag", base_tag)


def commit(repo: Path, message: str) -> str:
    """Commit everything in `repo` (even nothing), returning the new commit's id."""
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "--allow-empty", "-m", message)
    return git(repo, "rev-parse", "HEAD")
