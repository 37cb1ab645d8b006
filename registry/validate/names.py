"""Name safety: hidden characters, scripts, and UTS #39 skeletons that expose lookalike (homograph) names.

Every file of the registry may come from a hostile pull request, so an issuer or badge class name must not
carry invisible characters, mix scripts the way spoofed names do, or look like another issuer's name.

Data: the script of each character and the confusables come from the `confusable-homoglyphs` package,
which ships Unicode's Scripts.txt (as `categories.json`) and security/confusables.txt (as `confusables.json`,
stored as an undirected list of homoglyphs per character). The directed "character -> prototype" map
of UTS #39 is rebuilt from it once (see `_prototypes`). Python's `unicodedata` gives categories,
names and normalization.
"""
from __future__ import annotations

import unicodedata
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from functools import cache, lru_cache

from confusable_homoglyphs import categories as _ch_categories
from confusable_homoglyphs import confusables as _ch_confusables

__all__ = [
    "casefold_key",
    "confusable_with",
    "describe_char",
    "find_lookalikes",
    "invisible_chars",
    "is_mixed_script",
    "scripts_of",
    "skeleton",
]

# --- character classes -----------------------------------------------------------------------------------

# Default_Ignorable_Code_Point (DerivedCoreProperties.txt, Unicode 15): characters that render as nothing.
_DEFAULT_IGNORABLE: tuple[tuple[int, int], ...] = (
    (0x00AD, 0x00AD), (0x034F, 0x034F), (0x061C, 0x061C), (0x115F, 0x1160), (0x17B4, 0x17B5),
    (0x180B, 0x180F), (0x200B, 0x200F), (0x202A, 0x202E), (0x2060, 0x206F), (0x3164, 0x3164),
    (0xFE00, 0xFE0F), (0xFEFF, 0xFEFF), (0xFFA0, 0xFFA0), (0xFFF0, 0xFFF8), (0x1BCA0, 0x1BCA3),
    (0x1D173, 0x1D17A), (0xE0000, 0xE0FFF),
)
_VARIATION_SELECTORS: tuple[tuple[int, int], ...] = (
    (0x180B, 0x180D), (0x180F, 0x180F), (0xFE00, 0xFE0F), (0xE0100, 0xE01EF),
)
_ZWNJ, _ZWJ = "\u200c", "\u200d"
_BLACK_FLAG, _CANCEL_TAG = "\U0001F3F4", "\U000E007F"
_VIRAMA_CLASS = 9
# Scripts whose letters join cursively, where ZWNJ legitimately breaks a join (e.g. Persian "می‌خواهم").
_JOINING_SCRIPTS = frozenset({"Arabic", "Syriac", "Nko", "Mongolian", "Adlam", "Hanifi Rohingya"})

# Names for control characters, which have none in UnicodeData.txt (from NameAliases.txt).
_C0_NAMES = (
    "NULL", "START OF HEADING", "START OF TEXT", "END OF TEXT", "END OF TRANSMISSION", "ENQUIRY",
    "ACKNOWLEDGE", "ALERT", "BACKSPACE", "CHARACTER TABULATION", "LINE FEED", "LINE TABULATION",
    "FORM FEED", "CARRIAGE RETURN", "SHIFT OUT", "SHIFT IN", "DATA LINK ESCAPE", "DEVICE CONTROL ONE",
    "DEVICE CONTROL TWO", "DEVICE CONTROL THREE", "DEVICE CONTROL FOUR", "NEGATIVE ACKNOWLEDGE",
    "SYNCHRONOUS IDLE", "END OF TRANSMISSION BLOCK", "CANCEL", "END OF MEDIUM", "SUBSTITUTE", "ESCAPE",
    "INFORMATION SEPARATOR FOUR", "INFORMATION SEPARATOR THREE", "INFORMATION SEPARATOR TWO",
    "INFORMATION SEPARATOR ONE",
)
_CONTROL_NAMES = {chr(i): n for i, n in enumerate(_C0_NAMES)} | {"\x7f": "DELETE", "\x85": "NEXT LINE"}


