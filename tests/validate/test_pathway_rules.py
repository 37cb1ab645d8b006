"""Pathway rules of `credreg check` (validate/pathways.py): each named case gives exactly its problems."""
from __future__ import annotations

from pathlib import Path

import pytest
from support import base_files, write_tree

from registry.check import check_registry

DEV = "credentials/acme/python-developer/badge.yaml"
INTRO = "credentials/acme/intro-python/badge.yaml"
DATA = "credentials/globex/data-basics/badge.yaml"


def requires(groups: str) -> dict[str, str]:
    """Python Developer's `buildsOn` (line 18) replaced by `requires:` (line 18), groups from line 19."""
    text = base_files()[DEV]
    return {DEV: text.replace("buildsOn: [intro-python]\n", "requires:\n" + groups)}


def accepts(entry: str = "acme/python-developer") -> dict[str, str]:
    """Globex's Data Basics accepting to count towards `entry` (countsTowards on line 19)."""
    return {DATA: base_files()[DATA] + f"countsTowards: [{entry}]\n"}


# (id, changes, [(code, file, line, message), ...]): the complete, exact list of problems expected.
CASES = [
    pytest.param(requires("  - all: [intro-python, globex/data-basics]\n"),
                 [("pathway-not-accepted", DEV, 19,
                   "the requirement names globex/data-basics, but globex has not accepted that it counts towards "
                   "acme/python-developer")], id="co-branded-without-acceptance"),
    pytest.param({**requires("  - all: [intro-python, globex/data-basics]\n"), **accepts()}, [],
                 id="co-branded-accepted"),
    pytest.param({**requires("  - all: [intro-python, globex/data-basics]\n"), **accepts("acme/intro-python")},
                 [("pathway-not-accepted", DEV, 19,
                   "the requirement names globex/data-basics, but globex has not accepted that it counts towards "
                   "acme/python-developer")], id="accepted-for-another-class-only"),
    pytest.param(accepts("acme/no-such-badge"),
                 [("dangling-ref", DATA, 19, "countsTowards names 'acme/no-such-badge', which does not exist")],
                 id="counts-towards-dangling"),
    pytest.param(accepts("globex/data-basics"),
                 [("bad-ref", DATA, 19, "countsTowards names globex/data-basics, a badge class of globex itself")],
                 id="counts-towards-own-class"),
    pytest.param(requires("  - all: [globex/no-such-badge]\n"),
                 [("dangling-ref", DEV, 19, "the requirement names 'globex/no-such-badge', which does not exist")],
                 id="other-issuer-dangling"),
    pytest.param(requires("  - atLeast: 3\n    of: [intro-python, globex/data-basics]\n"),
                 [("impossible-requirement", DEV, 19,
                   "atLeast 3 of a list of 2 badge classes can never be met"),
                  ("pathway-not-accepted", DEV, 20,
                   "the requirement names globex/data-basics, but globex has not accepted that it counts towards "
                   "acme/python-developer")], id="at-least-more-than-list"),
    pytest.param(requires("  - atLeast: 0\n    of: [intro-python]\n"),
                 [("impossible-requirement", DEV, 19,
                   "atLeast 0 asks for nothing: this group would always hold")], id="at-least-zero"),
    pytest.param(requires("  - atLeast: -2\n    of: [intro-python]\n"),
                 [("impossible-requirement", DEV, 19,
                   "atLeast -2 asks for nothing: this group would always hold")], id="at-least-negative"),
    pytest.param(requires("  - all: [intro-python, acme/intro-python]\n"),
                 [("duplicate-item", DEV, 19, "acme/intro-python is named twice in this requirement group")],
                 id="same-badge-twice-by-two-spellings"),
    pytest.param(requires("  - all:\n      - badge: intro-python\n        minimumPoints: 6\n"),
                 [("impossible-requirement", DEV, 21,
                   "minimumPoints 6 for acme/intro-python is more than the 5 points any of its rubric versions "
                   "can give")], id="minimum-points-unreachable"),
    pytest.param(requires("  - all:\n      - badge: intro-python\n        minimumPoints: 5\n"), [],
                 id="minimum-points-best-total"),
    pytest.param(requires("  - all:\n      - badge: intro-python\n        minimumLevels: {style: good}\n"),
                 [("dangling-ref", DEV, 21,
                   "minimumLevels names criterion 'style', which no rubric version of acme/intro-python has")],
                 id="minimum-level-unknown-criterion"),
    pytest.param(requires("  - all:\n      - badge: intro-python\n        minimumLevels: {quality: superb}\n"),
                 [("dangling-ref", DEV, 21,
                   "minimumLevels names level 'superb' of 'quality', which no rubric version of "
                   "acme/intro-python has")], id="minimum-level-unknown-level"),
    pytest.param(requires("  - all: [python-developer]\n"),
                 [("bad-ref", DEV, 19, "a badge class cannot require itself")], id="requires-itself"),
    pytest.param({**requires("  - all: [intro-python, globex/data-basics]\n"), **accepts(),
                  DATA: base_files()[DATA].replace("buildsOn: []", "buildsOn: [acme/python-developer]")
                  + "countsTowards: [acme/python-developer]\n"},
                 [("pathway-not-accepted", DATA, 18,
                   "the requirement names acme/python-developer, but acme has not accepted that it counts towards "
                   "globex/data-basics"),
                  ("pathway-cycle", DEV, 18,
                   "requires forms a cycle: acme/python-developer → globex/data-basics → acme/python-developer")],
                 id="cycle-across-issuers"),
]


@pytest.mark.parametrize(("changes", "expected"), CASES)
def test_pathway_rule(tmp_path: Path, changes: dict[str, str], expected: list[tuple[str, str, int, str]]) -> None:
    write_tree(tmp_path, {**base_files(), **changes})
    result = check_registry(tmp_path)
    got = sorted((p.code, p.file, p.line, p.message) for p in result.problems)
    assert got == sorted(expected)
    for problem in result.problems:
        assert problem.hint, problem


def test_not_accepted_hint_names_the_file_and_entry(tmp_path: Path) -> None:
    write_tree(tmp_path, {**base_files(), **requires("  - all: [globex/data-basics]\n")})
    [problem] = check_registry(tmp_path).problems
    assert problem.hint == ("ask globex to add `countsTowards: [acme/python-developer]` to "
                            "credentials/globex/data-basics/badge.yaml")
