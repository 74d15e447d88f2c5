"""The weekly data the marketing mix model reads, on DuckDB and PostgreSQL alike: every cent of
campaign spend inside the whole weeks lands in its channel, the revenue is the forecast's weekly
series, and the fit saves and reads back on both backends."""

from __future__ import annotations

import numpy as np
import pytest

from regulars.services.forecast.series import series_table
from regulars.services.mmm import fit_mmm, mmm_report
from regulars.services.mmm.data import weekly_data


def test_weekly_spend_and_revenue_from_the_store(small_demo):
    data = weekly_data(small_demo)
    rows = small_demo.store.to_arrow(
        small_demo.store.table("campaigns").select("channel", "spend_cents")
    ).to_pylist()
    by_channel = {}
    for r in rows:
        by_channel[r["channel"]] = by_channel.get(r["channel"], 0) + (r["spend_cents"] or 0)
    assert data.channels == tuple(sorted(c for c, v in by_channel.items() if v))
    for c, name in enumerate(data.channels):  # campaigns of the week in progress are left out
        assert 0.9 * by_channel[name] <= data.spend[:, c].sum() <= by_channel[name] + 1e-6
    revenue = series_table(small_demo, "revenue", "total", "week").values.sum(axis=0)
    assert np.array_equal(data.revenue, revenue)
    assert data.extra.shape[0] == len(data.weeks) and data.extra.max() == 1.0


def test_fit_saves_and_reads_back(small_demo):
    fitted = fit_mmm(small_demo, n_boot=20, holdouts=False)
    again = mmm_report(small_demo)
    assert [c.contribution for c in again.channels] == pytest.approx(
        [c.contribution for c in fitted.channels]
    )