def _in_ranges(cp: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    """Whether a code point lies in one of a few inclusive ranges (the tables here are tiny)."""
    return any(lo <= cp <= hi for lo, hi in ranges)


def _is_default_ignorable(ch: str) -> bool:
    """Unicode Default_Ignorable_Code_Point: drawn as nothing, so it can hide inside a name."""
    return _in_ranges(ord(ch), _DEFAULT_IGNORABLE)


def _is_variation_selector(ch: str) -> bool:
    """Variation selectors pick a glyph variant of the character before them and draw nothing themselves."""
    return _in_ranges(ord(ch), _VARIATION_SELECTORS)


def _is_noncharacter(ch: str) -> bool:
    """The 66 noncharacters (U+FDD0..U+FDEF and the last two code points of every plane) never belong in text."""
    cp = ord(ch)
    return 0xFDD0 <= cp <= 0xFDEF or (cp & 0xFFFE) == 0xFFFE


def _is_tag(ch: str) -> bool:
    """Tag characters (U+E0020..U+E007F) are invisible; only emoji flag sequences use them."""
    return 0xE0020 <= ord(ch) <= 0xE007F


def _category(ch: str) -> str:
    """General category, from Python's data or, for characters it lacks, from the package's newer data."""
    cat = unicodedata.category(ch)
    if cat == "Cn":
        lib = _script_and_category(ch)[1]
        if lib.startswith(("C", "M", "Z")) and len(lib) == 2:
            return lib
    return cat


@lru_cache(maxsize=1 << 16)
def _is_hidden(ch: str) -> bool:
    """Characters that draw nothing or steer rendering: format, control, surrogate, private use, separators."""
    return (_category(ch) in {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"}
            or _is_noncharacter(ch) or _is_default_ignorable(ch))


def describe_char(ch: str) -> str:
    """'U+0430 CYRILLIC SMALL LETTER A': code point and name, for error messages that must show the invisible."""
    if len(ch) != 1:
        raise ValueError(f"describe_char takes one character, got {len(ch)}")
    return f"U+{ord(ch):04X} {_char_name(ch)}"


def _char_name(ch: str) -> str:
    """Unicode name, else the control alias, else the standard code point label like <private-use-E000>."""
    name = unicodedata.name(ch, "") or _CONTROL_NAMES.get(ch, "")
    if name:
        return name
    cp = ord(ch)
    if _is_noncharacter(ch):
        kind = "noncharacter"
    else:
        kind = {"Cc": "control", "Co": "private-use", "Cs": "surrogate"}.get(unicodedata.category(ch), "reserved")
    return f"<{kind}-{cp:04X}>"


# --- hidden characters ------------------------------------------------------------------------------------

def invisible_chars(text: str, multiline: bool = False) -> list[tuple[int, str]]:
    """Index and name of every hidden character (zero-width, bidi, format, control, noncharacter, private use).

    Tab and newline pass only when `multiline`. Joiners and selectors pass only where they do visible work,
    so real text is not rejected: ZWJ/ZWNJ after a virama, ZWNJ between letters of a joining script,
    ZWJ inside an emoji sequence, a variation selector right after a visible non-ASCII-letter base
    (emoji presentation, keycaps, ideographic variants) and the tags of an emoji flag sequence.
    Bidi controls (U+202A..U+202E, U+2066..U+2069, U+200E, U+200F, U+061C) never pass.
    """
    allowed_tags = _emoji_tag_positions(text)
    found = []
    for i, ch in enumerate(text):
        if ch in "\n\t":
            if not multiline:
                found.append((i, _char_name(ch)))
            continue
        if not _is_hidden(ch) or i in allowed_tags:
            continue
        if ch in (_ZWJ, _ZWNJ) and _joiner_allowed(text, i):
            continue
        if _is_variation_selector(ch) and _selector_allowed(text, i):
            continue
        found.append((i, _char_name(ch)))
    return found


def _emoji_tag_positions(text: str) -> set[int]:
    """Positions of tag characters forming a flag sequence: U+1F3F4, tags U+E0020..U+E007E, then U+E007F."""
    allowed: set[int] = set()
    start = text.find(_BLACK_FLAG)
    while start != -1:
        end = start + 1
        while end < len(text) and _is_tag(text[end]) and text[end] != _CANCEL_TAG:
            end += 1
        if end > start + 1 and end < len(text) and text[end] == _CANCEL_TAG:
            allowed.update(range(start + 1, end + 1))
        start = text.find(_BLACK_FLAG, start + 1)
    return allowed


def _joiner_allowed(text: str, i: int) -> bool:
    """ZWJ/ZWNJ that change shaping visibly: after a virama, ZWNJ inside joining-script words, emoji ZWJ."""
    if i == 0 or i + 1 >= len(text):
        return False
    before, after = text[i - 1], text[i + 1]
    if unicodedata.combining(before) == _VIRAMA_CLASS:
        return True
    if text[i] == _ZWNJ:
        j = i - 1
        while j > 0 and unicodedata.category(text[j]).startswith("M"):
            j -= 1
        left, right = _letter_script(text[j]), _letter_script(after)
        return left is not None and left == right and left in _JOINING_SCRIPTS
    j = i - 1  # emoji ZWJ sequence: pictograph [modifier|selector|keycap|tags] ZWJ pictograph
    while j > 0 and (text[j] in "\ufe0e\ufe0f\u20e3" or 0x1F3FB <= ord(text[j]) <= 0x1F3FF or _is_tag(text[j])):
        j -= 1
    return unicodedata.category(text[j]) == "So" and unicodedata.category(after) == "So"


def _selector_allowed(text: str, i: int) -> bool:
    """A variation selector right after a visible base other than an ASCII letter (which has no variants)."""
    if i == 0:
        return False
    base = text[i - 1]
    if _is_hidden(base) or base.isspace() or ("a" <= base.lower() <= "z" and base.isascii()):
        return False
    return unicodedata.category(base)[0] in "LMNPS"


# --- scripts ----------------------------------------------------------------------------------------------

@cache
def _script_table() -> tuple[list[int], list[tuple[int, int, int]], list[str], list[str]]:
    """Range starts, ranges and names from the package's Scripts.txt extract, for a bisect lookup."""
    data = _ch_categories.categories_data
    ranges = sorted(tuple(r) for r in data["code_points_ranges"])
    names = [a.replace("_", " ").title() for a in data["iso_15924_aliases"]]
    return [r[0] for r in ranges], [(r[1], r[2], r[3]) for r in ranges], names, list(data["categories"])


@cache
def _script_and_category(ch: str) -> tuple[str, str]:
    """The Script property value (e.g. 'Latin', 'Common') and the data file's category of a character."""
    starts, ranges, names, cats = _script_table()
    k = bisect_right(starts, ord(ch)) - 1
    if k >= 0 and ord(ch) <= ranges[k][0]:
        return names[ranges[k][1]], cats[ranges[k][2]]
    return "Unknown", "Cn"


def _letter_script(ch: str) -> str | None:
    """The script of a letter or combining mark, or None for Common, Inherited, unassigned and non-letters."""
    script, cat = _script_and_category(ch)
    if script in ("Common", "Inherited", "Unknown"):
        return None
    if not (cat.startswith(("L", "M")) or unicodedata.category(ch).startswith(("L", "M"))):
        return None
    return script


def scripts_of(text: str) -> set[str]:
    """Scripts of the letters and marks in `text` ('Latin', 'Cyrillic', 'Han', …; Common and Inherited left out)."""
    return {s for s in map(_letter_script, set(text)) if s is not None}


# UTS #39 "Highly Restrictive": one script, or these CJK combinations with Latin.
_ALLOWED_SCRIPT_MIXES: tuple[frozenset[str], ...] = (
    frozenset({"Latin", "Han", "Hiragana", "Katakana"}),  # Japanese
    frozenset({"Latin", "Han", "Bopomofo"}),  # Chinese
    frozenset({"Latin", "Han", "Hangul"}),  # Korean
)


def is_mixed_script(text: str) -> bool:
    """Letters from more than one script, beyond the UTS #39 highly restrictive CJK allowances; how spoofs are made."""
    found = scripts_of(text)
    return len(found) > 1 and not any(found <= mix for mix in _ALLOWED_SCRIPT_MIXES)


# --- skeletons --------------------------------------------------------------------------------------------

# Lookalikes that confusables.txt lacks: multi-letter shapes and the i/l/1 family, which it splits into
# {i} and {l, 1, I, |}. Each maps to letters that are themselves prototypes, so the folding stays stable.
_EXTRA_PROTOTYPES = {
    "w": "vv",  # vv -> w
    "d": "cl",  # cl -> d
    "i": "l",  # i and l; with the data, 1, I, l, |, ı, і … all meet here
}
_MAX_FOLD_ROUNDS = 8


@cache
def _prototypes() -> dict[str, str]:
    """Character -> prototype map of UTS #39 confusables.txt, rebuilt from the package's undirected lists.

    The package stores every line "source -> prototype" in both directions. A source is a single code point
    with exactly one entry; a prototype is a string of characters that are never sources. So a character
    whose only partner is a longer string, a character with several partners, or a character found inside
    a longer prototype is a source. For the remaining isolated pairs (one source, one prototype, each
    listing only the other) the direction is lost; either choice gives the same equivalence, so the ASCII
    or lower code point is taken as the prototype.
    """
    partners: dict[str, set[str]] = {}
    for key, entries in _ch_confusables.confusables_data.items():
        key = key.replace("\u200e", "")  # the file wraps right-to-left characters in LRM marks
        for entry in entries:
            partners.setdefault(key, set()).add(entry["c"].replace("\u200e", ""))
    in_long_prototypes = {c for key in partners if len(key) > 1 for c in key}
    proto: dict[str, str] = {}
    for ch, others in partners.items():
        if len(ch) != 1 or len(others) != 1:
            continue
        (other,) = others
        if len(other) > 1 or len(partners.get(other, ())) > 1 or other in in_long_prototypes:
            proto[ch] = other
        elif ch not in in_long_prototypes and (other.isascii(), -ord(other)) > (ch.isascii(), -ord(ch)):
            proto[ch] = other
    return proto


_fold_cache: dict[str, str] = {}


def _fold_char(ch: str) -> str:
    """One character's skeleton: prototype, casefold, NFD and the extra table, repeated until nothing changes."""
    done = _fold_cache.get(ch)
    if done is not None:
        return done
    proto = _prototypes()
    current = ch
    for _ in range(_MAX_FOLD_ROUNDS):
        mapped = unicodedata.normalize("NFD", "".join(proto.get(c, c) for c in current).casefold())
        mapped = "".join(_EXTRA_PROTOTYPES.get(c, c) for c in mapped)
        if mapped == current:
            break
        current = mapped
    _fold_cache[ch] = current
    return current


def skeleton(text: str) -> str:
    """UTS #39-style skeleton: names that look alike get the same string, so lookalikes are found by equality.

    NFKC; hidden characters dropped (whitespace controls become spaces); dashes become '-'; NFD; each
    character mapped to its confusables.txt prototype and casefolded (repeated to a fixed point, plus
    rn/m, vv/w, cl/d and i/l); NFD again; whitespace runs collapsed. Combining marks are kept, as in
    UTS #39, so 'Café' and 'Cafe' differ. The result is for comparison only, not for display.
    """
    kept = []
    for ch in unicodedata.normalize("NFKC", text):
        if ch.isspace() or ch == "\u2800":  # braille blank draws as a space
            kept.append(" ")
        elif _is_hidden(ch):
            continue
        elif unicodedata.category(ch) == "Pd":
            kept.append("-")
        else:
            kept.append(ch)
    folded = "".join(_fold_char(c) for c in unicodedata.normalize("NFD", "".join(kept)))
    return " ".join(unicodedata.normalize("NFD", folded).split())


def casefold_key(text: str) -> str:
    """NFKC, casefold and collapsed whitespace: names equal under this key collide even if case differs."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return " ".join(folded.split())


def confusable_with(name: str, others: Iterable[str]) -> str | None:
    """The first of `others` that looks like `name` (same skeleton) without being the same name ignoring case."""
    target, key = skeleton(name), casefold_key(name)
    for other in others:
        if skeleton(other) == target and casefold_key(other) != key:
            return other
    return None


def find_lookalikes(names: Mapping[str, str]) -> list[tuple[str, str]]:
    """Pairs (earlier key, key) of names that look alike but differ ignoring case, in one O(n) pass.

    Names are grouped by skeleton in mapping order. Each name that shares a skeleton with an earlier name of
    another casefold key is reported once, paired with the first such earlier name; names equal ignoring
    case are left to the collision check. So a flood of lookalikes yields n pairs, never n².
    """
    # skeleton -> (casefold key, key) of its first two names with distinct casefold keys: enough to find,
    # for any name, the first earlier name with another casefold key, in constant time.
    groups: dict[str, list[tuple[str, str]]] = {}
    pairs = []
    for key, name in names.items():
        folded = casefold_key(name)
        firsts = groups.setdefault(skeleton(name), [])
        earlier = next((k for f, k in firsts if f != folded), None)
        if earlier is not None:
            pairs.append((earlier, key))
        if len(firsts) < 2 and all(f != folded for f, _ in firsts):
            firsts.append((folded, key))
    return pairs
