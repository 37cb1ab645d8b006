"""YAML syntax errors are reported where the slip is, in plain words: each named case puts one slip into a real
registry file (or mkdocs.yml) and expects its exact line, column, message and hint."""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from support import MKDOCS_YML, base_files, fixture_key, issuer_yaml

from registry.check import check_registry
from registry.config import load_site_urls
from registry.errors import CredregError
from registry.load.yaml_errors import Slip, describe
from registry.publish.site_code import refuse_site_code
from registry.report import as_text

ACME = "issuers/acme/issuer.yaml"
INTRO = "credentials/acme/intro-python/badge.yaml"
REGISTRY_YAML = "registry.yaml"
NOTES = "".join(f"# note {n}\n" for n in range(18))  # 18 lines after the slip, where PyYAML used to report it
UNCLOSED_DQ = ("this quoted text is never closed",
               'close the quote with " on the same line, or use a block scalar (|) for several lines')
UNCLOSED_SQ = ("this quoted text is never closed",
               "close the quote with ' on the same line, or use a block scalar (|) for several lines")
TAB_INDENT = ("a tab character is used for indentation; YAML allows only spaces", "replace the tab with spaces")
TAB_SPACE = ("a tab character is used where YAML needs a space", "replace the tab with a space")
SECOND_COLON = ("a value cannot hold ': ' unless it is quoted (this reads as a second key on the line)",
                'put the value in quotes, e.g. name: "a: b"')
KEY_INDENT = ("this line is not indented like the keys of the block that starts on line 13",
              "indent it with the same number of spaces as the key it belongs beside")
LIST_INDENT = ("this list item is not indented like the block that starts on line 13",
               "start each item with '- ' at the same indentation as the others")
UNCLOSED_LIST = ("this '[' is never closed", "close the list with ], and separate its items with commas")
UNCLOSED_MAP = ("this '{' is never closed", "close the mapping with }, and separate its items with commas")


def acme(old: str, new: str, extra: str = "") -> dict[str, str]:
    """Acme's issuer.yaml with `old` replaced by `new` (and `extra` lines at its end)."""
    text = issuer_yaml("Acme Training", fixture_key("acme"), extra=extra)
    assert old in text, f"{old!r} not in {ACME}"
    return {ACME: text.replace(old, new, 1)}


def intro(old: str, new: str) -> dict[str, str]:
    """The intro-python badge.yaml with `old` replaced by `new`."""
    text = base_files()[INTRO]
    assert old in text, f"{old!r} not in {INTRO}"
    return {INTRO: text.replace(old, new, 1)}


# (id, changed files, the file with the slip, (line, column, message, hint)): the one problem expected.
CASES: list[tuple[str, dict[str, str], str, tuple[int, int, str, str]]] = [
    ("unterminated double quote, 18 lines before the end",
     acme('validFrom: "2025-01-01T00:00:00Z"', 'validFrom: "2025-01-01T00:00:00Z', NOTES), ACME,
     (16, 16, *UNCLOSED_DQ)),
    ("unterminated double quote, closed by the next quote 15 lines later",
     acme("name: Acme Training", 'name: "Acme Training'), ACME, (1, 7, *UNCLOSED_DQ)),
    ("unterminated single quote", acme("name: Acme Training", "name: 'Acme Training", NOTES), ACME,
     (1, 7, *UNCLOSED_SQ)),
    ("text after the closing quote", acme("name: Acme Training", 'name: "Acme" Training'), ACME,
     (1, 14, "there is text after the closing quote", "put the whole value inside the quotes, or remove them")),
    ("tab indenting a key", acme("    type: Multikey", "\ttype: Multikey"), ACME, (14, 1, *TAB_INDENT)),
    ("tab indenting a list item", acme("  - login:", "\t- login:"), ACME, (10, 1, *TAB_INDENT)),
    ("tab after spaces of indentation", acme("    type: Multikey", "  \t  type: Multikey"), ACME,
     (14, 3, *TAB_INDENT)),
    ("tab after a list dash", acme("  - login:", "  -\tlogin:"), ACME, (10, 4, *TAB_SPACE)),
    ("key: a: b", acme("name: Acme Training", "name: Acme: Training"), ACME, (1, 11, *SECOND_COLON)),
    ("no space after the colon", acme("kind: training-provider", "kind:training-provider"), ACME,
     (2, 5, "a ':' must be followed by a space to start a value", "write 'kind: …' with a space after the colon")),
    ("a key indented less than its siblings", acme("    validFrom:", "   validFrom:"), ACME, (16, 4, *KEY_INDENT)),
    ("a key indented more, read as more of the value above", acme("kind: training", " kind: training"), ACME,
     (2, 6, "this line is read as more of the value above it, so its ':' cannot start a key",
      "indent this key like the keys beside it, or quote the value above it")),
    ("a list item's key at the dash's indentation", acme("    id: ", "  id: "), ACME,
     (11, 3, "this line is not indented like the keys of the block that starts on line 10", KEY_INDENT[1])),
    ("a list item indented more than the one before", acme("", "", "   - id: key-2\n"), ACME, (17, 4, *LIST_INDENT)),
    ("unclosed flow sequence", intro("tags: [python]", "tags: [python"), INTRO, (10, 7, *UNCLOSED_LIST)),
    ("unclosed flow sequence at the end of the file", {REGISTRY_YAML: "nameExceptions: [\n"}, REGISTRY_YAML,
     (1, 17, *UNCLOSED_LIST)),
    ("unclosed flow mapping", intro("  narrative: Pass the project.", "  {narrative: Pass the project."), INTRO,
     (5, 3, *UNCLOSED_MAP)),
    ("a comma missing inside brackets", intro("tags: [python]", "tags: [python: a: b]"), INTRO,
     (10, 17, "unexpected text inside the [ ] brackets",
      "separate items with commas, and quote an item that holds ': ' or other punctuation")),
    ("a value starting with @", acme("name: Acme Training", "name: @acme"), ACME,
     (1, 7, "a value cannot start with '@'", 'put the value in quotes: "@…"')),
    ("an unknown escape in double quotes", acme("name: Acme Training", 'name: "Acme\\q Training"'), ACME,
     (1, 12, "'\\q' is not an escape YAML knows in double-quoted text",
      "write \\\\ for a backslash, or put the value in single quotes")),
    ("a control character", acme("name: Acme Training", "name: Acme\x01 Training"), ACME,
     (1, 11, "the character U+0001 is not allowed in YAML text",
      "remove it; write it as an escape (\\u....) inside double quotes if needed")),
    ("a key line without its colon", acme("demo: true", "demo"), ACME,
     (8, 1, "this line has no ':' after its key",
      "write 'key: value', or indent the line if it continues the text above it")),
    ("the parser's own words for a slip without plain ones", acme("description: |", "description: |x"), ACME,
     (5, 15, "YAML syntax error: did not find expected comment or line break",
      "check indentation, colons and quotes around this line")),
]


