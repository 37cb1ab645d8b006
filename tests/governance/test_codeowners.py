"""`credreg codeowners`: the committed CODEOWNERS is what the generator writes, and each case gives its exact output."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from support import REPO, fixture_key, issuer_yaml

from registry.cli import main
from registry.governance.codeowners import HEADER, SITE_PATHS, codeowners

REGISTRY_YAML = """maintainers:
  - login: reg-team
    id: 100
  - login: Reg-Lead
    id: 101
admission:
  issuers: registry-maintainers
  accreditors: registry-maintainers
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_committed_codeowners_is_up_to_date() -> None:
    committed = (REPO / ".github" / "CODEOWNERS").read_bytes()
    assert codeowners(REPO).encode("utf-8") == committed, \
        "regenerate it: credreg codeowners --out .github/CODEOWNERS"


def test_the_committed_codeowners_puts_everything_first_then_each_issuer() -> None:
    lines = [line.split() for line in (REPO / ".github" / "CODEOWNERS").read_text().splitlines()
             if line and not line.startswith("#")]
    assert lines[0] == ["*", "@credreg-registry-team", "@lena-marsh"]
    assert [row[0] for row in lines[1:len(SITE_PATHS) + 1]] == list(SITE_PATHS)
    assert ["/issuers/sprintwise/", "@sprintwise-credentials", "@maya-okonkwo"] in lines
    assert ["/credentials/open-skills-accreditation-council/", "@oscc-secretariat"] in lines


@dataclass(frozen=True)
class Case:
    """A registry (changes to the minimal one; None deletes), and the exit code with the output or error line."""

    name: str
    changes: dict[str, str | None] = field(default_factory=dict)
    code: int = 0
    expect: str = ""  # a line of the output (exit 0) or the first error line (exit 1)


GLOBEX = "issuers/globex/issuer.yaml"
CASES = [
    Case("registry maintainers own everything first", {"registry.yaml": REGISTRY_YAML},
         expect="*                    @reg-team @Reg-Lead"),
    Case("registry maintainers own the site code", {"registry.yaml": REGISTRY_YAML},
         expect="/.github/            @reg-team @Reg-Lead"),
    Case("an issuer's maintainers own its folders", {"registry.yaml": REGISTRY_YAML},
         expect="/credentials/globex/ @maintainer-globex"),
    Case("a login listed twice appears once", {"registry.yaml": REGISTRY_YAML, GLOBEX: issuer_yaml(
        "Globex Academy", fixture_key("globex")).replace("maintainers:\n", "maintainers:\n  - login: maintainer-globex\n"
                                                                           "    id: 7\n")},
         expect="/issuers/globex/     @maintainer-globex"),
    Case("no registry.yaml", code=1,
         expect="error: registry.yaml lists no maintainers, so nobody would own the site code and the "
                "registry's own files"),
    Case("a registry.yaml with comments only", {"registry.yaml": "# nothing decided yet\n"}, code=1,
         expect="error: registry.yaml lists no maintainers, so nobody would own the site code and the "
                "registry's own files"),
    Case("a registry.yaml without maintainers", {"registry.yaml": "nameExceptions: []\n"}, code=1,
         expect="error: registry.yaml lists no maintainers, so nobody would own the site code and the "
                "registry's own files"),
    Case("a registry.yaml that is not YAML", {"registry.yaml": "maintainers: [\n"}, code=1,
         expect="error: registry.yaml:1:14: this '[' is never closed"),
    Case("an issuer folder without a profile", {"registry.yaml": REGISTRY_YAML, GLOBEX: None,
                                                "issuers/globex/logo.svg": None, "issuers/globex/keep.svg": "x"},
         code=1, expect="error: issuers/globex/ has no issuer.yaml, so it has no maintainers to own it"),
    Case("an issuer profile whose login is not a GitHub login",
         {"registry.yaml": REGISTRY_YAML, GLOBEX: issuer_yaml("Globex Academy", fixture_key("globex")).replace(
            "login: maintainer-globex", "login: '@evil team'")},
         code=1, expect="error: issuers/globex/issuer.yaml:10:5: maintainers.0.login '@evil team' is not in the "
                        "expected form"),
    Case("an issuer folder that is not an id", {"registry.yaml": REGISTRY_YAML, "issuers/Bad Name/issuer.yaml": "x"},
         code=1, expect="error: issuers/Bad Name/ is not named by an issuer id ([a-z0-9-], at most 64)"),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_codeowners_cases(case: Case, make_registry: Callable[..., Path], capsys: pytest.CaptureFixture[str]) -> None:
    root = make_registry(case.changes)
    code, out, err = run(capsys, "codeowners", "--root", str(root))
    assert code == case.code, err
    if case.code == 0:
        assert out.startswith(HEADER) and case.expect in out.splitlines()
    else:
        assert (out, err.splitlines()[0]) == ("", case.expect)
        assert "Traceback" not in err


def test_output_is_deterministic_and_written_atomically(make_registry: Callable[..., Path], tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    root = make_registry({"registry.yaml": REGISTRY_YAML})
    out = tmp_path / "repo" / ".github" / "CODEOWNERS"
    assert run(capsys, "codeowners", "--root", str(root), "--out", str(out)) == (0, f"wrote {out}\n", "")
    first = out.read_bytes()
    assert run(capsys, "codeowners", "--root", str(root), "--out", str(out))[0] == 0
    assert out.read_bytes() == first and first.decode() == run(capsys, "codeowners", "--root", str(root))[1]
    assert sorted(p.name for p in out.parent.iterdir()) == ["CODEOWNERS"]  # no temporary left behind
    rows = [line for line in first.decode().splitlines() if line and not line.startswith("#")]
    assert [row.split()[0] for row in rows] == ["*", *SITE_PATHS, "/issuers/acme/", "/credentials/acme/",
                                                "/issuers/globex/", "/credentials/globex/"]


def test_an_unwritable_out_is_an_error_not_a_traceback(make_registry: Callable[..., Path], tmp_path: Path,
                                                       capsys: pytest.CaptureFixture[str]) -> None:
    root = make_registry({"registry.yaml": REGISTRY_YAML})
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = run(capsys, "codeowners", "--root", str(root), "--out", str(blocker / "CODEOWNERS"))
    assert code == 1 and err.startswith(f"error: cannot write {blocker / 'CODEOWNERS'}: ")
