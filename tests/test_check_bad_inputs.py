"""`credreg check` on bad inputs: each named case must give exactly its problems (code, file, line)."""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest
from support import RUBRIC, SVG, badge_yaml, base_files, fixture_key, issuer_yaml

from registry.check import check_registry

ACME = "issuers/acme/issuer.yaml"
GLOBEX = "issuers/globex/issuer.yaml"
INTRO = "credentials/acme/intro-python/badge.yaml"
DEV = "credentials/acme/python-developer/badge.yaml"
DATA = "credentials/globex/data-basics/badge.yaml"
INTRO_RUBRIC = "credentials/acme/intro-python/rubrics/v1.yaml"
AWARD = '{"id": "x", "type": ["VerifiableCredential"]}\n'


def edit(path: str, old: str, new: str) -> dict[str, str | bytes | None]:
    """A change that replaces `old` by `new` in one of the base files (which must contain it)."""
    text = base_files()[path]
    assert old in text, f"{old!r} not in {path}"
    return {path: text.replace(old, new, 1)}


PEM_HEADER = "-----BEGIN " + "PRIVATE KEY-----"  # split so this file holds no key marker itself

# (id, changes, [(code, file, line), ...]): the complete, exact list of problems expected.
CASES: list[tuple[str, dict[str, str | bytes | None], list[tuple[str, str, int]]]] = [
    ("yaml-syntax", edit(ACME, "kind: training-provider", "kind: [training-provider"),
     [("yaml-syntax", ACME, 2)]),
    ("yaml-anchor-alias", edit(ACME, "name: Acme Training", "name: &n Acme Training\ndescription2: *n"),
     [("yaml-anchor", ACME, 1)]),
    ("yaml-tag", edit(ACME, "kind: training-provider", "kind: !!python/object/apply:os.system [id]"),
     [("yaml-tag", ACME, 2)]),
    ("yaml-duplicate-key", edit(ACME, "demo: true", "demo: true\ndemo: false"),
     [("yaml-duplicate-key", ACME, 9)]),
    ("yaml-multiple-documents", edit(DATA, "buildsOn: []", "buildsOn: []\n---\nname: other"),
     [("yaml-multiple-documents", DATA, 19)]),
    ("not-utf8", {ACME: issuer_yaml("Acme Training", fixture_key("acme")).encode().replace(
        b"trains people", b"trains \xe9l\xe8ves")}, [("not-utf8", ACME, 6)]),
    ("file-too-large", {INTRO: badge_yaml("Intro to Python") + "# " + "x" * 300_000 + "\n"},
     [("file-too-large", INTRO, 0)]),
    ("too-deep", edit(INTRO, "tags: [python]", "tags: " + "[" * 30 + "python" + "]" * 30),
     [("too-deep", INTRO, 10)]),
    ("yaml-1.1-no-is-text", edit(ACME, "demo: true", "demo: no"), [("wrong-type", ACME, 8)]),
    ("unknown-field-typo", edit(INTRO, "level: badge", "levle: badge"),
     [("missing-field", INTRO, 1), ("unknown-field", INTRO, 3)]),
    ("missing-field", edit(ACME, "email: badges@acme.example\n", ""), [("missing-field", ACME, 1)]),
    ("bad-enum-value", edit(ACME, "kind: training-provider", "kind: wizard"), [("bad-value", ACME, 2)]),
    ("http-url", edit(ACME, "url: https://acme.example/", "url: http://acme.example/"),
     [("non-https-url", ACME, 3)]),
    ("javascript-url", edit(INTRO, "  narrative: Pass the project.",
                            "  narrative: Pass the project.\n  url: javascript:alert(1)"),
     [("non-https-url", INTRO, 6)]),
    ("bad-folder-id", {INTRO.replace("intro-python", "Intro_Python"): badge_yaml("Intro Python Caps"),
                       "credentials/acme/Intro_Python/badge.svg": SVG,
                       "credentials/acme/Intro_Python/rubrics/v1.yaml": RUBRIC},
     [("bad-id", "credentials/acme/Intro_Python/badge.svg", 0)]),
    ("bad-key-id", edit(ACME, "  - id: key-1", "  - id: Key One"), [("bad-id", ACME, 13)]),
    ("impossible-date", edit(INTRO, '"2026-01-10"', '"2026-02-30"'), [("bad-date", INTRO, 13)]),
    ("dangling-builds-on", edit(DEV, "[intro-python]", "[intro-pyhton]"), [("dangling-ref", DEV, 18)]),
    ("cross-issuer-builds-on", edit(DEV, "[intro-python]", "[globex/data-basics]"),
     [("pathway-not-accepted", DEV, 18)]),
    ("pathway-cycle", edit(INTRO, "buildsOn: []", "buildsOn: [python-developer]"),
     [("pathway-cycle", INTRO, 18)]),
    ("duplicate-credential-id", {"credentials/acme/intro-python/awards/abc-1.json": AWARD,
                                 "credentials/acme/python-developer/awards/abc-1.json": AWARD},
     [("duplicate-id", "credentials/acme/python-developer/awards/abc-1.json", 0)]),
    ("name-collision-case", edit(GLOBEX, "name: Globex Academy", "name: ACME TRAINING"),
     [("name-collision", GLOBEX, 1)]),
    ("confusable-cyrillic", edit(GLOBEX, "name: Globex Academy", "name: Acme Trаining"),  # Cyrillic а
     [("confusable-name", GLOBEX, 1), ("mixed-script", GLOBEX, 1)]),
    ("zero-width-in-name", edit(INTRO, "name: Intro to Python", "name: Intro to Py\u200bthon"),
     [("hidden-character", INTRO, 1)]),
    ("bidi-override", edit(DATA, "description: Shows Data Basics.", "description: Shows \u202eData Basics."),
     [("hidden-character", DATA, 2)]),
    ("imitates-issuer", edit(INTRO, "name: Intro to Python", "name: Globex Academy Python"),
     [("imitates-issuer", INTRO, 1)]),
    ("pem-private-key", {"notes/key.pem": PEM_HEADER + "\nMC4CAQAwBQYDK2VwBCIEIA==\n"},
     [("private-key", "notes/key.pem", 1)]),
    ("multikey-secret", {"credentials/acme/keys.yaml": "x: 1\nsecretKeyMultibase: z3u2"
                         + "a" * 44 + "\n"},
     [("private-key", "credentials/acme/keys.yaml", 2), ("unexpected-file", "credentials/acme/keys.yaml", 0)]),
    ("stray-file", {"credentials/acme/intro-python/notes.txt": "hello\n"},
     [("unexpected-file", "credentials/acme/intro-python/notes.txt", 0)]),
    ("unknown-issuer", {"credentials/nobody/x/badge.yaml": badge_yaml("Nobody Badge"),
                        "credentials/nobody/x/badge.svg": SVG, "credentials/nobody/x/rubrics/v1.yaml": RUBRIC},
     [("unknown-issuer", "credentials/nobody/x/badge.svg", 0), ("unknown-issuer", "credentials/nobody/x/badge.yaml", 0),
      ("unknown-issuer", "credentials/nobody/x/rubrics/v1.yaml", 0)]),
    ("rubric-version-mismatch", edit(INTRO_RUBRIC, "version: 1", "version: 2"),
     [("rubric-version-gap", INTRO, 1), ("rubric-version-mismatch", INTRO_RUBRIC, 1)]),
    ("rubric-version-deleted", {"credentials/acme/intro-python/rubrics/v3.yaml": RUBRIC.replace("version: 1", "version: 3")},
     [("rubric-version-gap", INTRO, 1)]),
    ("rubric-threshold", edit(INTRO_RUBRIC, "passThreshold: 3", "passThreshold: 9"),
     [("rubric-threshold", INTRO_RUBRIC, 3)]),
    ("missing-rubric", {INTRO_RUBRIC: None}, [("missing-rubric", INTRO, 1)]),
    ("svg-script", {"credentials/acme/intro-python/badge.svg": SVG.replace("</svg>", "<script>alert(1)</script></svg>")},
     [("unsafe-svg", "credentials/acme/intro-python/badge.svg", 1)]),
    ("svg-onload", {"issuers/acme/logo.svg": SVG.replace('role="img"', 'onload="alert(1)"')},
     [("unsafe-svg", "issuers/acme/logo.svg", 1)]),
    ("svg-external-href", {"issuers/acme/logo.svg": SVG.replace("</svg>", '<use href="https://evil.example/x.svg#a"/></svg>')},
     [("unsafe-svg", "issuers/acme/logo.svg", 1)]),
    ("missing-image", {"credentials/acme/intro-python/badge.svg": None}, [("missing-file", INTRO, 6)]),
    ("same-key-two-issuers", edit(GLOBEX, fixture_key("globex"), fixture_key("acme")), [("duplicate-key", GLOBEX, 15)]),
    ("bad-multikey", edit(ACME, fixture_key("acme"), "z6Mk" + "1" * 44), [("bad-key", ACME, 15), ("no-current-key", ACME, 12)]),
    ("retired-accredits-field", edit(GLOBEX, "    validFrom: \"2025-01-01T00:00:00Z\"\n",
                            "    validFrom: \"2025-01-01T00:00:00Z\"\naccredits:\n  - badge: acme/intro-python\n"
                            "    since: \"2026-01-01\"\n"), [("unknown-field", GLOBEX, 17)]),
    ("award-json-syntax", {"credentials/acme/intro-python/awards/abc-2.json": '{"id": "x",\n "type": }\n'},
     [("json-syntax", "credentials/acme/intro-python/awards/abc-2.json", 2)]),
    ("award-json-duplicate-key", {"credentials/acme/intro-python/awards/abc-3.json": '{"id": "x",\n "id": "y"}\n'},
     [("json-duplicate-key", "credentials/acme/intro-python/awards/abc-3.json", 2)]),
    ("revoke-unknown-credential", {"credentials/acme/revocations.yaml":
                                   "revocations:\n  - credential: nope-1\n    revokedAt: \"2026-01-01T00:00:00Z\"\n"
                                   "    reason: test\n"},
     [("dangling-ref", "credentials/acme/revocations.yaml", 2)]),
    ("key-window-backwards", edit(ACME, '    validFrom: "2025-01-01T00:00:00Z"',
                                  '    validFrom: "2025-01-01T00:00:00Z"\n    validUntil: "2024-01-01T00:00:00Z"'),
     [("bad-key-window", ACME, 17), ("no-current-key", ACME, 12)]),
]


