"""Date arithmetic and formatting shared by awarding, checking and publishing."""
from __future__ import annotations

import calendar
from datetime import date, datetime, timezone
from typing import TypeVar

D = TypeVar("D", date, datetime)


def iso(moment: datetime) -> str:
    """An XML Schema dateTime in UTC with a Z, as VC 2.0 examples write it."""
    return moment.astimezone(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def add_months(moment: D, months: int) -> D:
    """`moment` plus whole calendar months, clamping the day (Jan 31 + 1 month = Feb 28/29)."""
    month0 = moment.month - 1 + months
    year, month = moment.year + month0 // 12, month0 % 12 + 1
    return moment.replace(year=year, month=month, day=min(moment.day, calendar.monthrange(year, month)[1]))


def parse_moment(value: str, end_of_day: bool = False) -> datetime:
    """A date (`2026-01-31`, midnight UTC, or 23:59:59 with `end_of_day`) or a date-time (UTC if no zone).

    Raises ValueError with a message a command line can show.
    """
    text = value.strip()
    if "T" not in text:
        text += "T23:59:59+00:00" if end_of_day else "T00:00:00+00:00"
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{value!r} is not a date (2026-01-31) or date-time (2026-01-31T09:00:00Z)") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
