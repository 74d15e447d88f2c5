"""The shop's calendar: periods as integers (day, week, month, quarter, year) in the shop's
timezone,
and the clock that turns timestamps into them in the database. KPIs, cohorts and every other
capability that speaks of periods import it from here."""

from regulars.services.calendar.clock import Clock
from regulars.services.calendar.periods import (
    PERIODS,
    check_period,
    number_of,
    period_label,
    period_start,
    periods_per_year,
    season_name,
    season_of,
)
from regulars.services.calendar.shop import clock_over, shop_clock

__all__ = [
    "PERIODS",
    "Clock",
    "check_period",
    "clock_over",
    "number_of",
    "period_label",
    "period_start",
    "periods_per_year",
    "season_name",
    "season_of",
    "shop_clock",
]
