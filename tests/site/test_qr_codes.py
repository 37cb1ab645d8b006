"""The evidence page's QR code (registry/publish/qr.py) is exactly segno's: the same SVG string for every kind of
text, the same penalty score as segno's own scorer for every mask of every symbol, and on random module grids
with the overlapping finder-like patterns that make segno's N3 scan order matter."""
from __future__ import annotations

import random
import string

import numpy as np
import pytest
import segno
from segno import consts, encoder
from support import REPO

from registry.check import check_registry
from registry.config import load_site_urls
from registry.publish import qr

URL_CHARS = string.ascii_lowercase + string.digits + ":/.-_?=&%#~+"


def segno_svg(text: str, title: str) -> str:
    code = segno.make(text, error="m", micro=False)
    return str(code.svg_inline(scale=4, border=4, dark="#000", light="#fff", title=title, svgclass="credreg-qr",
                               lineclass=None, omitsize=False))


def capacity_bytes(version: int, error: int) -> int:
    """The most bytes a byte-mode symbol of `version` holds at `error`."""
    return (consts.SYMBOL_CAPACITY[version][error] - 4 - (8 if version < 10 else 16)) // 8


def random_text(rng: random.Random, length: int) -> str:
    return "h" + "".join(rng.choice(URL_CHARS) for _ in range(length - 1))


def example_urls() -> list[str]:
    registry = check_registry(REPO).registry
    assert registry is not None
    urls = load_site_urls(REPO)
    return sorted(urls.credential(award_id) for award_id in registry.awards)


RNG = random.Random(20261203)
# Each family is encoded by qr.py itself (the first ones) or handed to segno (the last ones); all must match segno.
TEXTS: dict[str, list[str]] = {
    "the example registry's credential URLs": example_urls(),
    "random URL-like texts, 1 to 200 bytes": [random_text(RNG, n) for n in range(1, 201)],
    "version boundaries at level M (last that fits, first that does not)": [
        random_text(RNG, capacity_bytes(v, consts.ERROR_LEVEL_M) + d) for v in (1, 2, 5, 6, 7, 9, 10, 13, 14, 20, 21, 27)
        for d in (0, 1)],
    "error boost boundaries (Q and H just fit, or just do not)": [
        random_text(RNG, capacity_bytes(v, level) + d) for v in (3, 6, 8, 11) for level in qr.BOOST for d in (0, 1)],
    "the largest version": [random_text(RNG, capacity_bytes(40, consts.ERROR_LEVEL_M))],
    "markup in the text and title": ['https://r.example/"><script>alert(1)</script>&amp;', "a<b>&c"],
    "all digits (numeric mode, segno)": ["0", "12345678901234567890"],
    "upper-case alphanumeric (alphanumeric mode, segno)": ["HTTPS://R.EXAMPLE/CREDENTIALS/ABC", "A B$%*+-./:"],
    "Latin-1 beyond ASCII (segno)": ["https://r.example/caf\u00e9"],
    "beyond Latin-1 (UTF-8, segno)": ["https://r.example/\u4e2d\u6587", "https://r.example/\U0001f600"],
    "control characters (segno)": ["https://r.example/\nx", "tab\there"],
}


@pytest.mark.parametrize("family", TEXTS)
def test_same_svg_as_segno(family: str) -> None:
    for text in TEXTS[family]:
        title = "QR code of " + text
        assert qr.qr_svg(text, title) == segno_svg(text, title), text


def test_credential_urls_take_the_fast_path() -> None:
    """Credential URLs are byte-mode texts, so evidence pages never wait on segno's mask search."""
    for url in TEXTS["the example registry's credential URLs"]:
        assert qr._byte_mode(url, url.encode()), url
    for family in ("all digits (numeric mode, segno)", "upper-case alphanumeric (alphanumeric mode, segno)",
                   "beyond Latin-1 (UTF-8, segno)", "control characters (segno)"):
        for text in TEXTS[family]:
            assert not qr._byte_mode(text, text.encode("iso-8859-1", "replace")), text


def segno_score(grid: np.ndarray) -> int:
    return int(encoder.evaluate_mask([bytearray(row) for row in grid.tolist()], *grid.shape))


@pytest.mark.parametrize("length", [1, 17, 60, 106, 300])
def test_every_mask_scores_as_segno_scores_it(length: int) -> None:
    _, _, candidates = qr.candidates(random_text(random.Random(length), length).encode())
    assert qr.scores(candidates) == [segno_score(c) for c in candidates]


GRIDS = {
    "uniform random": lambda rng, n: (rng.random((n, n)) < 0.5),
    "mostly light": lambda rng, n: (rng.random((n, n)) < 0.15),
    "mostly dark": lambda rng, n: (rng.random((n, n)) < 0.85),
    "rows of overlapping finder-like patterns": lambda rng, n: np.array(
        [np.roll(np.resize([1, 0, 1, 1, 1, 0, 1, 1, 1, 0, 1, 0, 0, 0, 0], n), rng.integers(n)) for _ in range(n)]) == 1,
    "finder-like patterns at the edges": lambda rng, n: np.tile(np.resize([1, 0, 1, 1, 1, 0, 1, 0, 0], n), (n, 1)) == 1,
}


@pytest.mark.parametrize("kind", GRIDS)
def test_random_grids_score_as_segno_scores_them(kind: str) -> None:
    rng = np.random.default_rng(7)
    for n in (21, 25, 41, 57):
        grids = np.array([GRIDS[kind](rng, n) for _ in range(8)], dtype=np.uint8)
        assert qr.scores(grids) == [segno_score(g) for g in grids], (kind, n)
