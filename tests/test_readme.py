"""The README's format examples are the example registry's real files, so the docs cannot drift from them.

The README's table of problem codes is checked against the code in test_problem_codes.py.
"""
from __future__ import annotations

import pytest
from support import REPO

EMBEDDED = ["issuers/sprintwise/issuer.yaml", "credentials/sprintwise/sprint-ready-frontend/badge.yaml",
            "credentials/sprintwise/sprint-ready-frontend/rubrics/v2.yaml", "credentials/sprintwise/revocations.yaml"]


@pytest.mark.parametrize("path", EMBEDDED)
def test_readme_embeds_the_real_file(path: str) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert (REPO / path).read_text(encoding="utf-8").rstrip("\n") in readme, f"update the README's copy of {path}"
