"""Each KPI for one period, compared with the previous period, last year, its target or a
benchmark."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from regulars.errors import InputError
from regulars.services.calendar.periods import (
    number_of,
    period_label,
    period_start,
    periods_per_year,
)
from regulars.services.kpis.benchmarks import DEFAULT_VERTICAL, benchmarks_for
from regulars.services.kpis.history import KpiHistory, KpiSeries, kpi_history
from regulars.services.kpis.noise import is_noise, rests_on, too_few
from regulars.services.kpis.targets import list_targets, target_for
from regulars.services.sales import sales_orders
from regulars.services.workspace import Workspace
from regulars.units import format_change, format_delta, format_value, relative_change

COMPARISONS = ("previous", "last-year", "target", "benchmark")
SPARK_POINTS = 12


@dataclass(frozen=True)
class KpiResult:
    key: str
    label: str
    unit: str
    good_direction: str
    formula: str
    period_start: str
    period_label: str
    value: float | None
    value_text: str
    missing_data: str | None  # why there is no value (never shown as zero)
    compare: str
    comparison_label: str | None
    comparison_value: float | None
    comparison_text: str
    delta: float | None
    delta_relative: float | None
    is_good: bool | None
    sentence: str
    spark: tuple[float | None, ...]
    link: str
    source: str | None = None  # the benchmark's citation, when compared with one
    change_text: str = ""  # the delta in short: "+12.5%", "-2.1 pts" ("" when there is none)
    sample: int | None = None  # the answers, orders, deals ... the value rests on
    comparison_sample: int | None = None  # the same for the period compared with
    within_noise: bool = False  # the change is no larger than sampling noise: not judged
    rests_on: str = ""  # "5 closed deals against 3": what the comparison rests on

    def to_dict(self) -> dict:
        from dataclasses import asdict

        out = asdict(self)
        out["spark"] = list(self.spark)
        return out


@dataclass(frozen=True)
class KpiReport:
    period: str
    period_label: str
    period_start: str
    compare: str
    vertical: str
    results: tuple[KpiResult, ...]

    def get(self, key: str) -> KpiResult:
        return next(r for r in self.results if r.key == key)

    def to_dict(self) -> dict:
        return {
            "period": self.period,
            "period_label": self.period_label,
            "period_start": self.period_start,
            "compare": self.compare,
            "vertical": self.vertical,
            "kpis": [r.to_dict() for r in self.results],
        }


def reference_number(ws: Workspace, history: KpiHistory, at: dt.date | None = None) -> int | None:
    """The period to report: the one holding ``at``, else the last complete period with data."""
    if at is not None:
        return number_of(at, history.period)
    last = _last_number(history)
    if last is None:
        return None
    o = sales_orders(ws)
    latest = ws.store.to_arrow(o.aggregate(last=o.ordered_at.max().date())).to_pylist()[0]["last"]
    end = period_start(last + 1, history.period)
    if (
        latest is not None
        and latest + dt.timedelta(days=1) < end
        and number_of(latest, history.period) == last
    ):
        return last - 1  # the latest period has only just begun: report the last whole one
    return last


def _last_number(history: KpiHistory) -> int | None:
    """The last period with sales (orders are the shop's clock: a deal opened or a survey answered
    after
    the last order does not make an order-less period "current"); any data when there are no
    sales."""
    sales = next((s for s in history.series if s.kpi.key == "revenue" and s.has_data), None)
    if sales is None:
        return history.last_number()
    return max(p.number for p in sales.points if p.value is not None)


def kpi_report(
    ws: Workspace,
    period: str = "month",
    compare: str = "previous",
    vertical: str = DEFAULT_VERTICAL,
    at: dt.date | None = None,
    history: KpiHistory | None = None,
) -> KpiReport:
    if compare not in COMPARISONS:
        raise InputError(f"unknown comparison {compare!r}; use one of: {', '.join(COMPARISONS)}")
    history = history or kpi_history(ws, period)
    number = reference_number(ws, history, at)
    if number is None:
        number = number_of(at or dt.date.today(), period)
    lookup = _comparison_lookup(ws, compare, period, vertical)
    currency = ws.settings.currency
    results = tuple(_result(s, number, period, compare, lookup, currency) for s in history.series)
    return KpiReport(
        period,
        period_label(number, period),
        period_start(number, period).isoformat(),
        compare,
        vertical,
        results,
    )


def _comparison_lookup(ws: Workspace, compare: str, period: str, vertical: str):
    """fn(series, number) -> (label, value, source, number of the period compared with)."""
    if compare == "previous":
        return lambda s, n: (period_label(n - 1, period), s.value_at(n - 1), None, n - 1)
    if compare == "last-year":
        back = periods_per_year(period)
        return lambda s, n: (period_label(n - back, period), s.value_at(n - back), None, n - back)
    if compare == "target":
        targets = list_targets(ws)

        def by_target(s: KpiSeries, n: int):
            t = target_for(targets, s.kpi.key, period, s.kpi.volume)
            return (
                "the target"
                + ("" if t is None or t.period == period else f" (set per {t.period})"),
                None if t is None else t.target,
                None,
                None,
            )

        return by_target
    marks = benchmarks_for(ws, vertical)

    def by_benchmark(s: KpiSeries, n: int):
        b = marks.get(s.kpi.key)
        return (
            f"the {vertical} {b.statistic if b else 'benchmark'}",
            None if b is None else b.value,
            None if b is None else b.citation,
            None,
        )

    return by_benchmark


@dataclass(frozen=True)
class _Change:
    """What one result compares, for its sentence."""

    label: str
    unit: str
    when: str
    value: float | None
    missing: str | None
    c_label: str
    c_value: float | None
    delta: float | None
    relative: float | None
    good: bool | None
    noise: bool
    few: bool
    rests_on: str
    compare: str
    currency: str


def _judge(k, value, c_value, size, c_size, sampled):
    """(delta, relative change, good, within noise) of ``value`` against ``c_value``."""
    if value is None or c_value is None:
        return None, None, None, False
    delta = value - c_value
    noise = delta != 0 and is_noise(k, value, size, c_value, c_size, sampled=sampled)
    good = None if delta == 0 or noise else ((delta > 0) == (k.good == "up"))
    return delta, relative_change(value, c_value), good, noise


def _result(s: KpiSeries, n: int, period: str, compare: str, lookup, currency: str) -> KpiResult:
    k = s.kpi
    value = s.value_at(n)
    label = period_label(n, period)
    missing = None
    if value is None:
        missing = (
            k.needs
            if not s.has_data
            else f"no data in {label} ({k.needs.removeprefix('needs ')} there)"
        )
    c_label, c_value, source, c_number = lookup(s, n)
    size, c_size = s.sample_at(n), s.sample_at(c_number)
    delta, rel, good, noise = _judge(k, value, c_value, size, c_size, c_number is not None)
    on = rests_on(k, size, c_size if c_number is not None else None)
    few = noise and (too_few(k, size) or too_few(k, c_size))
    facts = (k.label, k.unit, label, value, missing, c_label, c_value, delta, rel, good, noise, few)
    return KpiResult(
        k.key, k.label, k.unit, k.good, k.formula, period_start(n, period).isoformat(), label,
        value, format_value(k.unit, value, currency), missing, compare, c_label, c_value,
        format_value(k.unit, c_value, currency), delta, rel, good,
        _sentence(_Change(*facts, on, compare, currency)),
        tuple(s.value_at(i) for i in range(n - SPARK_POINTS + 1, n + 1)),
        k.link, source, format_change(k.unit, delta, rel, currency), size, c_size, noise, on,
    )  # fmt: skip


def _sentence(c: _Change) -> str:
    if c.value is None:
        return f"{c.label}: no value for {c.when}; {c.missing}."
    text = f"{c.label} in {c.when}: {format_value(c.unit, c.value, c.currency)}"
    if c.c_value is None:
        nothing = {
            "previous": "no value for the period before",
            "last-year": "no value a year earlier",
            "target": "no target set (regulars target set)",
            "benchmark": "no published benchmark",
        }[c.compare]
        return f"{text}; {nothing} to compare with."
    if c.delta == 0:
        return f"{text}, the same as {c.c_label}."
    if c.noise:
        verdict = (
            f"too few to judge ({c.rests_on})"
            if c.few
            else f"within sampling noise on {c.rests_on}"
        )
    else:
        verdict = ("good" if c.good else "needs attention") + (
            f" (on {c.rests_on})" if c.rests_on else ""
        )
    change = format_delta(c.unit, c.delta, c.relative, c.currency)
    c_text = format_value(c.unit, c.c_value, c.currency)
    return f"{text}, {change} {c.c_label} ({c_text}): {verdict}."
