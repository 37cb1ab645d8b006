"""Tests for registry.validate.names: hidden characters, scripts, skeletons and lookalike names.
(Imitation names and registry.yaml's exceptions are in test_imitation_names.py.)"""
from __future__ import annotations

import unicodedata

import pytest

from registry.validate import names as N
from registry.validate.names import (
    casefold_key,
    confusable_with,
    describe_char,
    find_lookalikes,
    invisible_chars,
    is_mixed_script,
    scripts_of,
    skeleton,
)

CONFUSABLE, COLLISION, DISTINCT = "confusable", "collision", "distinct"


def verdict(name: str, other: str) -> str:
    """How the registry treats two names: same ignoring case, lookalikes, or fine side by side."""
    if casefold_key(name) == casefold_key(other):
        return COLLISION
    return CONFUSABLE if confusable_with(name, [other]) == other else DISTINCT


PAIRS = [
    pytest.param("Spr\u0456ntwise", "Sprintwise", CONFUSABLE, id="cyrillic-ukrainian-i"),
    pytest.param("Sprintw1se", "Sprintwise", CONFUSABLE, id="digit-one-for-i"),
    pytest.param("SPRINTWISE", "Sprintwise", COLLISION, id="upper-case-is-collision-not-lookalike"),
    pytest.param("\uff33\uff50\uff52\uff49\uff4e\uff54\uff57\uff49\uff53\uff45", "Sprintwise", COLLISION,
                 id="fullwidth-is-collision-via-nfkc"),
    pytest.param("\uff33\uff50\uff52\u0456\uff4e\uff54\uff57\uff49\uff53\uff45", "Sprintwise", CONFUSABLE,
                 id="fullwidth-with-cyrillic-i"),
    pytest.param("Nordic Design Acaderny", "Nordic Design Academy", CONFUSABLE, id="rn-for-m"),
    pytest.param("Nordic Design Academy", "Nordic Design Acaderny", CONFUSABLE, id="m-for-rn-symmetric"),
    pytest.param("Sprint\u200bwise", "Sprintwise", CONFUSABLE, id="zero-width-space-inside"),
    pytest.param("Sprint\u202ewise", "Sprintwise", CONFUSABLE, id="right-to-left-override-inside"),
    pytest.param("N\u03bfrdic Design Academy", "Nordic Design Academy", CONFUSABLE, id="greek-omicron"),
    pytest.param("\u0410pple", "Apple", CONFUSABLE, id="cyrillic-capital-a"),
    pytest.param("\u0430\u0440\u0440\u0435", "appe", CONFUSABLE, id="whole-word-cyrillic"),
    pytest.param("PayPaI", "PayPal", CONFUSABLE, id="capital-i-for-l"),
    pytest.param("Sprintw0rk", "Sprintwork", CONFUSABLE, id="digit-zero-for-o"),
    pytest.param("Sprintvvise", "Sprintwise", CONFUSABLE, id="vv-for-w"),
    pytest.param("Norclic Design", "Nordic Design", CONFUSABLE, id="cl-for-d"),
    pytest.param("Nordic\u2013Design", "Nordic-Design", CONFUSABLE, id="en-dash-for-hyphen"),
    pytest.param("Nordic\u00a0 Design", "Nordic Design", COLLISION, id="space-variants-collide"),
    pytest.param("Nordic\u3000Design", "Nordic Design", COLLISION, id="ideographic-space-collides"),
    pytest.param("Nordic\u2800Design", "Nordic Design", CONFUSABLE, id="braille-blank-for-space"),
    pytest.param("Sprintwise\ufe00", "Sprintwise", CONFUSABLE, id="variation-selector-appended"),
    pytest.param("\U0001d412print\U0001d430ise", "Sprintwise", COLLISION, id="math-bold-letters-collide"),
    pytest.param("Caf\u00e9 Design", "Cafe\u0301 Design", COLLISION, id="precomposed-vs-combining-accent"),
    pytest.param("Caf\u00e9 Design", "Cafe Design", DISTINCT, id="accent-is-visible"),
    pytest.param("Z\u00fcrich Tech", "Zurich Tech", DISTINCT, id="umlaut-is-visible"),
    pytest.param("Z\u00fcrich Tech", "Basel Tech", DISTINCT, id="legit-latin-names"),
    pytest.param("\u6771\u4eac\u30c7\u30b6\u30a4\u30f3\u5b66\u6821", "\u5927\u962a\u30c7\u30b6\u30a4\u30f3\u5b66\u6821",
                 DISTINCT, id="japanese-names"),
    pytest.param("Nordic Design Academy", "Nordic Design Academic", DISTINCT, id="similar-words-not-lookalike"),
    pytest.param("Sprintwise", "Springwise", DISTINCT, id="one-letter-apart-is-not-lookalike"),
    pytest.param("Nordic Design", "NordicDesign", DISTINCT, id="missing-space-is-visible"),
]


