"""`credreg build` runs no code that mkdocs.yml brings in (hooks, Python tags, plugins and extensions off the
allow-lists) unless a registry maintainer passes --unsafe-allow-site-code: real builds of a small registry."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from support import MKDOCS_YML, SITE_CONFIG

from registry.cli import main

HINT = ("  hint: site code is the registry maintainers' to add, in a pull request of their own; to build with it "
        "anyway, on files you have reviewed, pass `credreg build --unsafe-allow-site-code`\n")
HEAD = "error: mkdocs.yml would run code at build time, which `credreg build` refuses:\n"
CONFIG = MKDOCS_YML + SITE_CONFIG  # lines 1-9; what a case adds starts on line 10
# A hook that leaves a mark when MkDocs runs it, and a tag that does the same when a YAML loader constructs it.
HOOK = "from pathlib import Path\nPath(__file__).with_name('RAN').write_text('x')\n"
TAG_MARK = "extra:\n  mark: !!python/object/apply:builtins.open [RAN, w]\n"


@dataclass(frozen=True)
class Case:
    """mkdocs.yml (and other files) of a small registry, the flag, and the exact stderr (None: it builds)."""

    name: str
    config: str
    error: str | None
    flag: bool = False
    files: tuple[tuple[str, str], ...] = (("hooks/mark.py", HOOK),)
    runs: bool = False  # whether the planted code ran (the flag lets it)


CASES = [
    Case("hooks", CONFIG + "hooks:\n  - hooks/mark.py\n",
         HEAD + "  mkdocs.yml:10: hooks: MkDocs runs each file listed there as Python (hooks/mark.py)\n" + HINT),
    Case("an unknown plugin", CONFIG + "  - macros\n",
         HEAD + "  mkdocs.yml:10: plugin 'macros' is not on the allow-list (search, credreg, material/…)\n" + HINT),
    Case("a plugin in the mapping form", MKDOCS_YML + "theme:\n  name: material\nplugins:\n  search: {}\n"
                                                      "  credreg: {}\n  mkdocs-simple-hooks: {}\n",
         "error: mkdocs.yml would run code at build time, which `credreg build` refuses:\n  mkdocs.yml:9: plugin "
         "'mkdocs-simple-hooks' is not on the allow-list (search, credreg, material/…)\n" + HINT),
    Case("a plugin named from the environment", CONFIG + "  - !ENV [PLUGIN, search]\n",
         HEAD + "  mkdocs.yml:10: a plugin named by a tag or a non-text value cannot be checked\n" + HINT),
    Case("material/group, which loads plugins of its own", CONFIG + "  - material/group:\n      enabled: true\n"
                                                                    "      plugins: [macros]\n",
         HEAD + "  mkdocs.yml:10: plugin 'material/group' is not on the allow-list: it loads plugins or projects "
                "of its own\n" + HINT),
    Case("a material plugin allowed", CONFIG + "  - material/tags\n", None),
    Case("a Python tag", CONFIG + TAG_MARK,
         HEAD + "  mkdocs.yml:11: the tag !!python/object/apply:builtins.open makes MkDocs' YAML loader import or "
                "run Python\n" + HINT),
    Case("a Markdown extension that reads files", CONFIG + "markdown_extensions:\n  - tables\n  - toc:\n"
                                                           "      permalink: true\n  - pymdownx.snippets\n",
         HEAD + "  mkdocs.yml:14: Markdown extension 'pymdownx.snippets' is not on the allow-list (Python-Markdown's "
                "own, pymdownx ones that read no file)\n" + HINT),
    Case("an extension imported from the checkout", CONFIG + "markdown_extensions:\n  - mark_ext\n",
         HEAD + "  mkdocs.yml:11: Markdown extension 'mark_ext' is not on the allow-list (Python-Markdown's own, "
                "pymdownx ones that read no file)\n" + HINT, files=(("mark_ext.py", HOOK),)),
    Case("hooks in an inherited file", "INHERIT: site/base.yml\n" + CONFIG,
         HEAD + "  site/base.yml:1: hooks: MkDocs runs each file listed there as Python (../hooks/mark.py)\n" + HINT,
         files=(("hooks/mark.py", HOOK), ("site/base.yml", "hooks:\n  - ../hooks/mark.py\n"))),
    Case("hooks brought in by a YAML merge key", CONFIG + "x-common: &common\n  hooks: [hooks/mark.py]\n<<: *common\n",
         HEAD + "  mkdocs.yml:11: hooks: MkDocs runs each file listed there as Python (hooks/mark.py)\n" + HINT),
    Case("plugins chosen by the environment", MKDOCS_YML + "theme:\n  name: material\nplugins: !ENV [SEARCH]\n",
         HEAD + "  mkdocs.yml:6: a plugin named by a tag or a non-text value cannot be checked\n" + HINT),
    Case("an inherited file chosen by the environment", "INHERIT: !ENV [BASE_CONFIG, base.yml]\n" + CONFIG,
         HEAD + "  mkdocs.yml:1: INHERIT names its file by a tag or a non-text value, which cannot be checked\n"
         + HINT),
    Case("every finding at once", CONFIG + "  - macros\nhooks:\n  - hooks/mark.py\n" + TAG_MARK,
         HEAD + "  mkdocs.yml:10: plugin 'macros' is not on the allow-list (search, credreg, material/…)\n"
                "  mkdocs.yml:11: hooks: MkDocs runs each file listed there as Python (hooks/mark.py)\n"
                "  mkdocs.yml:14: the tag !!python/object/apply:builtins.open makes MkDocs' YAML loader import or "
                "run Python\n" + HINT),
    Case("the flag lets a maintainer's hooks run", CONFIG + "hooks:\n  - hooks/mark.py\n", None, flag=True,
         runs=True),
    Case("an empty hooks list is no code", CONFIG + "hooks: []\n", None),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_site_code_rule(case: Case, signing_registry: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                        capsys: pytest.CaptureFixture[str]) -> None:
    root = signing_registry
    (root / "overrides" / "docs").mkdir(parents=True)
    (root / "mkdocs.yml").write_text(case.config)
    for rel, text in case.files:
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    monkeypatch.chdir(root)  # where the tag would write its mark, and where `python -m` would import from
    monkeypatch.syspath_prepend(str(root))
    out = tmp_path / "site"
    code = main(["build", "--root", str(root), "--out", str(out), *(["--unsafe-allow-site-code"] if case.flag else [])])
    err = capsys.readouterr().err
    if case.error is None:
        assert code == 0, err
        assert (out / "index.html").is_file() and (out / "badges" / "acme" / "intro-python" / "index.html").is_file()
    else:
        assert (code, err) == (1, case.error)
        assert not out.exists()
    assert [p.name for p in root.rglob("RAN")] == (["RAN"] if case.runs else [])


def test_a_variable_in_the_environment_is_not_the_flag(signing_registry: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    (signing_registry / "overrides" / "docs").mkdir(parents=True)
    (signing_registry / "mkdocs.yml").write_text(CONFIG + "  - macros\n")
    monkeypatch.setenv("CREDREG_UNSAFE_ALLOW_SITE_CODE", "1")
    assert main(["build", "--root", str(signing_registry), "--out", str(tmp_path / "site")]) == 1
    assert "plugin 'macros' is not on the allow-list" in capsys.readouterr().err


def test_mkdocs_build_is_refused_by_the_plugin(signing_registry: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture) -> None:
    """`mkdocs build` reads mkdocs.yml itself, so hooks have run when the plugin sees them: it still fails the build."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import Abort

    (signing_registry / "overrides" / "docs").mkdir(parents=True)
    (signing_registry / "mkdocs.yml").write_text(CONFIG + "hooks:\n  - hooks/mark.py\n")
    (signing_registry / "hooks").mkdir()
    (signing_registry / "hooks" / "mark.py").write_text("x = 1\n")
    monkeypatch.delenv("CREDREG_UNSAFE_ALLOW_SITE_CODE", raising=False)
    config = load_config(str(signing_registry / "mkdocs.yml"), site_dir=str(tmp_path / "site"))
    with pytest.raises(Abort):
        build(config)
    assert "mkdocs.yml brings in site code, which the credreg plugin refuses:\n  hooks: MkDocs ran hooks/mark.py " \
           "as Python\n" in caplog.text
    assert not (tmp_path / "site" / "index.html").exists()
