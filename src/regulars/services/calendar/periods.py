"""Periods as integers: day, week (Monday first), month, quarter, year, in the shop's timezone.

The database turns each timestamp into a period number in the shop's timezone (``clock``: integer
arithmetic on epoch seconds and the UTC offset in force); "the period before" is then the number
minus one, which keeps retention and comparisons simple and fast. This module is the Python twin.
"""

from __future__ import annotations

import datetime as dt

from regulars.vocabulary import PERIODS, Period, choose  # noqa: F401  (PERIODS: read from here too)

_MONDAY_EPOCH_DAY = 4  # 1970-01-05 was a Monday
_EPOCH = dt.date(1970, 1, 1)


def check_period(period: str) -> str:
    """The period's plain text, or an InputError listing ``Period``'s members."""
    return choose(Period, period, "period")


def period_start(number: int, period: str) -> dt.date:
    """The first day of a period number."""
    if period == "day":
        return _EPOCH + dt.timedelta(days=number)
    if period == "week":
        return _EPOCH + dt.timedelta(days=_MONDAY_EPOCH_DAY + 7 * number)
    if period == "month":
        return dt.date(number // 12, number % 12 + 1, 1)
    if period == "quarter":
        return dt.date(number // 4, (number % 4) * 3 + 1, 1)
    return dt.date(number, 1, 1)


def number_of(day: dt.date, period: str) -> int:
    """The period number of a calendar day (the Python twin of ``period_number``)."""
    if period == "day":
        return (day - _EPOCH).days
    if period == "week":
        return ((day - _EPOCH).days - day.weekday() - _MONDAY_EPOCH_DAY) // 7
    if period == "month":
        return day.year * 12 + day.month - 1
    if period == "quarter":
        return day.year * 4 + (day.month - 1) // 3
    return day.year


def period_label(number: int, period: str) -> str:
    start = period_start(number, period)
    if period == "day":
        return f"{start:%a %d %b %Y}"
    if period == "week":
        return f"week of {start:%d %b %Y}"
    if period == "month":
        return f"{start:%B %Y}"
    if period == "quarter":
        return f"Q{(start.month - 1) // 3 + 1} {start.year}"
    return str(start.year)


def periods_per_year(period: str) -> int:
    return {"day": 364, "week": 52, "month": 12, "quarter": 4, "year": 1}[period]


def season_of(number: int, period: str) -> int:
    """What repeats: weekday for days, week of year for weeks, month of year, quarter of year."""
    start = period_start(number, period)
    return {
        "day": start.weekday(),
        "week": min(start.isocalendar()[1], 52),
        "month": start.month,
        "quarter": (start.month - 1) // 3,
        "year": 0,
    }[period]


def season_name(number: int, period: str) -> str:
    start = period_start(number, period)
    return {
        "day": f"{start:%A}",
        "week": "week-of-year",
        "month": f"{start:%B}",
        "quarter": f"Q{(start.month - 1) // 3 + 1}",
        "year": "yearly",
    }[period]
