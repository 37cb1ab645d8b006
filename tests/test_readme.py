"""The README's format examples are the example registry's real files, so the docs cannot drift from them."""
from __future__ import annotations

import pytest
from conftest import REPO

EMBEDDED = ["issuers/sprintwise/issuer.yaml", "credentials/sprintwise/sprint-ready-frontend/badge.yaml",
            "credentials/sprintwise/sprint-ready-frontend/rubrics/v2.yaml", "credentials/sprintwise/revocations.yaml"]


@pytest.mark.parametrize("path", EMBEDDED)
def test_readme_embeds_the_real_file(path: str) -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert (REPO / path).read_text(encoding="utf-8").rstrip("\n") in readme, f"update the README's copy of {path}"


def test_readme_names_every_problem_code() -> None:
    import re
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    source = "\n".join(p.read_text() for p in (REPO / "registry").rglob("*.py"))
    codes = set(re.findall(r'(?:Problem\([^)]*?|problem\(\s*|doc\.problem\(\s*)"([a-z0-9]+(?:-[a-z0-9]+)+)"', source))
    codes |= set(re.findall(r'self\.problem\(\w+, "([a-z0-9-]+)"', source))
    missing = sorted(code for code in codes if f"`{code}`" not in readme)
    assert len(codes) > 40 and missing == []
