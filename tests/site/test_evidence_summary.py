"""Evidence-page summaries of a badge description are cut at a word boundary, with an ellipsis when cut."""
from __future__ import annotations

import pytest

from registry.publish.render import shortened

CASES = [
    pytest.param("Short enough.", 20, "Short enough.", id="short text is kept whole"),
    pytest.param("exactly twenty chars", 20, "exactly twenty chars", id="text at the limit is kept whole"),
    pytest.param("Builds accessible interfaces for clients", 20, "Builds accessible…", id="cut at the last space"),
    pytest.param("Builds, tests, ships and documents", 16, "Builds, tests…", id="trailing comma dropped"),
    pytest.param("Supercalifragilisticexpialidocious", 10, "Supercali…", id="one long word is cut inside it"),
    pytest.param("Résumé écrit à la main, très soigneusement", 22, "Résumé écrit à la…", id="non-ASCII letters"),
]


@pytest.mark.parametrize("text, limit, expected", CASES)
def test_shortened(text: str, limit: int, expected: str) -> None:
    out = shortened(text, limit)
    assert out == expected and len(out) <= limit
