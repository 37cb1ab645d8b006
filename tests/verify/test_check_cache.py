"""The check's cache of passes: hostile cases. With the cache warm from a clean registry, every change is
refused exactly as a cold check refuses it, a cache of anything but this module's making only costs time,
and no key survives a change to the checker's code, contexts or schemas."""
from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import pytest
from support import REPO, award_for, fixture_signing_key

from registry.check import check_registry
from registry.crypto.multikey import decode_public_key
from registry.verify import cache as cache_module
from registry.verify.cache import CACHE_FILE, PassCache, package_fingerprint

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)
AWARD_GLOB = "credentials/acme/intro-python/awards/*.json"


def replace_in(root: Path, rel: str, old: str, new: str) -> None:
    path = next(root.glob(rel)) if "*" in rel else root / rel
    text = path.read_text()
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new, 1))


def move_award(root: Path) -> None:
    """The same bytes under another badge class: the path is part of every key."""
    award = next(root.glob(AWARD_GLOB))
    target = root / "credentials/acme/python-developer/awards" / award.name
    target.parent.mkdir(parents=True, exist_ok=True)
    award.rename(target)


def other_key(root: Path) -> None:
    """acme's profile names another public key (globex's): every signature of acme's must fail again."""
    replace_in(root, "issuers/acme/issuer.yaml", fixture_signing_key("acme").public_multibase,
               fixture_signing_key("globex", "key-2").public_multibase)


# (name, change made after a warm check, a code the cold check gives for it)
CHANGES: list[tuple[str, Callable[[Path], None], str]] = [
    ("award signed value edited", lambda r: replace_in(r, AWARD_GLOB, '"value": "5"', '"value": "4"'),
     "award-signature"),
    ("award name edited", lambda r: replace_in(r, AWARD_GLOB, '"name": "Intro to Python"', '"name": "Intro to Pyth0n"'),
     "award-signature"),
    ("issuer key replaced", other_key, "award-signature"),
    ("badge class renamed", lambda r: replace_in(r, "credentials/acme/intro-python/badge.yaml", "name: Intro to Python",
                                                 "name: Intro to Snakes"), "award-content"),
    ("rubric level edited", lambda r: replace_in(r, "credentials/acme/intro-python/rubrics/v1.yaml", "points: 5",
                                                 "points: 4"), "award-rubric"),
    ("site moved", lambda r: replace_in(r, "mkdocs.yml", "https://registry.test/", "https://elsewhere.test/"),
     "site-url-changed"),
    ("award moved to another badge class", move_award, "award-badge"),
    ("unknown field in a badge class", lambda r: replace_in(r, "credentials/acme/intro-python/badge.yaml", "level: badge",
                                                            "levle: badge"), "unknown-field"),
    ("hidden character in an issuer profile", lambda r: replace_in(r, "issuers/acme/issuer.yaml", "trains people",
                                                                   "trains\u200b people"), "hidden-character"),
    ("script in an image", lambda r: replace_in(r, "issuers/acme/logo.svg", "</svg>", "<script>x</script></svg>"),
     "unsafe-svg"),
]


def problems(root: Path, **options: object) -> list[tuple[str, str]]:
    return sorted((p.file, p.code) for p in check_registry(root, workers=1, **options).problems)  # type: ignore[arg-type]


@pytest.mark.parametrize("name,change,code", CHANGES, ids=[c[0] for c in CHANGES])
def test_a_warm_cache_refuses_every_change_as_a_cold_check_does(signing_registry: Path, tmp_path: Path, name: str,
                                                                change: Callable[[Path], None], code: str) -> None:
    award_for(signing_registry, NOW, results={"quality": "good"})
    cache = tmp_path / "warm"
    assert problems(signing_registry, cache_dir=cache) == []
    assert problems(signing_registry, cache_dir=cache) == []  # everything now comes from the cache
    change(signing_registry)
    cold = problems(signing_registry, use_cache=False)
    assert code in {c for _, c in cold}
    assert problems(signing_registry, cache_dir=cache) == cold


def test_no_key_survives_a_change_to_the_checkers_code_contexts_or_schemas(tmp_path: Path) -> None:
    package = tmp_path / "registry"
    shutil.copytree(REPO / "registry", package, ignore=shutil.ignore_patterns("__pycache__"))
    seen = {package_fingerprint(package, "0.1.0")}
    assert package_fingerprint(package, "0.1.0") in seen  # stable
    for name, edit in [
        ("version", lambda: None),
        ("code", lambda: (package / "verify/award_content.py").write_text("# a rule changed\n", "utf-8")),
        ("context", lambda: (package / "contexts").joinpath(sorted(p.name for p in (package / "contexts").iterdir()
                                                                  if p.suffix == ".json")[0]).write_text("{}")),
        ("schema", lambda: next((package / "schemas").rglob("*.json")).write_text("{}")),
        ("new module", lambda: (package / "verify/extra.py").write_text("")),
    ]:
        edit()
        found = package_fingerprint(package, "0.2.0" if name == "version" else "0.1.0")
        assert found not in seen, name
        seen.add(found)