@pytest.mark.parametrize(("name", "other", "expected"), PAIRS)
def test_pair_verdicts(name: str, other: str, expected: str) -> None:
    assert verdict(name, other) == expected
    if expected == CONFUSABLE:
        assert skeleton(name) == skeleton(other)
        assert confusable_with(other, [name]) == name  # symmetric
    if expected == DISTINCT:
        assert skeleton(name) != skeleton(other)


@pytest.mark.parametrize(("text", "expected"), [
    pytest.param("Caf\u00e9", False, id="cafe-accent"),
    pytest.param("Z\u00fcrich", False, id="zurich"),
    pytest.param("\u6771\u4eac Design", False, id="han-with-latin"),
    pytest.param("\u6771\u4eac\u30c7\u30b6\u30a4\u30f3\u5b66\u6821", False, id="japanese-han-katakana"),
    pytest.param("\u3072\u3089\u304c\u306a \u30ab\u30bf\u30ab\u30ca \u6f22\u5b57 ABC", False, id="japanese-all-four"),
    pytest.param("\uc11c\uc6b8 \ub514\uc790\uc778 \u5b78\uad50 Seoul", False, id="korean-hangul-han-latin"),
    pytest.param("\u81fa\u5317 \u3105\u3106 Taipei", False, id="chinese-bopomofo"),
    pytest.param("\u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac", False, id="greek-only"),
    pytest.param("\u041c\u043e\u0441\u043a\u0432\u0430 2024", False, id="cyrillic-with-digits"),
    pytest.param("Caf\u00e9 \u2014 D\u00e9sign & Co. 42", False, id="latin-with-common-punctuation"),
    pytest.param("\u0410pple", True, id="cyrillic-a-in-latin"),
    pytest.param("Sprintw\u0456se", True, id="ukrainian-i-in-latin"),
    pytest.param("N\u03bfrdic", True, id="greek-omicron-in-latin"),
    pytest.param("\ud55c\uad6d \u3072\u3089\u304c\u306a", True, id="hangul-with-hiragana"),
    pytest.param("\u6771\u4eac \u3105", False, id="han-bopomofo"),
    pytest.param("\u3072\u3089 \u3105", True, id="hiragana-with-bopomofo"),
])
def test_is_mixed_script(text: str, expected: bool) -> None:
    assert is_mixed_script(text) is expected


def test_scripts_of_names_scripts_of_letters_only() -> None:
    assert scripts_of("\u0410pple 2024!") == {"Cyrillic", "Latin"}
    assert scripts_of("\u6771\u4eac\u30c7\u30b6\u30a4\u30f3\u5b66\u6821") == {"Han", "Katakana"}
    assert scripts_of("123 - !?") == set()
    assert scripts_of("e\u0301") == {"Latin"}  # the combining accent is Inherited
    assert scripts_of("\u0939\u093f\u0902\u0926\u0940") == {"Devanagari"}  # vowel signs count as Devanagari


