"""Hand-written pages (docs_dir) may not stand where the registry publishes its own documents: a DID document,
status list or credential dropped into overrides/docs/ would be served on the registry's domain as if checked."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from support import REPO, copy_example_registry

from registry.cli import main
from registry.publish.build import build_site

RESERVED = [  # (name, file under overrides/docs/, where it would be published)
    ("a DID document", "issuers/fake/did.json", "issuers/fake/did.json"),
    ("a status list", "status/sprintwise/2.json", "status/sprintwise/2.json"),
    ("a credential", "credentials/0123456789abcdef.json", "credentials/0123456789abcdef.json"),
    ("an OB 2.0 document", "api/ob2/issuers/fake.json", "api/ob2/issuers/fake.json"),
    ("a badge page", "badges/fake/x.md", "badges/fake/x/index.html"),
    ("the verify page's script", "assets/credreg/verify-page.js", "assets/credreg/verify-page.js"),
    ("the home page", "index.md", "index.html"),
    ("the my-credentials page (a fake one could send emails away)", "my-credentials/index.md",
     "my-credentials/index.html"),
    ("the recipients index", "api/recipients.json", "api/recipients.json"),
]


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_example_registry(tmp_path_factory.mktemp("reserved") / "registry")
    shutil.copytree(REPO / "overrides", root / "overrides")
    return root


@pytest.mark.parametrize("source, published", [c[1:] for c in RESERVED], ids=[c[0] for c in RESERVED])
def test_docs_may_not_take_the_registrys_paths(example: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                              source: str, published: str) -> None:
    planted = example / "overrides" / "docs" / source
    planted.parent.mkdir(parents=True, exist_ok=True)
    planted.write_text("{}\n" if source.endswith(".json") else "# planted\n")
    try:
        code = main(["build", "--root", str(example), "--out", str(tmp_path / "site")])
    finally:
        planted.unlink()
    err = capsys.readouterr().err
    assert code == 1
    assert (f"{example / 'overrides' / 'docs'}/{source} would be published at /{published}, which belongs to the "
            "registry (DID documents, credentials, status lists and pages are only ever generated from the checked "
            "registry): move or rename it") in err
    assert err.rstrip().endswith("error: the site was not built: see the problems above\n"
                                 "  hint: fix them (`credreg check` lists them all) and build again")
    assert not (tmp_path / "site" / published).exists()


def test_other_hand_written_pages_build(example: Path, tmp_path: Path) -> None:
    (example / "overrides" / "docs" / "guides").mkdir(parents=True, exist_ok=True)
    (example / "overrides" / "docs" / "guides" / "recruiters.md").write_text("# For recruiters\n")
    site = build_site(example, tmp_path / "site")
    assert (site / "guides" / "recruiters" / "index.html").is_file()
