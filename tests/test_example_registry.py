"""The shipped example registry: it checks clean, has what the issues ask for, and regenerates byte for byte."""
from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from support import REPO

from registry.check import check_registry

AS_OF = datetime(2026, 11, 28, tzinfo=timezone.utc)


def test_example_registry_checks_clean() -> None:
    result = check_registry(REPO)
    assert result.problems == ()
    registry = result.registry
    assert registry is not None
    assert {i.kind for i in registry.issuers.values()} >= {"marketplace", "school", "accreditor"}
    assert all(i.demo for i in registry.issuers.values())
    assert len(registry.badges) >= 8
    assert {b.level for b in registry.badges.values()} == {"badge", "micro-credential", "full-credential"}
    assert sum(len(b.rubrics) > 1 for b in registry.badges.values()) >= 3
    assert len(registry.awards) >= 40
    assert len(registry.revocations) >= 3
    expired = [a for a in registry.awards.values()
               if a.valid_until and a.valid_until < AS_OF]
    assert len(expired) >= 2
    old_key = [a for a in registry.awards.values() if a.proofs[0].key_id == "key-2024"]
    assert old_key, "some awards predate Sprintwise's key rotation"


def test_demo_awards_regenerate_byte_for_byte(tmp_path: Path) -> None:
    copy = tmp_path / "registry"
    shutil.copytree(REPO, copy, ignore=shutil.ignore_patterns(".git", "site", "node_modules", "__pycache__", "*.egg-info"))
    subprocess.run([sys.executable, str(REPO / "scripts" / "make_demo_registry.py"), "--root", str(copy)],
                   check=True, capture_output=True)
    for path in sorted((REPO / "credentials").rglob("*")):
        if path.is_file():
            assert (copy / path.relative_to(REPO)).read_bytes() == path.read_bytes(), path
    generated = {p.relative_to(copy) for p in (copy / "credentials").rglob("*") if p.is_file()}
    assert generated == {p.relative_to(REPO) for p in (REPO / "credentials").rglob("*") if p.is_file()}


def test_example_pathways_are_coherent() -> None:
    """Whoever holds a stacked credential holds what it builds on, earlier, from the same issuer:
    the salted recipient hashes match without revealing anyone (see the README's Recipients)."""
    registry = check_registry(REPO).registry
    assert registry is not None
    held: dict[tuple[str, str], datetime] = {}  # (badge key, identity hash) → earliest award date
    for award in registry.awards.values():
        key = (award.badge_key, award.recipient.identity_hash)
        held[key] = min(held.get(key, award.valid_from), award.valid_from)
    stacked = 0
    for award in registry.awards.values():
        badge = registry.badges[award.badge_key]
        for prerequisite in badge.builds_on:
            stacked += 1
            earliest = held.get((prerequisite, award.recipient.identity_hash))
            assert earliest is not None and earliest < award.valid_from, (award.id, prerequisite)
    assert stacked >= 20