@pytest.mark.parametrize(("text", "multiline", "expected"), [
    pytest.param("Sprint\u200bwise", False, [(6, "ZERO WIDTH SPACE")], id="zero-width-space"),
    pytest.param("\u202eesiwtnirpS", False, [(0, "RIGHT-TO-LEFT OVERRIDE")], id="rlo-first"),
    pytest.param("a\u2066b\u2069c\u200fd\u061c", False,
                 [(1, "LEFT-TO-RIGHT ISOLATE"), (3, "POP DIRECTIONAL ISOLATE"), (5, "RIGHT-TO-LEFT MARK"),
                  (7, "ARABIC LETTER MARK")], id="bidi-controls"),
    pytest.param("line\tone\nline two", False, [(4, "CHARACTER TABULATION"), (8, "LINE FEED")],
                 id="tab-newline-single-line"),
    pytest.param("line\tone\nline two", True, [], id="tab-newline-multiline"),
    pytest.param("a\rb\x00c\x1b", True, [(1, "CARRIAGE RETURN"), (3, "NULL"), (5, "ESCAPE")],
                 id="other-controls-even-multiline"),
    pytest.param("soft\u00adhyphen\ufeff", False, [(4, "SOFT HYPHEN"), (11, "ZERO WIDTH NO-BREAK SPACE")],
                 id="soft-hyphen-and-bom"),
    pytest.param("x\ue000y\ufdd0z\U0010fffe", False,
                 [(1, "<private-use-E000>"), (3, "<noncharacter-FDD0>"), (5, "<noncharacter-10FFFE>")],
                 id="private-use-and-noncharacters"),
    pytest.param("ab\u2028cd", True, [(2, "LINE SEPARATOR")], id="line-separator"),
    pytest.param("Nordic\u3164Design", False, [(6, "HANGUL FILLER")], id="hangul-filler"),
    pytest.param("Spr\u200dint", False, [(3, "ZERO WIDTH JOINER")], id="zwj-between-latin-letters"),
    pytest.param("Sprint\ufe0f", False, [(6, "VARIATION SELECTOR-16")], id="selector-after-latin-letter"),
    pytest.param("Caf\u00e9 Z\u00fcrich \u6771\u4eac", False, [], id="ordinary-text"),
    pytest.param("\U0001f469\u200d\U0001f4bb \U0001f3f3\ufe0f\u200d\U0001f308 1\ufe0f\u20e3 \u2764\ufe0f", False, [],
                 id="emoji-sequences"),
    pytest.param("\U0001f3f4\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f", False, [],
                 id="emoji-flag-tags"),
    pytest.param("x\U000e0067\U000e007f", False, [(1, "TAG LATIN SMALL LETTER G"), (2, "CANCEL TAG")],
                 id="stray-tags"),
    pytest.param("\u0645\u06cc\u200c\u062e\u0648\u0627\u0647\u0645", False, [], id="persian-zwnj"),
    pytest.param("\u0915\u094d\u200d\u0937", False, [], id="zwj-after-virama"),
    pytest.param("\u845b\U000e0100", False, [], id="ideographic-variation-selector"),
])
def test_invisible_chars(text: str, multiline: bool, expected: list[tuple[int, str]]) -> None:
    assert invisible_chars(text, multiline=multiline) == expected


def test_invisible_chars_reports_every_position() -> None:
    text = "\u200ba\u200bb\u200b"
    assert [i for i, _ in invisible_chars(text)] == [0, 2, 4]
    assert all(text[i] == "\u200b" for i, _ in invisible_chars(text))


def test_describe_char() -> None:
    assert describe_char("\u0430") == "U+0430 CYRILLIC SMALL LETTER A"
    assert describe_char("\u202e") == "U+202E RIGHT-TO-LEFT OVERRIDE"
    assert describe_char("\x1b") == "U+001B ESCAPE"
    assert describe_char("\U0001f600") == "U+1F600 GRINNING FACE"
    assert describe_char("\U000f0000") == "U+F0000 <private-use-F0000>"
    with pytest.raises(ValueError):
        describe_char("ab")


