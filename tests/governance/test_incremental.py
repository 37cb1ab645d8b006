"""Incremental verification for a review: only what the pull request changed is verified again, every rule still runs.

Each registry here is a real git repository: the base commit checks clean, the head commit is the pull
request, and `verify_only` is what git says changed between them, as the review passes it.
"""
from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from support import award_for, commit, fixture_signing_key, init_repo

from registry.check import CheckResult, check_registry
from registry.governance.git import read_changes
from registry.keys.sign import sign
from registry.urls import SiteUrls
from registry.verify import registry_proofs

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)
URLS = SiteUrls("https://registry.test/")
TRUSTED = "verified when it was merged (unchanged since the base)"




@pytest.fixture
def base(signing_registry: Path) -> tuple[Path, list[Path]]:
    """A registry with two signed awards and acme's status list, committed as the base (which checks clean)."""
    awards = [award_for(signing_registry, NOW, seed=seed, email=f"p{seed}@example.net", results={"quality": "good"})
              for seed in (1, 2)]
    init_repo(signing_registry, base_tag="base")
    assert check_registry(signing_registry, use_cache=False).problems == ()
    return signing_registry, awards


def rel(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def tamper_proof(path: Path) -> None:
    """Change one character of the first proof's value: the file still parses, its signature no longer verifies."""
    doc = json.loads(path.read_text())
    value = doc["proof"][0]["proofValue"]
    doc["proof"][0]["proofValue"] = value[:-2] + ("A" if value[-2] != "A" else "B") + value[-1]
    path.write_text(json.dumps(doc, indent=2) + "\n")


def review(root: Path, **kw: Any) -> CheckResult:
    """The head commit checked as a review would: only the paths git says changed since the base are verified."""
    changed = read_changes(root, "base", "HEAD").paths
    return check_registry(root, use_cache=False, workers=1, verify_only=changed, **kw)


def codes(result: CheckResult) -> list[tuple[str, str]]:
    return [(p.code, p.file) for p in result.problems]


@pytest.fixture
def count_signatures(monkeypatch: pytest.MonkeyPatch) -> Callable[[], list[str]]:
    """Every proof the check verifies, by file (in this process: workers=1)."""
    seen: list[str] = []
    real = registry_proofs.verify_proof

    def counting(document: dict[str, Any], proof: dict[str, Any], public_key: bytes) -> Any:
        seen.append(str(document.get("id")))
        return real(document, proof, public_key)
    monkeypatch.setattr(registry_proofs, "verify_proof", counting)
    return lambda: seen


def test_a_changed_award_with_a_bad_signature_is_caught(base: tuple[Path, list[Path]]) -> None:
    root, (first, _) = base
    tamper_proof(first)
    commit(root, "tamper with an award")
    assert codes(review(root)) == [("award-signature", rel(root, first))]


def test_only_the_changed_award_is_verified(base: tuple[Path, list[Path]],
                                             count_signatures: Callable[[], list[str]]) -> None:
    root, (first, _) = base
    new = award_for(root, NOW, seed=3, email="p3@example.net", results={"quality": "good"})
    commit(root, "a new award")
    count_signatures().clear()  # awarding checked the registry too
    result = review(root)
    assert result.problems == ()
    assert count_signatures() == [URLS.credential(new.stem)] * 2  # its two proofs, nothing else
    assert result.registry is not None
    trusted, fresh = result.registry.awards[first.stem], result.registry.awards[new.stem]
    assert [s.detail for p in trusted.proofs for s in p.steps if s.name == "signature"] == \
        [f"eddsa-rdfc-2022 signature {TRUSTED}", f"eddsa-jcs-2022 signature {TRUSTED}"]
    assert [s.detail for s in trusted.checks if s.name == "schema"] == \
        [f"the official OB 3.0 JSON Schema (AchievementCredential): {TRUSTED}"]
    assert [s.detail for p in fresh.proofs for s in p.steps if s.name == "signature"] == \
        ["eddsa-rdfc-2022 signature verified", "eddsa-jcs-2022 signature verified"]


def test_an_unchanged_file_is_trusted_because_the_base_was_checked(base: tuple[Path, list[Path]]) -> None:
    """A file that would fail, listed as unchanged, is not verified again. That is safe only because the review
    never sees such a file for real: the base was checked (it checks clean above) before it was merged, and
    git says the file's bytes are the base's. A full check still catches it."""
    root, (first, _) = base
    tamper_proof(first)
    assert codes(check_registry(root, use_cache=False, verify_only=frozenset())) == []
    assert codes(check_registry(root, use_cache=False)) == [("award-signature", rel(root, first))]


def test_a_duplicate_status_index_between_a_new_and_an_old_award_is_caught(base: tuple[Path, list[Path]]) -> None:
    root, (first, _) = base
    copy = json.loads(first.read_text())
    copy["id"] = URLS.credential("0000000000000001")  # a new credential, signed properly, reusing the old's index
    new = first.with_name("0000000000000001.json")
    new.write_text(json.dumps(sign(copy, fixture_signing_key("acme"), URLS, NOW), indent=2) + "\n")
    commit(root, "a new award reusing a status index")
    result = review(root)
    assert codes(result) == [("duplicate-status-index", rel(root, first))]
    assert rel(root, new) in result.problems[0].message


def test_a_revocation_the_unchanged_status_list_does_not_record_is_caught(base: tuple[Path, list[Path]]) -> None:
    root, (first, _) = base
    (root / "credentials/acme/revocations.yaml").write_text(
        f'revocations:\n  - credential: {first.stem}\n    revokedAt: "2026-03-03T00:00:00Z"\n    reason: "Copied."\n')
    commit(root, "revoke without re-signing the status list")
    assert codes(review(root)) == [("status-list-mismatch", "credentials/acme/status/1.json")]


def test_a_changed_key_makes_the_issuers_unchanged_files_verify_again(base: tuple[Path, list[Path]]) -> None:
    """Signatures depend on the file and the public key: an edited issuer.yaml voids the trust in its files."""
    root, awards = base
    profile = root / "issuers/acme/issuer.yaml"
    profile.write_text(profile.read_text().replace(fixture_signing_key("acme").public_multibase,
                                                   fixture_signing_key("acme", "other").public_multibase))
    commit(root, "swap acme's public key")
    found = codes(review(root))
    assert ("award-signature", rel(root, awards[0])) in found and ("award-signature", rel(root, awards[1])) in found
    assert ("award-signature", "credentials/acme/status/1.json") in found


def test_without_verify_only_every_file_is_verified(base: tuple[Path, list[Path]],
                                                     count_signatures: Callable[[], list[str]]) -> None:
    root, _ = base
    count_signatures().clear()
    assert check_registry(root, use_cache=False, workers=1).problems == ()
    assert len(count_signatures()) == 6  # two awards and a status list, two proofs each
