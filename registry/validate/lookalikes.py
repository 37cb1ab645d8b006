"""Imitation names beyond homoglyphs: a looser name key, resembling pairs and contained names, in linear time.

UTS #39 skeletons (`names.skeleton`) catch names that render the same. An imitator need not go that far:
"SPRINTWISE.", "Sprint-wise", "Sprintwise™", "S p r i n t w i s e" and "Ṡprintwise" all read as Sprintwise to
someone skimming a list, and "Sprintwise Official" borrows the name outright. `name_key` forgets what such
variants change; `resembling` pairs names whose keys are equal; `NameIndex` finds which names occur inside
another. `AcceptedPairs` holds the pairs registry maintainers accepted as genuine (registry.yaml).
"""
from __future__ import annotations

import unicodedata
from collections import Counter, deque
from collections.abc import Callable, Container, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from .names import _fold_char, _is_hidden, _script_and_category

__all__ = ["MIN_CONTAINED", "NO_PAIRS", "AcceptedPairs", "NameIndex", "name_key", "resembling"]

# A contained name must have a key at least this long: "AI" or "Lab" inside a longer name proves nothing.
MIN_CONTAINED = 4
_MAX_ROUNDS = 4
# Scripts whose combining marks are diacritics on a letter that reads the same without them. Marks on letters
# of other scripts (Devanagari vowel signs, Thai vowels, kana voicing marks, Hebrew points) spell other words.
_DIACRITIC_BASES = frozenset({"Latin", "Greek", "Cyrillic", "Armenian", "Georgian"})


def _ignored(ch: str) -> bool:
    """Punctuation, symbols, separators and hidden characters (Cf, Cc, default ignorables …)."""
    return unicodedata.category(ch)[0] in "PSZ" or _is_hidden(ch)


def _strip(text: str) -> str:
    """`text` without ignored characters and without the diacritics of letters that read the same without them."""
    kept = []
    base: str | None = None  # script of the letter the next combining mark sits on, None after anything else
    for ch in text:
        if unicodedata.category(ch)[0] == "M":
            if base is not None and base not in _DIACRITIC_BASES:
                kept.append(ch)
            continue
        if _ignored(ch):
            base = None
            continue
        kept.append(ch)
        script = _script_and_category(ch)[0]
        base = None if script in ("Common", "Inherited", "Unknown") else script
    return "".join(kept)


def _fold(text: str) -> str:
    """One round: NFKC, case folding, ignored characters and diacritics dropped, confusables mapped."""
    letters = _strip(unicodedata.normalize("NFKD", unicodedata.normalize("NFKC", text).casefold()))
    return "".join(_fold_char(ch) for ch in letters)


@lru_cache(maxsize=1 << 16)
def name_key(text: str) -> str:
    """What a name reads as: equal keys mean names a reader takes for the same one. For comparison only.

    Punctuation and symbols go first (so "™" is not read as the letters "TM"), then NFKC and case folding;
    separators, spaces, hidden characters (Cf and other invisibles) and the combining marks of Latin, Greek,
    Cyrillic, Armenian and Georgian letters are dropped; then every character is mapped to its UTS #39
    confusables prototype as in `names.skeleton`. A few prototypes are compatibility characters (a circled
    digit, a modifier letter), so the round repeats until nothing changes.
    """
    if text.isascii():  # the common case, with the same result: letters and digits, lower case
        mapped = "".join(_fold_char(ch) for ch in text.lower() if ch.isalnum())
        if mapped.isascii() and mapped.isalnum():
            return mapped
        text = mapped
    current = "".join(ch for ch in text if unicodedata.category(ch)[0] not in "PS")
    for _ in range(_MAX_ROUNDS):
        folded = _fold(current)
        if folded == current or (folded.isascii() and folded.isalnum()):  # ASCII letters fold to themselves
            return folded
        current = folded
    return current