def test_control_names_match_unicode_aliases() -> None:
    for ch, name in N._CONTROL_NAMES.items():
        assert unicodedata.lookup(name) == ch


def test_casefold_key() -> None:
    assert casefold_key("  Nordic \t DESIGN\u00a0Academy ") == "nordic design academy"
    assert casefold_key("Stra\u00dfe") == casefold_key("STRASSE")
    assert casefold_key("\uff33print") == "sprint"
    assert casefold_key("Sprint\u200bwise") != casefold_key("Sprintwise")


def test_skeleton_maps_common_confusables_to_latin() -> None:
    cyrillic = "\u0430\u0435\u043e\u0440\u0441\u0445\u0443\u0456\u0458\u0455"
    assert skeleton(cyrillic) == skeleton("aeopcxyijs")
    assert skeleton("\u03bf\u03b1\u03bd\u03c1") == skeleton("oavp")
    assert skeleton("0") == skeleton("o") == skeleton("O")
    assert skeleton("1") == skeleton("l") == skeleton("I") == skeleton("|")
    assert skeleton("  a \t b  ") == skeleton("a b")


def test_skeleton_folding_is_stable() -> None:
    for cp in list(range(0x20, 0x3000)) + list(range(0xFF00, 0xFFF0)) + list(range(0x1D400, 0x1D800)):
        folded = N._fold_char(chr(cp))
        assert "".join(N._fold_char(c) for c in folded) == folded, hex(cp)


def test_prototype_map_is_idempotent() -> None:
    proto = N._prototypes()
    assert proto["\u0456"] == "i" and proto["m"] == "rn" and proto["0"] == "O"
    assert not any(c in proto for target in proto.values() for c in target)


def test_confusable_with_returns_first_match() -> None:
    others = ["Basel Tech", "SPRINTWISE", "Sprintw1se", "Spr\u0456ntwise"]
    assert confusable_with("Sprintwise", others) == "Sprintw1se"
    assert confusable_with("Sprintwise", ["Sprintwise", "sprintwise"]) is None
    assert confusable_with("Sprintwise", []) is None


def test_find_lookalikes_pairs_each_imitation_once() -> None:
    names = {
        "nordic": "Nordic Design Academy",
        "fake": "Nordic Design Acaderny",
        "upper": "NORDIC DESIGN ACADEMY",  # a collision, left to the collision check
        "greek": "N\u03bfrdic Design Academy",
        "other": "Nordic Design Academic",
        "zurich": "Z\u00fcrich Tech",
    }
    # "upper" collides with "nordic" (reported elsewhere) and so also looks like "fake"
    assert find_lookalikes(names) == [("nordic", "fake"), ("fake", "upper"), ("nordic", "greek")]


def test_find_lookalikes_collision_first_then_lookalike() -> None:
    names = {"a": "Sprintwise", "b": "SPRINTWISE", "c": "Sprintw1se", "d": "sprintwise"}
    # d collides with a, and still looks like c
    assert find_lookalikes(names) == [("a", "c"), ("c", "d")]


def test_find_lookalikes_is_linear_on_a_flood() -> None:
    variants = ["Sprintwise", "Sprintw1se", "Spr1ntwise", "Sprlntwlse", "Spr\u0456ntw\u0456se"]
    names = {f"k{i}": variants[i % len(variants)] + "\u200b" * (i // len(variants)) for i in range(2000)}
    pairs = find_lookalikes(names)
    assert len(pairs) == 1999  # one pair per imitation, not ~2 million
    assert pairs == [("k0", f"k{i}") for i in range(1, 2000)]


def test_find_lookalikes_handles_ten_thousand_names() -> None:
    names = {f"issuer-{i}/badge": f"Badge number {i:05d} of the registry" for i in range(10_000)}
    names["evil/badge"] = "Badge number 0000l of the registry"  # lower-case L for the digit one
    assert find_lookalikes(names) == [("issuer-1/badge", "evil/badge")]