@pytest.mark.parametrize("changes, expected", [(c, e) for _, c, e in CASES], ids=[n for n, _, _ in CASES])
def test_bad_input(make_registry: Callable[..., Path], changes: dict[str, str | bytes | None],
                   expected: list[tuple[str, str, int]]) -> None:
    result = check_registry(make_registry(changes))
    found = sorted((p.code, p.file, p.line) for p in result.problems)
    assert found == sorted(expected), "\n".join(f"{p.where()} {p.code}: {p.message}" for p in result.problems)
    assert result.failed()
    assert result.registry is None
    assert all(p.message and p.hint for p in result.problems)


def test_symlink_leaving_the_root(make_registry: Callable[..., Path]) -> None:
    root = make_registry()
    os.symlink("/etc/passwd", root / "issuers" / "acme" / "extra.svg")
    result = check_registry(root)
    assert [(p.code, p.file) for p in result.problems] == [("symlink", "issuers/acme/extra.svg")]


def test_symlinked_folder_is_not_followed(make_registry: Callable[..., Path], tmp_path: Path) -> None:
    root = make_registry()
    outside = tmp_path / "outside"
    (outside / "badge-x").mkdir(parents=True)
    (outside / "badge-x" / "badge.yaml").write_text("name: [", encoding="utf-8")
    os.symlink(outside, root / "credentials" / "linked")
    result = check_registry(root)
    assert [(p.code, p.file) for p in result.problems] == [("symlink", "credentials/linked")]


