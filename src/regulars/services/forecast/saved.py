"""Saved forecasts: every forecast the owner saves is a JSON document in the store (``_models``,
kind ``forecast``) with its creation date; later, the periods that have since happened are
compared with what was forecast (error, and whether the 80% / 95% intervals held)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from regulars.services.forecast.report import ForecastReport
from regulars.services.forecast.series import series_table
from regulars.services.workspace import Workspace
from regulars.store import models as stored

KIND = "forecast"


@dataclass(frozen=True)
class ForecastAccuracy:
    """One saved forecast against what happened so far."""

    name: str
    created: str
    metric: str
    by: str
    period: str
    periods_happened: int
    mean_absolute_error: float | None
    wape: float | None
    within80: float | None
    within95: float | None
    sentence: str


def save_forecast(ws: Workspace, report: ForecastReport, today: dt.date | None = None) -> str:
    """Save the total line of ``report``; returns the saved name."""
    created = (today or dt.date.today()).isoformat()
    name = f"forecast:{report.metric}:{report.by}:{report.period}:{created}"
    document = {"created": created, "metric": report.metric, "by": report.by,
                "period": report.period, "points": [p.__dict__ for p in report.total.points],
                "model": report.total.model}  # fmt: skip
    stored.save_document(ws.store, name, KIND, document)
    return name


def _actuals(ws: Workspace, metric: str, by: str, period: str) -> dict[str, float]:
    from regulars.services.calendar.periods import period_start

    table = series_table(ws, metric, by, period)
    totals = table.values.sum(axis=0) if table.groups else []
    return {period_start(table.first + k, period).isoformat(): float(v)
            for k, v in enumerate(totals)}  # fmt: skip


def _accuracy(name: str, doc: dict, actual: dict[str, float]) -> ForecastAccuracy:
    seen = [p for p in doc["points"] if p["period_start"] in actual]
    errors = [abs(actual[p["period_start"]] - p["mean"]) for p in seen]
    total = sum(actual[p["period_start"]] for p in seen)
    in80 = [p["low80"] <= actual[p["period_start"]] <= p["high80"] for p in seen]
    in95 = [p["low95"] <= actual[p["period_start"]] <= p["high95"] for p in seen]
    n = len(seen)
    if not n:
        sentence = f"Saved on {doc['created']}: none of its periods has happened yet."
    else:
        sentence = (f"Saved on {doc['created']}: {n} period(s) happened; {sum(in80)} of {n} "
                    f"inside the 80% interval, {sum(in95)} inside the 95%.")  # fmt: skip
    return ForecastAccuracy(
        name, doc["created"], doc["metric"], doc["by"], doc["period"], n,
        sum(errors) / n if n else None, sum(errors) / total if n and total else None,
        sum(in80) / n if n else None, sum(in95) / n if n else None, sentence,
    )  # fmt: skip


def forecast_accuracy(ws: Workspace) -> tuple[ForecastAccuracy, ...]:
    """Every saved forecast against the periods that have since happened."""
    out, cache = [], {}
    for name, text in stored.documents(ws.store, KIND).items():
        doc = json.loads(text)
        key = (doc["metric"], doc["by"], doc["period"])
        if key not in cache:
            cache[key] = _actuals(ws, *key)
        out.append(_accuracy(name, doc, cache[key]))
    return tuple(out)
