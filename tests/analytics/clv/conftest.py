"""CDNOW calibration/holdout summaries built from the raw file with plain numpy.

Conventions (they reproduce the published numbers; see tests/data/cdnow/README.md):
calibration 1997-01-01 through 1997-09-30 inclusive; time in weeks = days / 7; several purchases on
the same day count as one purchase (their dollar values are added); frequency = repeat purchase
days in calibration; recency = weeks from the first to the last calibration purchase; T = weeks
from the first purchase to 1997-09-30 (so a 1997-01-01 first buyer has T = 272/7 = 38.86 weeks);
holdout = 1997-10-01 through 1998-06-30 (weeks 40-78, 39 weeks).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pytest

CDNOW_FILE = Path(__file__).resolve().parents[2] / "data" / "cdnow" / "CDNOW_sample.txt"
CALIBRATION_END = np.datetime64("1997-09-30")
HOLDOUT_END = np.datetime64("1998-06-30")


@dataclass(frozen=True, eq=False)
class CdnowSummary:
    frequency: np.ndarray
    recency: np.ndarray
    T: np.ndarray
    monetary_value: np.ndarray  # average value of the repeat purchase days (0 when frequency == 0)
    holdout_purchase_days: np.ndarray
    holdout_transactions: np.ndarray
    holdout_length: float


def _load_raw():
    raw = np.loadtxt(CDNOW_FILE, dtype=str)
    customer = raw[:, 1].astype(int)
    dates = np.array([f"{d[:4]}-{d[4:6]}-{d[6:]}" for d in raw[:, 2]], dtype="datetime64[D]")
    return customer, dates, raw[:, 4].astype(float)


def _daily(customer, dates, value):
    """One row per (customer, day) with the day's total value."""
    day = (dates - np.datetime64("1997-01-01")).astype(int)
    keys, inverse = np.unique(np.column_stack([customer, day]), axis=0, return_inverse=True)
    return keys[:, 0], keys[:, 1], np.bincount(inverse.ravel(), weights=value)


def build_cdnow_summary() -> CdnowSummary:
    customer, dates, value = _load_raw()
    holdout_rows = dates > CALIBRATION_END
    cust, day, day_value = _daily(customer, dates, value)
    cal_end_day = (CALIBRATION_END - np.datetime64("1997-01-01")).astype(int)
    n = cust.max()
    in_cal = day <= cal_end_day
    first = np.full(n + 1, np.iinfo(int).max)
    np.minimum.at(first, cust[in_cal], day[in_cal])
    last = np.full(n + 1, -1)
    np.maximum.at(last, cust[in_cal], day[in_cal])
    days_in_cal = np.bincount(cust[in_cal], minlength=n + 1)
    repeat = in_cal & (day != first[cust])
    repeat_value = np.bincount(cust[repeat], weights=day_value[repeat], minlength=n + 1)
    frequency = (days_in_cal - 1)[1:].astype(float)
    monetary = np.divide(repeat_value[1:], frequency, out=np.zeros(n), where=frequency > 0)
    holdout_days = np.bincount(cust[~in_cal], minlength=n + 1)[1:]
    holdout_tx = np.bincount(customer[holdout_rows], minlength=n + 1)[1:]
    return CdnowSummary(
        frequency,
        (last - first)[1:] / 7.0,
        (cal_end_day - first)[1:] / 7.0,
        monetary,
        holdout_days.astype(float),
        holdout_tx.astype(float),
        float((HOLDOUT_END - CALIBRATION_END).astype(int)) / 7.0,
    )


@pytest.fixture(scope="session")
def cdnow() -> CdnowSummary:
    return build_cdnow_summary()
