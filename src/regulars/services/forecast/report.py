"""One forecast: every series of a metric and grouping, each with its chosen model, intervals and
backtest table; the total bottom-up from the groups; sentences in plain words."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from regulars import units
from regulars.analytics.forecast.results import SeriesForecast, bottom_up, forecast_series
from regulars.errors import InputError
from regulars.services.cache import cached
from regulars.services.calendar.periods import period_label, period_start, periods_per_year
from regulars.services.forecast.series import SeriesTable, series_table
from regulars.services.workspace import Workspace

SEASON = {"day": 7, "week": 52, "month": 12}
ORIGINS = 3
LABELS = {"revenue": "Revenue", "orders": "Orders", "units": "Units sold",
          "new_customers": "New customers"}  # fmt: skip


@dataclass(frozen=True)
class ForecastPoint:
    period_start: str
    label: str
    mean: float
    low80: float
    high80: float
    low95: float
    high95: float


@dataclass(frozen=True)
class BacktestRow:
    model: str
    mase: float | None
    wape: float | None
    coverage80: float | None
    coverage95: float | None


@dataclass(frozen=True)
class ForecastLine:
    """One series: its history, the chosen model, the forecast and the backtest table."""

    name: str
    model: str
    intermittent: bool
    beats_seasonal_naive: bool
    history: tuple[float, ...]
    points: tuple[ForecastPoint, ...]
    backtest: tuple[BacktestRow, ...]
    sentence: str
    #: The factor the model's error spread was widened by so that its intervals held as often as
    #: stated in the backtest (1: not widened).
    interval_widening: float = 1.0


@dataclass(frozen=True)
class ForecastReport:
    metric: str
    by: str
    period: str
    horizon: int
    unit: str
    currency: str
    history_start: str
    reconciliation: str
    total: ForecastLine
    lines: tuple[ForecastLine, ...]
    target: float | None
    target_chance: float | None
    sentences: tuple[str, ...]

    def to_dict(self) -> dict:
        return asdict(self)


def _shown(value: float, metric: str, currency: str) -> str:
    if metric == "revenue":
        return units.money(round(value), currency)
    return f"{value:,.0f}"


def _sentence(report_name: str, f: SeriesForecast, table: SeriesTable, currency: str,
              history: np.ndarray) -> str:  # fmt: skip
    n = table.values.shape[1]
    number = table.first + n
    label = period_label(number, table.period)
    low, high = (
        _shown(f.low80[0], table.metric, currency),
        _shown(f.high80[0], table.metric, currency),
    )
    text = f"{report_name} in {label} will likely be {low}-{high} (80%)"
    back = n - periods_per_year(table.period)
    if 0 <= back < n:
        was = _shown(float(history[back]), table.metric, currency)
        text += f"; it was {was} in {period_label(table.first + back, table.period)}"
    text += "."
    if f.model == "bottom-up":
        return text
    if not f.beats_baseline:
        text += " No model beat seasonal naive in the backtest (MASE >= the baseline's): this"
        text += " forecast is no better than repeating last season."
    return text


def _points(f: SeriesForecast, table: SeriesTable) -> tuple[ForecastPoint, ...]:
    n = table.values.shape[1]
    return tuple(
        ForecastPoint(period_start(table.first + n + k, table.period).isoformat(),
                      period_label(table.first + n + k, table.period), f.mean[k], f.low80[k],
                      f.high80[k], f.low95[k], f.high95[k])
        for k in range(len(f.mean))
    )  # fmt: skip


def _line(f, table, history, currency, name) -> ForecastLine:
    rows = tuple(BacktestRow(**asdict(s)) for s in f.scores)
    return ForecastLine(f.name, f.model, f.intermittent, f.beats_baseline,
                        tuple(map(float, history)), _points(f, table), rows,
                        _sentence(name, f, table, currency, history), f.widened)  # fmt: skip


def _fit(table: SeriesTable, horizon: int) -> tuple[SeriesForecast, ...]:
    m = SEASON[table.period]
    n = table.values.shape[1]
    need = max(m + 2, 2 * horizon, 8) + horizon
    if n < need:
        raise InputError(
            f"a {table.period}ly forecast {horizon} ahead needs at least {need} whole "
            f"{table.period}s of sales history; there are {n}"
        )
    return forecast_series(table.values, m, horizon, table.groups, ORIGINS)


@cached
def forecast(ws: Workspace, metric: str = "revenue", by: str = "total", period: str = "month",
             horizon: int = 6, target: float | None = None) -> ForecastReport:  # fmt: skip
    """Forecast ``metric`` per ``period``, ``horizon`` periods ahead, overall or per group."""
    if not 1 <= horizon <= 366:
        raise InputError(f"--horizon {horizon}: use 1 to 366 periods")
    table = series_table(ws, metric, by, period)
    if not table.groups:
        raise InputError("there are no sales to forecast yet: import orders first")
    currency = ws.settings.currency
    fits = _fit(table, horizon)
    name = LABELS[metric]
    total_fit = fits[0] if by == "total" else bottom_up(fits, "total")
    history = table.values.sum(axis=0)
    total = _line(total_fit, table, history, currency, name)
    lines = () if by == "total" else tuple(
        _line(f, table, table.values[k], currency, f"{name} of {f.name}")
        for k, f in enumerate(fits)
    )  # fmt: skip
    chance = None if target is None else total_fit.chance_of_reaching(target)
    sentences = [total.sentence]
    unbeaten = [line.name for line in lines if not line.beats_seasonal_naive]
    if unbeaten:
        sentences.append(f"For {len(unbeaten)} of {len(lines)} {by} series no model beat seasonal"
                         f" naive in the backtest: {', '.join(unbeaten[:5])}.")  # fmt: skip
    if chance is not None:
        sentences.append(f"The chance of reaching {_shown(target, metric, currency)} over the next "
                         f"{horizon} {period}s is {units.rate(chance, 0)}.")  # fmt: skip
    recon = ("the total is the sum of the group forecasts (bottom-up), so the groups add up to it"
             if by != "total" else "one series: nothing to reconcile")  # fmt: skip
    return ForecastReport(
        metric, by, period, horizon, "money" if metric == "revenue" else "count", currency,
        period_start(table.first, period).isoformat(), recon, total, lines, target, chance,
        tuple(sentences),
    )  # fmt: skip
