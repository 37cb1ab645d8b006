"""The model keeps each award's SHA-256, not its bytes; publishing reads the bytes back (load.signed.signed_bytes)
and serves them only if they are the bytes the check verified. A file changed, removed or swapped for a link after
the check stops the build with an error naming it, in the parent process, hint and all, even from a worker."""
from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
from support import REPO, copy_example_registry

from registry.check import check_registry
from registry.errors import CredregError
from registry.load.signed import HINT, signed_bytes
from registry.model import Registry
from registry.publish import parallel, plugin
from registry.publish.build import build_site

NOW = datetime(2026, 11, 28, tzinfo=timezone.utc)


def _edit(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace(b'"name"', b'"name" ', 1))  # same JSON, other bytes


def _remove(path: Path) -> None:
    path.unlink()


def _link(path: Path) -> None:  # the same bytes, behind a symbolic link
    target = path.with_suffix(".target")
    path.rename(target)
    path.symlink_to(target)


CHANGES: dict[str, tuple[Callable[[Path], None], str]] = {
    "bytes changed": (_edit, "{source} changed after credreg read it, so it is neither checked nor published"),
    "file removed": (_remove, "{source} cannot be read again: No such file or directory"),
    "swapped for a link": (_link, "{source} cannot be read again: Too many levels of symbolic links"),
}


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Registry]:
    root = copy_example_registry(tmp_path_factory.mktemp("example"))
    registry = check_registry(root).registry
    assert registry is not None
    return root, registry


def test_the_bytes_read_back_are_the_files(checked: tuple[Path, Registry]) -> None:
    root, registry = checked
    for award in registry.awards.values():
        assert signed_bytes(registry, award) == (root / award.source).read_bytes()


@pytest.mark.parametrize("change", list(CHANGES), ids=list(CHANGES))
def test_a_file_changed_after_the_check_is_refused(tmp_path: Path, change: str) -> None:
    root = copy_example_registry(tmp_path)
    registry = check_registry(root).registry
    assert registry is not None
    award = next(iter(registry.awards.values()))
    act, message = CHANGES[change]
    act(root / award.source)
    with pytest.raises(CredregError) as caught:
        signed_bytes(registry, award)
    assert (caught.value.message, caught.value.hint) == (message.format(source=award.source), HINT)


def test_a_registry_not_read_from_a_checkout_has_no_bytes(checked: tuple[Path, Registry]) -> None:
    _, registry = checked
    award = next(iter(registry.awards.values()))
    with pytest.raises(CredregError, match="the registry was not loaded from a checkout"):
        signed_bytes(replace(registry, root=None), award)


def test_a_build_stops_when_an_award_changes_after_its_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    root = copy_example_registry(tmp_path / "registry")
    shutil.copytree(REPO / "overrides", root / "overrides")
    victim = sorted(root.glob("credentials/*/*/awards/*.json"))[0]
    writer = plugin.award_page_writer

    def edit_then_write(*args: Any) -> Any:  # runs after the check, before any award's files are written
        _edit(victim)
        return writer(*args)
    monkeypatch.setattr(plugin, "award_page_writer", edit_then_write)
    monkeypatch.setattr(parallel, "WORKERS", 2)
    monkeypatch.setattr(parallel, "CHUNK", 2)  # the error is raised in a worker and must reach the parent whole
    with pytest.raises(CredregError) as caught:
        build_site(root, tmp_path / "site", now=NOW)
    source = victim.relative_to(root).as_posix()
    assert caught.value.message == "the site was not built: see the problems above"
    assert [r.getMessage() for r in caplog.records if r.levelname == "ERROR"] == [
        f"{source} changed after credreg read it, so it is neither checked nor published\n  hint: {HINT}"]
    assert not (tmp_path / "site" / "credentials" / f"{victim.stem}.json").exists()
    assert os.path.exists(victim)  # the checkout is left as it was found