@pytest.mark.parametrize("changes, file, expected", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_yaml_syntax_error_at_the_slip(make_registry: Callable[..., Path], changes: dict[str, str], file: str,
                                       expected: tuple[int, int, str, str]) -> None:
    result = check_registry(make_registry(changes))
    found = [(p.file, p.code, p.line, p.column, p.message, p.hint) for p in result.problems]
    assert found == [(file, "yaml-syntax", *expected)]


def test_text_report_shows_the_slip(make_registry: Callable[..., Path]) -> None:
    result = check_registry(make_registry(acme("name: Acme Training", 'name: "Acme Training', NOTES)))
    assert as_text(result.problems, result.files).splitlines()[:3] == [
        ACME,
        "  1:7      error   yaml-syntax            this quoted text is never closed",
        '                                          hint: close the quote with " on the same line, or use a block '
        "scalar (|) for several lines",
    ]


# (id, mkdocs.yml, line, column, message, hint): read by MkDocs' own (pure Python) loader, stricter about tabs.
MKDOCS = [
    ("tab after a key's colon", MKDOCS_YML.replace("site_url: ", "site_url:\t"), 2, 10, *TAB_SPACE),
    ("unterminated quote", MKDOCS_YML.replace("site_name: ", 'site_name: "'), 1, 12, *UNCLOSED_DQ),
    ("unclosed flow sequence", "site_url: [\n", 1, 11, *UNCLOSED_LIST),
]


@pytest.mark.parametrize("text, line, column, message, hint", [c[1:] for c in MKDOCS], ids=[c[0] for c in MKDOCS])
def test_mkdocs_yml_syntax_error_at_the_slip(tmp_path: Path, text: str, line: int, column: int, message: str,
                                             hint: str) -> None:
    (tmp_path / "mkdocs.yml").write_text(text, encoding="utf-8")
    with pytest.raises(CredregError) as raised:
        load_site_urls(tmp_path)
    assert (raised.value.message, raised.value.hint) == (
        f"{tmp_path / 'mkdocs.yml'} is not valid YAML at line {line}, column {column}: {message}", hint)


# Texts that break the scanner or parser in odd places: the diagnosis still gives a position and words, never raises.
ODD = ["", "'", '"', "[", "{", "\t", ":", "- [\n  {a: 'b\n", "a: |\n\tb\n", "? [\n", "a: b\n\x85c: [", "&\n", "*",
       "%YAML 9\n", "a:\r\n\t- b\r\n", "a: 'x\n\n\n", "a: [b, {c: \"d\n"]


@pytest.mark.parametrize("text", ODD, ids=[repr(t) for t in ODD])
@pytest.mark.parametrize("loader", [yaml.SafeLoader, getattr(yaml, "CSafeLoader", yaml.SafeLoader)],
                         ids=["python", "libyaml"])
def test_describe_never_raises(text: str, loader: type) -> None:
    try:
        list(yaml.parse(text, Loader=loader))
    except yaml.YAMLError as exc:
        slip = describe(exc, text)
        assert isinstance(slip, Slip) and slip.message and slip.hint and slip.line >= 1 and slip.column >= 1


def test_inherited_site_file_syntax_error_at_the_slip(tmp_path: Path) -> None:
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "base.yml").write_text("theme:\n\tname: material\n", encoding="utf-8")
    (tmp_path / "mkdocs.yml").write_text("INHERIT: site/base.yml\n" + MKDOCS_YML, encoding="utf-8")
    with pytest.raises(CredregError) as raised:
        refuse_site_code(tmp_path / "mkdocs.yml")
    assert (raised.value.message, raised.value.hint) == (
        f"site/base.yml is not valid YAML at line 2, column 1: {TAB_INDENT[0]}", TAB_INDENT[1])
