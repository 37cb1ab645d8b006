"""Reading a pull request's changes from a real git repository: revisions, file changes, exported trees."""
from __future__ import annotations

from pathlib import Path

import pytest
from support import git, init_repo

from registry.errors import GitError
from registry.governance.git import export_tree, read_changes, resolve


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    init_repo(root)
    (root / "kept.txt").write_text("same\n")
    (root / "edited.txt").write_text("before\n")
    (root / "gone.txt").write_text("bye\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "base")
    git(root, "tag", "base")
    (root / "edited.txt").write_text("after\n")
    (root / "gone.txt").unlink()
    (root / "new").mkdir()
    (root / "new" / "file.txt").write_text("hello\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "head")
    return root


def test_changes_between_two_commits(repo: Path) -> None:
    changes = read_changes(repo, "base", "HEAD")
    assert [(c.path, c.status, c.before, c.after) for c in changes.changes] == [
        ("edited.txt", "modified", b"before\n", b"after\n"),
        ("gone.txt", "deleted", b"bye\n", None),
        ("new/file.txt", "added", None, b"hello\n"),
    ]
    assert changes.base == git(repo, "rev-parse", "base") and changes.head == git(repo, "rev-parse", "HEAD")


def test_a_tree_is_exported_as_it_was(repo: Path, tmp_path: Path) -> None:
    tree = export_tree(repo, "base", tmp_path / "base")
    assert sorted(p.relative_to(tree).as_posix() for p in tree.rglob("*") if p.is_file()) == \
        ["edited.txt", "gone.txt", "kept.txt"]
    assert (tree / "edited.txt").read_text() == "before\n"


BAD_REVISIONS = [  # (name, revision, message)
    ("an option", "--output=/tmp/x", "'--output=/tmp/x' is not a revision"),
    ("empty", "", "'' is not a revision"),
    ("with a space", "main HEAD", "'main HEAD' is not a revision"),
    ("unknown", "no-such-branch", "'no-such-branch' names no commit in"),
]


@pytest.mark.parametrize("rev, message", [c[1:] for c in BAD_REVISIONS], ids=[c[0] for c in BAD_REVISIONS])
def test_bad_revisions_are_refused(repo: Path, rev: str, message: str) -> None:
    with pytest.raises(GitError) as raised:
        resolve(repo, rev)
    assert raised.value.message.startswith(message)


def test_not_a_repository(tmp_path: Path) -> None:
    with pytest.raises(GitError, match="names no commit"):
        read_changes(tmp_path, "HEAD~1")


def test_a_link_out_of_the_tree_is_refused(repo: Path, tmp_path: Path) -> None:
    (repo / "escape").symlink_to("/etc/passwd")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "link")
    with pytest.raises(GitError, match="cannot be exported safely"):
        export_tree(repo, "HEAD", tmp_path / "out")


ATTRIBUTES = [  # (name, .gitattributes line, the file it aims at)
    ("export-ignore would hide a file from the check", "hidden.txt export-ignore\n", "hidden.txt"),
    ("export-subst would rewrite a file", "subst.txt export-subst\n", "subst.txt"),
]


@pytest.mark.parametrize("line, name", [c[1:] for c in ATTRIBUTES], ids=[c[0] for c in ATTRIBUTES])
def test_the_trees_own_attributes_never_change_what_is_exported(repo: Path, tmp_path: Path, line: str,
                                                                name: str) -> None:
    (repo / ".gitattributes").write_text(line)
    (repo / name).write_text("$Format:%H$ exactly as committed\n")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "attributes")
    tree = export_tree(repo, "HEAD", tmp_path / "out")
    assert (tree / name).read_text() == "$Format:%H$ exactly as committed\n"


def test_a_link_inside_the_tree_is_kept_for_the_check_to_report(repo: Path, tmp_path: Path) -> None:
    (repo / "inside").symlink_to("kept.txt")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "link")
    tree = export_tree(repo, "HEAD", tmp_path / "out")
    assert (tree / "inside").is_symlink() and (tree / "inside").read_text() == "same\n"