def test_entries_written_by_other_code_are_never_used(signing_registry: Path, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """A new checker (its fingerprint) re-verifies everything: nothing an older one cached is read."""
    award_for(signing_registry, NOW, results={"quality": "good"})
    cache = tmp_path / "c"
    assert problems(signing_registry, cache_dir=cache) == []
    asked: list[set[str]] = []
    known = PassCache.known
    monkeypatch.setattr(PassCache, "known", lambda self, keys: asked.append(known(self, keys)) or asked[-1])
    monkeypatch.setattr(cache_module, "checker_fingerprint", lambda: b"another checker")
    assert problems(signing_registry, cache_dir=cache) == []
    assert asked and not any(asked)


def plant_v1(folder: Path) -> None:
    """The previous format, holding a key for anything at all: never read."""
    db = sqlite3.connect(folder / CACHE_FILE)
    db.execute("CREATE TABLE ok (key TEXT PRIMARY KEY)")
    db.execute("INSERT INTO ok VALUES ('everything passed')")
    db.commit()
    db.close()


# (name, what the cache file is made into, what the notice says)
BROKEN: list[tuple[str, Callable[[Path], None], str]] = [
    ("garbage", lambda f: (f / CACHE_FILE).write_bytes(b"not a database" * 100), "is unreadable"),
    ("truncated sqlite", lambda f: (f / CACHE_FILE).write_bytes(b"SQLite format 3\x00" + b"\x00" * 50), "is unreadable"),
    ("foreign table", plant_v1, "does not hold this version's table"),
    ("oversized", lambda f: (f / CACHE_FILE).write_bytes(b"\x00" * 4096), "is larger than"),
]


@pytest.mark.parametrize("name,spoil,notice", BROKEN, ids=[b[0] for b in BROKEN])
def test_a_corrupt_or_foreign_cache_is_started_afresh_with_a_notice(signing_registry: Path, tmp_path: Path,
                                                                     capsys: pytest.CaptureFixture[str],
                                                                     monkeypatch: pytest.MonkeyPatch, name: str,
                                                                     spoil: Callable[[Path], None], notice: str) -> None:
    award_for(signing_registry, NOW, results={"quality": "good"})
    folder = tmp_path / "c"
    folder.mkdir()
    spoil(folder)
    if name == "oversized":
        monkeypatch.setattr(cache_module, "MAX_CACHE_BYTES", 1024)
    capsys.readouterr()
    assert problems(signing_registry, cache_dir=folder) == []
    err = capsys.readouterr().err
    assert f"credreg: the check cache {folder / CACHE_FILE} {notice}" in err and "Traceback" not in err
    assert "starting a new one (this only costs time)" in err
    monkeypatch.setattr(cache_module, "MAX_CACHE_BYTES", cache_module.MAX_CACHE_BYTES if name != "oversized" else 2**28)
    assert problems(signing_registry, cache_dir=folder) == [] and capsys.readouterr().err == ""  # rebuilt, usable


def test_a_cache_that_fails_while_reading_counts_as_empty(signing_registry: Path, tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    award_for(signing_registry, NOW, results={"quality": "good"})
    cache = PassCache(tmp_path / "c", signing_registry)
    cache.add(["00" * 32])
    assert cache.known(["00" * 32, "11" * 32]) == {"00" * 32}
    (tmp_path / "c" / CACHE_FILE).write_bytes(b"overwritten under our feet" * 200)
    fresh = PassCache.__new__(PassCache)
    fresh.__dict__.update(cache.__dict__, _known=set(), _absent=set())
    assert fresh.known(["00" * 32]) == set()
    assert "could not be read" in capsys.readouterr().err


def test_a_tampered_award_is_refused_even_with_its_old_style_key_planted(signing_registry: Path, tmp_path: Path) -> None:
    """Entries only say "this key passed": a key computed some other way (here, without the checker's
    fingerprint, as the previous format did) names nothing a check asks for."""
    import hashlib
    path = award_for(signing_registry, NOW, results={"quality": "good"})
    replace_in(signing_registry, AWARD_GLOB, '"value": "5"', '"value": "4"')
    folder = tmp_path / "c"
    cache = PassCache(folder, signing_registry)
    public = decode_public_key(fixture_signing_key("acme").public_multibase)
    planted = []
    for index in (b"0", b"1"):
        digest = hashlib.sha256()
        for part in (b"proof", path.read_bytes(), index, public):
            digest.update(len(part).to_bytes(8, "big") + part)
        planted.append(digest.hexdigest())
    cache.add(planted)
    assert [c for _, c in problems(signing_registry, cache_dir=folder)] == ["award-signature"] * 2