def test_valid_registry_is_clean(make_registry: Callable[..., Path]) -> None:
    result = check_registry(make_registry())
    assert result.problems == ()
    assert result.registry is not None
    assert sorted(result.registry.badges) == ["acme/intro-python", "acme/python-developer", "globex/data-basics"]
    assert result.registry.badges["acme/python-developer"].builds_on == ("acme/intro-python",)


def test_warnings_fail_only_with_strict(make_registry: Callable[..., Path]) -> None:
    from datetime import date
    root = make_registry()
    result = check_registry(root, today=date(2027, 2, 1))
    assert sorted((p.code, p.file, p.line, p.severity.value) for p in result.problems) == [
        ("review-overdue", f, 13, "warning") for f in sorted((DATA, INTRO, DEV))]
    assert result.problems[0].message == "badge class review was due on 2027-01-10 (every 12 months since 2026-01-10)"
    assert not result.failed() and result.failed(strict=True)
    assert result.registry is not None
    assert check_registry(root).problems == ()  # no date given, no clock consulted


# (name, a file planted in a folder whose name tools use for output or caches, the problem it must get)
TOOL_FOLDERS = [
    ("a key file under credentials/<issuer>/site/", "credentials/acme/site/k.json",
     '{"secret' + 'KeyMultibase": "z3u2' + 'en7t5LR2WtQH5PfsRXgMnJEXMrmpvYnvAnmgSXRdMcqH"}\n', "private-key"),
    ("a program under issuers/<issuer>/build/", "issuers/acme/build/tool.exe", "MZ\n", "unexpected-file"),
    ("a file under credentials/<issuer>/<badge>/node_modules/", "credentials/acme/intro-python/node_modules/x.js",
     "x\n", "unexpected-file"),
    ("a nested .git folder", "issuers/acme/.git/config", "[core]\n", "unexpected-file"),
]


@pytest.mark.parametrize("path, text, code", [c[1:] for c in TOOL_FOLDERS], ids=[c[0] for c in TOOL_FOLDERS])
def test_no_folder_inside_the_data_folders_is_skipped(make_registry, path: str, text: str, code: str) -> None:  # type: ignore[no-untyped-def]
    result = check_registry(make_registry({path: text}))
    assert code in {p.code for p in result.problems if p.file == path}
