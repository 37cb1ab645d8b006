"""Private key files never land in a git work tree: the registry's, or any other checkout's.

Each case runs the real command in a subprocess and checks its whole error output (no traceback).
"""
from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from support import REPO

from registry.keys import store


@dataclass(frozen=True)
class Place:
    """Where a case asks the key to go, and the folder that must make it refuse (None: accepted)."""

    out: Path
    tree: Path | None
    registry: bool = False  # refused as the registry itself rather than as another checkout
    resolved: Path | None = None  # what `out` really is, when a symbolic link leads elsewhere


def git_init(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(folder)], check=True, capture_output=True)
    return folder


def inside_root(tmp: Path, root: Path) -> Place:
    return Place(root / "keys" / "acme.json", root, registry=True)


def inside_git_repo(tmp: Path, root: Path) -> Place:
    checkout = git_init(tmp / "checkout-a")
    return Place(checkout / "acme.json", checkout)


def inside_subfolder_of_repo(tmp: Path, root: Path) -> Place:
    checkout = git_init(tmp / "checkout-a")
    (checkout / "notes").mkdir()
    return Place(checkout / "notes" / "private" / "acme.json", checkout)


def via_symlink_into_repo(tmp: Path, root: Path) -> Place:
    checkout = git_init(tmp / "checkout-a")
    (checkout / "sub").mkdir()
    (tmp / "innocent-looking").symlink_to(checkout / "sub", target_is_directory=True)
    return Place(tmp / "innocent-looking" / "acme.json", checkout, resolved=checkout / "sub" / "acme.json")


def inside_worktree_with_git_file(tmp: Path, root: Path) -> Place:
    worktree = tmp / "worktree-w"
    worktree.mkdir()
    (worktree / ".git").write_text("gitdir: ../checkout-a/.git/worktrees/worktree-w\n")  # as `git worktree add` does
    return Place(worktree / "keys" / "acme.json", worktree)


def outside_any_work_tree(tmp: Path, root: Path) -> Place:
    return Place(tmp / "safe" / "acme" / "key-a.json", None)


CASES: dict[str, Callable[[Path, Path], Place]] = {
    "inside-root": inside_root,
    "inside-another-git-repo": inside_git_repo,
    "inside-a-subfolder-of-that-repo": inside_subfolder_of_repo,
    "via-a-symlink-into-that-repo": via_symlink_into_repo,
    "inside-a-worktree-with-a-git-file": inside_worktree_with_git_file,
    "outside-any-work-tree": outside_any_work_tree,
}


@pytest.fixture
def keyless(signing_registry: Path, tmp_path: Path) -> Path:
    """The signing registry with acme's key removed, as a new issuer starts."""
    if store.work_tree_of(tmp_path.resolve()) is not None:
        pytest.skip(f"!!! the temporary folder {tmp_path} is inside a git work tree: key path tests NOT RUN !!!")
    path = signing_registry / "issuers/acme/issuer.yaml"
    path.write_text(path.read_text().split("keys:")[0] + "keys: []\n")
    return signing_registry


def credreg(*argv: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "registry", *argv], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, **(env or {})}, timeout=120)


def refusal(place: Place, default_dir: Path) -> str:
    what = "the registry" if place.registry else "a git work tree"
    detail = f"it resolves to {place.resolved}, which is" if place.resolved else "it is"
    return (f"error: refusing to write a private key inside {what} ({place.out}): {detail} inside {place.tree}\n"
            f"  hint: keep private keys out of every checkout: leave out --out to use the default key folder "
            f"({default_dir}), or choose a folder outside any git work tree\n")


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_keygen_out_path(case: Callable[[Path, Path], Place], keyless: Path, tmp_path: Path) -> None:
    place = case(tmp_path, keyless)
    issuer_file = keyless / "issuers/acme/issuer.yaml"
    before = issuer_file.read_bytes()
    result = credreg("keygen", "acme", "--root", str(keyless), "--key-id", "key-a", "--out", str(place.out))
    assert "Traceback" not in result.stderr + result.stdout
    if place.tree is None:
        assert result.returncode == 0, result.stderr
        assert stat.S_IMODE(place.out.stat().st_mode) == 0o600
        assert store.load(place.out).public_multibase in issuer_file.read_text()
        assert f"private key written to {place.out} (mode 0600)" in result.stdout
        assert not [p.name for p in place.out.parent.iterdir() if p.name != place.out.name]  # no temporary left
    else:
        assert result.returncode == 1
        assert result.stderr == refusal(place, (tmp_path / "keys").resolve())
        assert not (place.resolved or place.out).exists()
        assert issuer_file.read_bytes() == before  # nothing half-done


def test_rotate_out_into_a_git_repo_is_refused(keyless: Path, tmp_path: Path) -> None:
    assert credreg("keygen", "acme", "--root", str(keyless), "--key-id", "key-a").returncode == 0
    issuer_file = keyless / "issuers/acme/issuer.yaml"
    before = issuer_file.read_bytes()
    place = inside_subfolder_of_repo(tmp_path, keyless)
    result = credreg("key", "rotate", "--root", str(keyless), "--key", str(tmp_path / "keys/acme/key-a.json"),
                     "--key-id", "key-b", "--out", str(place.out))
    assert result.returncode == 1
    assert result.stderr == refusal(place, (tmp_path / "keys").resolve())
    assert issuer_file.read_bytes() == before and not place.out.exists()


def test_a_default_key_folder_inside_a_checkout_is_refused(keyless: Path, tmp_path: Path) -> None:
    dotfiles = git_init(tmp_path / "home-in-git")
    key_dir = dotfiles / ".config" / "credreg" / "keys"
    result = credreg("keygen", "acme", "--root", str(keyless), "--key-id", "key-a", env={"CREDREG_KEY_DIR": str(key_dir)})
    out = key_dir / "acme" / "key-a.json"
    assert result.returncode == 1
    assert result.stderr == (
        f"error: refusing to write a private key inside a git work tree ({out}): it is inside {dotfiles}\n"
        f"  hint: the default key folder ({key_dir}) is inside a checkout too: set CREDREG_KEY_DIR to a folder "
        "outside any git work tree, or give --out there\n")
    assert not key_dir.exists()
