"""Forecasts for many series at once, in numpy: the baselines (naive, seasonal naive), ETS, Theta,
harmonic regression, a combination, and Croston / TSB for intermittent demand; each model chosen
per series by a rolling-origin backtest (MASE), with 80% / 95% intervals whose coverage the backtest
measures, and bottom-up totals.

Every model takes ``y`` of shape (series, periods) and returns a :class:`~.models.Prediction`
(point forecast and the standard deviation of its error per horizon step).
"""

from __future__ import annotations

from regulars.analytics.forecast.backtest import Backtest, backtest, choose_models
from regulars.analytics.forecast.models import MODELS, Prediction, predict
from regulars.analytics.forecast.results import SeriesForecast, forecast_series

__all__ = [
    "MODELS",
    "Backtest",
    "Prediction",
    "SeriesForecast",
    "backtest",
    "choose_models",
    "forecast_series",
    "predict",
]