@dataclass(frozen=True)
class AcceptedPairs:
    """Unordered pairs of ids whose names may resemble each other: genuine cases registry maintainers accepted."""

    pairs: frozenset[frozenset[str]] = frozenset()
    _partners: Mapping[str, frozenset[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        partners: dict[str, set[str]] = {}
        for pair in self.pairs:
            for ident in pair:
                partners.setdefault(ident, set()).update(pair - {ident})
        object.__setattr__(self, "_partners", {k: frozenset(v) for k, v in partners.items()})

    @classmethod
    def of(cls, pairs: Iterable[tuple[str, str]]) -> AcceptedPairs:
        """The accepted pairs from (id, id) tuples; a pair of an id with itself accepts nothing."""
        return cls(frozenset(frozenset(p) for p in pairs if p[0] != p[1]))

    def accepts(self, a: str, b: str) -> bool:
        """Whether the names of `a` and `b` may resemble each other."""
        return b in self.partners(a)

    def partners(self, ident: str) -> frozenset[str]:
        """The ids whose names `ident`'s name may resemble."""
        return self._partners.get(ident, frozenset())

    def most_per_id(self) -> int:
        """The largest number of accepted pairs naming one id."""
        return max(Counter(i for p in self.pairs for i in p).values(), default=0)


NO_PAIRS = AcceptedPairs()


def resembling(names: Mapping[str, str], key: Callable[[str], str], same: Callable[[str], str],
               accepted: AcceptedPairs = NO_PAIRS) -> list[tuple[str, str]]:
    """Pairs (earlier id, id) of names with equal `key` that differ under `same` and are not an accepted pair.

    In mapping order, each name is paired at most once: with the earliest qualifying name of its group among
    those kept. A group keeps its first e+2 distinct `same` values and the first e+1 names of each, where e is
    the most accepted pairs naming one id; that is enough to find a partner whenever one exists, so a flood of
    lookalikes costs O(n·(e+2)²), never n². With no accepted pairs this is `names.find_lookalikes` with any key.
    """
    most = accepted.most_per_id()
    groups: dict[str, list[tuple[str, list[tuple[int, str]]]]] = {}
    pairs = []
    for order, (ident, name) in enumerate(names.items()):
        value = same(name)
        group = groups.setdefault(key(name), [])
        partner = min(((o, other) for v, members in group if v != value for o, other in members
                       if not accepted.accepts(other, ident)), default=None)
        if partner is not None:
            pairs.append((partner[1], ident))
        for v, members in group:
            if v == value:
                if len(members) <= most:
                    members.append((order, ident))
                break
        else:
            if len(group) < most + 2:
                group.append((value, [(order, ident)]))
    return pairs


class NameIndex:
    """Name keys of at least MIN_CONTAINED characters, to find which of them occur inside a text (Aho-Corasick).

    Finding the keys inside one text costs its length plus the keys found, however many keys there are.
    """

    def __init__(self, keys: Mapping[str, str], min_length: int = MIN_CONTAINED) -> None:
        self._owners: dict[str, list[str]] = {}
        for owner, key in keys.items():
            if len(key) >= min_length:
                self._owners.setdefault(key, []).append(owner)
        self._goto: list[dict[str, int]] = [{}]
        self._word: list[str | None] = [None]
        for key in self._owners:
            node = 0
            for ch in key:
                nxt = self._goto[node].get(ch)
                if nxt is None:
                    nxt = len(self._goto)
                    self._goto[node][ch] = nxt
                    self._goto.append({})
                    self._word.append(None)
                node = nxt
            self._word[node] = key
        # fail: longest proper suffix that is a trie node; out: longest proper suffix node that ends a key.
        self._fail = [0] * len(self._goto)
        self._out = [0] * len(self._goto)
        queue = deque(self._goto[0].values())
        while queue:
            node = queue.popleft()
            for ch, child in self._goto[node].items():
                queue.append(child)
                if node:
                    f = self._fail[node]
                    while f and ch not in self._goto[f]:
                        f = self._fail[f]
                    self._fail[child] = self._goto[f].get(ch, 0)
                suffix = self._fail[child]
                self._out[child] = suffix if self._word[suffix] is not None else self._out[suffix]

    def _found_in(self, text: str) -> Iterator[str]:
        """Keys occurring in `text`, each once, in the order their first occurrence ends (longest first at a tie)."""
        seen: set[str] = set()
        node = 0
        for ch in text:
            while node and ch not in self._goto[node]:
                node = self._fail[node]
            node = self._goto[node].get(ch, 0)
            hit = node if self._word[node] is not None else self._out[node]
            while hit:
                word = self._word[hit]
                if word is not None and word not in seen:
                    seen.add(word)
                    yield word
                hit = self._out[hit]

    def contained_in(self, text: str, exclude: Container[str] = (), proper: bool = False,
                     limit: int = 3) -> list[str]:
        """Owners of keys found in `text` (a name key), at most `limit`, leaving out `exclude`.

        With `proper`, a key equal to the whole text does not count (equal names are another rule's business).
        """
        found: list[str] = []
        for key in self._found_in(text):
            if proper and key == text:
                continue
            for owner in self._owners[key]:
                if owner not in exclude:
                    found.append(owner)
                    if len(found) == limit:
                        return found
        return found
