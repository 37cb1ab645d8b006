"""The moment a site is built as of: `--now` when given, else SOURCE_DATE_EPOCH (reproducible builds), else now.

Pages show expiry, "valid as of" and insights as of this moment, and say which it was. The same sources built
with the same SOURCE_DATE_EPOCH (or --now) give byte-identical output.
"""
from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone

from ..errors import CredregError

NOW_ENV = "CREDREG_NOW"  # set by `credreg build --now` for the plugin, which MkDocs runs in the same process
EPOCH_ENV = "SOURCE_DATE_EPOCH"


@dataclass(frozen=True)
class BuildDate:
    """The build's moment (aware, UTC, whole seconds) and where it came from: "--now", "SOURCE_DATE_EPOCH" or "clock"."""

    moment: datetime
    source: str


def build_date(environ: Mapping[str, str] = os.environ) -> BuildDate:
    """The build's moment from the environment; CredregError for a SOURCE_DATE_EPOCH that is not a timestamp."""
    given = environ.get(NOW_ENV)
    if given:
        return BuildDate(datetime.fromisoformat(given).astimezone(timezone.utc), "--now")
    epoch = environ.get(EPOCH_ENV, "").strip()
    if epoch:
        if not (epoch.isascii() and epoch.isdigit()) or len(epoch) > 11:  # 11 digits reach the year 5138: anything longer is a mistake
            raise CredregError(f"{EPOCH_ENV} is {epoch[:40]!r}, not a whole number of seconds since 1970-01-01 UTC",
                               f"set it to a Unix timestamp, e.g. {EPOCH_ENV}=$(git log -1 --format=%ct), or unset it "
                               "to build as of today")
        return BuildDate(datetime.fromtimestamp(int(epoch), timezone.utc), EPOCH_ENV)
    return BuildDate(datetime.now(timezone.utc).replace(microsecond=0), "clock")
