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
