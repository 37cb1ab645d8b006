"""registry.yaml: the registry's maintainers, admission policy and name exceptions, read with exact problems."""
from __future__ import annotations

import pytest

from registry.model import Admission, Decisions, Maintainer
from registry.validate.decisions import read_decisions

ISSUERS = {"acme", "globex"}
MAINTAINERS = "maintainers:\n  - login: reg-team\n    id: 801\n  - login: lena\n    id: 339\n"

READ = [  # (name, registry.yaml, the decisions read)
    ("absent", None, Decisions()),
    ("only comments", "# nothing decided yet\n", Decisions()),
    ("maintainers", MAINTAINERS, Decisions((Maintainer("reg-team", 801), Maintainer("lena", 339)))),
    ("open admission", MAINTAINERS + "admission:\n  issuers: anyone\n",
     Decisions((Maintainer("reg-team", 801), Maintainer("lena", 339)), Admission(issuers="anyone"))),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in READ], ids=[c[0] for c in READ])
def test_decisions_are_read(text: str | None, expected: Decisions) -> None:
    decisions, problems = read_decisions(text.encode() if text is not None else None, ISSUERS)
    assert (decisions, problems) == (expected, [])


REFUSED = [  # (name, registry.yaml, (code, line) of each problem)
    ("a maintainer twice", MAINTAINERS + "  - login: lena-again\n    id: 339\n", [("duplicate-id", 7)]),
    ("a maintainer without id", "maintainers:\n  - login: reg-team\n", [("missing-field", 2)]),
    ("accreditors admitted by anyone", "admission:\n  accreditors: anyone\n", [("bad-value", 2)]),
    ("an unknown admission", "admission:\n  issuers: everyone\n", [("bad-value", 2)]),
    ("an unknown field", "owners: []\n", [("unknown-field", 1)]),
]


@pytest.mark.parametrize("text, expected", [c[1:] for c in REFUSED], ids=[c[0] for c in REFUSED])
def test_bad_decisions_are_problems(text: str, expected: list[tuple[str, int]]) -> None:
    decisions, problems = read_decisions(text.encode(), ISSUERS)
    assert [(p.code, p.line) for p in problems] == expected
    assert all(p.file == "registry.yaml" and p.hint for p in problems)
    if any(p.severity.value == "error" for p in problems) and expected[0][0] != "duplicate-id":
        assert decisions == Decisions()  # a file with errors decides nothing


def test_is_maintainer_matches_the_numeric_id() -> None:
    decisions, _ = read_decisions(MAINTAINERS.encode(), ISSUERS)
    assert decisions.is_maintainer(339) and not decisions.is_maintainer(340)
