"""Scaffold placeholders are `placeholder` warnings: the scaffold checks clean, `--strict` (CI) refuses it."""
from __future__ import annotations

from pathlib import Path

import pytest
from support import MKDOCS_YML, base_files, write_tree

from registry.check import check_registry
from registry.cli import main
from registry.scaffold import new_badge, new_issuer

ISSUER, BADGE = "issuers/acme-labs/issuer.yaml", "credentials/acme-labs/intro-rust/badge.yaml"
SCAFFOLD = [
    (BADGE, "description is still the scaffold's placeholder: 'Describe what a holder of this badge can do'"),
    (BADGE, "criteria.narrative is still the scaffold's placeholder: 'Complete the assessed project.'"),
    (BADGE, "skills.0.framework is still the scaffold's placeholder: 'Your skills framework'"),
    (BADGE, "skills.0.name is still the scaffold's placeholder: 'Name of one skill this badge shows'"),
    (ISSUER, "url is still the scaffold's placeholder: https://example.org/ is a reserved example address"),
    (ISSUER, "email is still the scaffold's placeholder: badges@example.org is a reserved example address"),
    (ISSUER, "description is still the scaffold's placeholder: 'Describe your organisation here'"),
    (ISSUER, "maintainers.0 is still the scaffold's placeholder: 'your-github-login' with id 1"),
]


def placeholders(root: Path) -> list[tuple[str, str]]:
    return [(p.file, p.message) for p in check_registry(root).problems if p.code == "placeholder"]


@pytest.fixture
def scaffolded(tmp_path: Path) -> Path:
    root = tmp_path / "registry"
    root.mkdir()
    (root / "mkdocs.yml").write_text(MKDOCS_YML, encoding="utf-8")
    new_issuer(root, "acme-labs")
    new_badge(root, "acme-labs/intro-rust")
    return root


def test_every_scaffold_placeholder_is_a_warning(scaffolded: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert placeholders(scaffolded) == SCAFFOLD
    assert all(p.severity.value == "warning" for p in check_registry(scaffolded).problems)
    assert main(["check", "--root", str(scaffolded)]) == 0
    assert main(["check", "--root", str(scaffolded), "--strict"]) == 1
    assert "hint: list your GitHub account: its login and numeric id" in capsys.readouterr().out


FILLED = [  # (file, text in the scaffold, what an issuer writes instead, the warning that goes)
    ("badge description", BADGE, "Describe what a holder of this badge can do.", "Writes safe Rust.", 0),
    ("criteria narrative", BADGE, "1. Complete the assessed project.", "1. Ship the CLI project.", 1),
    ("skills framework", BADGE, "framework: Your skills framework", "framework: ESCO", 2),
    ("skill name", BADGE, "name: Name of one skill this badge shows", "name: Rust programming", 3),
    ("issuer url", ISSUER, "url: https://example.org/", "url: https://acme-labs.test/", 4),
    ("issuer email", ISSUER, "email: badges@example.org", "email: badges@acme-labs.test", 5),
    ("issuer description", ISSUER, "Describe your organisation here:", "Acme Labs trains Rust developers;", 6),
    ("maintainer", ISSUER, "login: your-github-login\n    id: 1", "login: ada-l\n    id: 4242", 7),
]


@pytest.mark.parametrize("name, path, old, new, gone", FILLED, ids=[f[0] for f in FILLED])
def test_filling_in_a_placeholder_clears_its_warning(scaffolded: Path, name: str, path: str, old: str, new: str,
                                                     gone: int) -> None:
    file = scaffolded / path
    text = file.read_text(encoding="utf-8")
    assert old in text
    file.write_text(text.replace(old, new), encoding="utf-8")
    assert placeholders(scaffolded) == SCAFFOLD[:gone] + SCAFFOLD[gone + 1:]


EDGES = [  # (name, the issuer.yaml edit, the placeholder messages expected for issuers/acme/issuer.yaml)
    ("a subdomain of example.org", ("url: https://acme.example/", "url: https://badges.example.com/x"),
     ["url is still the scaffold's placeholder: https://badges.example.com/x is a reserved example address"]),
    ("upper-case example.net email", ("email: badges@acme.example", "email: Badges@EXAMPLE.NET"),
     ["email is still the scaffold's placeholder: Badges@EXAMPLE.NET is a reserved example address"]),
    ("a look-alike domain is real", ("url: https://acme.example/", "url: https://notexample.org/"), []),
    ("id 1 with a real login", ("id: ", "id: 1\n    # was: "),
     ["maintainers.0 is still the scaffold's placeholder: 'maintainer-acme' with id 1"]),
    ("the placeholder inside other text", ("trains people.", "trains people. Describe your organisation here."),
     ["description is still the scaffold's placeholder: 'Describe your organisation here'"]),
]


@pytest.mark.parametrize("name, edit, expected", EDGES, ids=[e[0] for e in EDGES])
def test_placeholder_edges(tmp_path: Path, name: str, edit: tuple[str, str], expected: list[str]) -> None:
    files = base_files()
    path = "issuers/acme/issuer.yaml"
    assert edit[0] in files[path]
    files[path] = files[path].replace(edit[0], edit[1], 1)
    root = write_tree(tmp_path / "r", files)
    assert [m for f, m in placeholders(root) if f == path] == expected


def test_registry_maintainer_placeholder(tmp_path: Path) -> None:
    files = base_files()
    files["registry.yaml"] = "maintainers:\n  - login: your-github-login\n    id: 1\n"
    root = write_tree(tmp_path / "r", files)
    problems = [(p.file, p.line, p.message) for p in check_registry(root).problems if p.code == "placeholder"]
    assert problems == [("registry.yaml", 2, "maintainers.0 is still the scaffold's placeholder: 'your-github-login' "
                                             "with id 1")]
