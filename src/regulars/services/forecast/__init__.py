"""Forecasts of the shop's sales: revenue, orders, units and new customers per day, week or month,
overall or per channel, category or product, each series' model chosen by a rolling-origin
backtest (``analytics.forecast``), with 80% / 95% intervals, the backtest table, sentences in
plain words, bottom-up totals, and saved forecasts compared later with what happened.

* :mod:`.series`: the series, aggregated in the database;
* :mod:`.report`: the forecast (``forecast``);
* :mod:`.saved`: saved forecasts and their accuracy once the periods have happened.
"""

from __future__ import annotations

from regulars.services.forecast.report import ForecastLine, ForecastPoint, ForecastReport, forecast
from regulars.services.forecast.saved import ForecastAccuracy, forecast_accuracy, save_forecast

__all__ = [
    "ForecastAccuracy",
    "ForecastLine",
    "ForecastPoint",
    "ForecastReport",
    "forecast",
    "forecast_accuracy",
    "save_forecast",
]
