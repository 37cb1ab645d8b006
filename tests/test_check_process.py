"""The build's check runs in a forked child process (registry/check_process.py): the result it sends back is the
one an in-process check gives, and whatever goes wrong in the child reaches the caller as what it was."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NoReturn

import pytest
from support import REPO, copy_example_registry

from registry import check_process
from registry.check import check_registry
from registry.errors import CredregError


def test_the_child_checks_as_this_process_does() -> None:
    here, there = check_registry(REPO), check_process.check_in_child(REPO)
    assert there == here and there.registry is not None and len(there.registry.awards) > 20


def test_problems_come_back_with_the_model_withheld(tmp_path: Path) -> None:
    root = copy_example_registry(tmp_path)
    award = sorted(root.glob("credentials/*/*/awards/*.json"))[0]
    award.write_text(award.read_text().replace('"name"', '"name": 1, "name"', 1))
    here, there = check_registry(root), check_process.check_in_child(root)
    assert there == here and there.registry is None and [p.code for p in there.problems] == ["json-duplicate-key"]


def _refuse(*_: Any, **__: Any) -> NoReturn:
    raise CredregError("the registry cannot be read", "give the folder that holds mkdocs.yml")


def _crash(*_: Any, **__: Any) -> NoReturn:
    raise ValueError("a bug in a check")


def _die(*_: Any, **__: Any) -> NoReturn:
    os._exit(3)


def test_a_credreg_error_in_the_child_is_raised_here_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(check_process, "check_registry", _refuse)
    with pytest.raises(CredregError) as caught:
        check_process.check_in_child(REPO)
    assert (caught.value.message, caught.value.hint) == ("the registry cannot be read",
                                                         "give the folder that holds mkdocs.yml")


@pytest.mark.parametrize("fault, message", [
    (_crash, "the check failed in its process:\nTraceback (most recent call last):"),
    (_die, "the check's process ended without a result (exit code 3)"),
], ids=["bug", "died"])
def test_a_crash_in_the_child_is_not_taken_for_a_result(monkeypatch: pytest.MonkeyPatch, fault: Any,
                                                        message: str) -> None:
    monkeypatch.setattr(check_process, "check_registry", fault)
    with pytest.raises(RuntimeError) as caught:
        check_process.check_in_child(REPO)
    assert str(caught.value).startswith(message)
    if fault is _crash:
        assert str(caught.value).rstrip().endswith("ValueError: a bug in a check")
