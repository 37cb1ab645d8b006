"""The date a site is built as of: --now, else SOURCE_DATE_EPOCH (reproducible builds), else today; and a
SOURCE_DATE_EPOCH that is not a timestamp refused in plain words before MkDocs starts."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from support import REPO

from registry.cli import main
from registry.errors import CredregError
from registry.publish.build_date import build_date

HINT = "set it to a Unix timestamp, e.g. SOURCE_DATE_EPOCH=$(git log -1 --format=%ct), or unset it to build as of today"

DATES = {
    "--now wins over SOURCE_DATE_EPOCH": ({"CREDREG_NOW": "2026-03-01T12:00:00+01:00", "SOURCE_DATE_EPOCH": "0"},
                                          datetime(2026, 3, 1, 11, tzinfo=timezone.utc), "--now"),
    "SOURCE_DATE_EPOCH": ({"SOURCE_DATE_EPOCH": "1780000000"}, datetime.fromtimestamp(1780000000, timezone.utc),
                          "SOURCE_DATE_EPOCH"),
    "SOURCE_DATE_EPOCH 0 is 1970": ({"SOURCE_DATE_EPOCH": "0"}, datetime(1970, 1, 1, tzinfo=timezone.utc),
                                    "SOURCE_DATE_EPOCH"),
    "surrounding spaces": ({"SOURCE_DATE_EPOCH": " 86400\n"}, datetime(1970, 1, 2, tzinfo=timezone.utc),
                           "SOURCE_DATE_EPOCH"),
    "an empty SOURCE_DATE_EPOCH is unset": ({"SOURCE_DATE_EPOCH": ""}, None, "clock"),
    "nothing set": ({}, None, "clock"),
}


@pytest.mark.parametrize("environ, moment, source", DATES.values(), ids=DATES.keys())
def test_build_date(environ: dict[str, str], moment: datetime | None, source: str) -> None:
    when = build_date(environ)
    assert when.source == source
    if moment is None:  # the clock: today, in UTC, whole seconds
        assert abs(when.moment - datetime.now(timezone.utc)) < timedelta(minutes=1)
        assert when.moment.tzinfo == timezone.utc and when.moment.microsecond == 0
    else:
        assert when.moment == moment


BAD_EPOCHS = {
    "words": ("yesterday", "SOURCE_DATE_EPOCH is 'yesterday', not a whole number of seconds since 1970-01-01 UTC"),
    "negative": ("-5", "SOURCE_DATE_EPOCH is '-5', not a whole number of seconds since 1970-01-01 UTC"),
    "fraction": ("1.5", "SOURCE_DATE_EPOCH is '1.5', not a whole number of seconds since 1970-01-01 UTC"),
    "a date": ("2026-03-01", "SOURCE_DATE_EPOCH is '2026-03-01', not a whole number of seconds since 1970-01-01 UTC"),
    "non-ASCII digits": ("١٢٣", "SOURCE_DATE_EPOCH is '١٢٣', not a whole number of seconds since 1970-01-01 UTC"),
    "beyond any calendar": ("9" * 400, f"SOURCE_DATE_EPOCH is '{'9' * 40}', not a whole number of seconds since "
                            "1970-01-01 UTC"),
}


@pytest.mark.parametrize("epoch, message", BAD_EPOCHS.values(), ids=BAD_EPOCHS.keys())
def test_a_bad_source_date_epoch_is_refused(epoch: str, message: str) -> None:
    with pytest.raises(CredregError) as caught:
        build_date({"SOURCE_DATE_EPOCH": epoch})
    assert (caught.value.message, caught.value.hint) == (message, HINT)


def test_build_refuses_a_bad_source_date_epoch_before_mkdocs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "soon")
    monkeypatch.chdir(REPO)
    assert main(["build", "--out", str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert err == ("error: SOURCE_DATE_EPOCH is 'soon', not a whole number of seconds since 1970-01-01 UTC\n"
                   f"  hint: {HINT}\n")
    assert not (tmp_path / "site").exists()


def test_the_same_source_date_epoch_builds_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")
    monkeypatch.chdir(REPO)
    assert main(["build", "--out", str(tmp_path / "one")]) == 0
    assert main(["build", "--out", str(tmp_path / "two")]) == 0
    one, two = tmp_path / "one", tmp_path / "two"
    different = [p.relative_to(one) for p in one.rglob("*") if p.is_file() and p.suffix != ".gz"
                 and (two / p.relative_to(one)).read_bytes() != p.read_bytes()]
    assert different == []
    day = datetime.fromtimestamp(1780000000, timezone.utc).date().isoformat()
    assert f"as of <time datetime=\"{day}\">{day}</time>" in next((one / "credentials").glob("*/index.html")).read_text()
