"""What a KPI is: its declaration (``Kpi``), units, and the helpers its declarations share."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import ibis

UNITS = ("money", "percent", "count", "days", "hours", "ratio", "score")


@dataclass(frozen=True)
class Kpi:
    key: str
    label: str
    formula: str
    unit: str  # one of UNITS
    good: str  # "up" or "down": which direction is good
    tables: tuple[str, ...]
    source: str  # the measures function (measures.<source>)
    value: Callable[[ibis.Table], ibis.Value]
    needs: str  # said instead of a value when the data is missing
    aliases: tuple[str, ...] = ()
    #: Sums over the period (a month's target is not a quarter's).
    volume: bool = False
    link: str = "/kpis"
    #: How many answers, orders, deals ... the value rests on (alerts ignore periods with few).
    sample: Callable[[ibis.Table], ibis.Value] | None = None
    #: What the sample counts, in words ("closed deals"): a comparison says what it rests on.
    sample_noun: str = "observations"
    #: Running totals (lifetime value) drift by design: no anomaly alerts.
    alerts: bool = True

    def to_dict(self) -> dict:
        return {
            "key": self.key,
            "label": self.label,
            "formula": self.formula,
            "unit": self.unit,
            "good": self.good,
            "tables": list(self.tables),
            "needs": self.needs,
            "aliases": list(self.aliases),
            "volume": self.volume,
            "link": self.link,
        }


def ratio(a: ibis.Value, b: ibis.Value) -> ibis.Value:
    return a.cast("float64") / b.cast("float64").nullif(0.0)


SALE = "sale orders (paid, refunded or partially refunded; cancelled, failed and pending left out)"
ORDERS_NEED = "needs orders (regulars import orders FILE)"
EMAIL_NEED = (
    "needs email campaigns with delivered and opens counts "
    "(regulars import campaigns FILE --format mailchimp-campaigns)"
)


def k(key, label, formula, unit, good, tables, source, value, needs, **kw) -> Kpi:
    return Kpi(key, label, formula, unit, good, tables, source, value, needs, **kw)
