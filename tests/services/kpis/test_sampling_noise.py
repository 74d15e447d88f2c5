"""The demo's planted constant win rate (30% of closed deals, every month) is never an alert nor
"needs attention", on both backends; a change larger than sampling noise still is."""

from __future__ import annotations

import pytest

from regulars.analytics.anomalies import within_noise
from regulars.demo import generate
from regulars.services.demo import write_demo_files
from regulars.services.imports import import_file
from regulars.services.kpis import kpi_alerts, kpi_history, kpi_report

from ...conftest import DEMO_CUSTOMERS, DEMO_SEED

PIPELINE = ("customers", "leads", "deals")


@pytest.fixture
def pipeline(workspace, tmp_path):
    """The session demo's wholesale pipeline (its customers, leads and deals) on either backend."""
    shop = generate(customers=DEMO_CUSTOMERS, seed=DEMO_SEED)
    wanted = {t: shop.tables[t] for t in PIPELINE}
    for table, file in write_demo_files(wanted, tmp_path):
        import_file(workspace, table, file)
    return workspace, shop.truths.sales["planted_win_rate"]


def test_the_constant_win_rate_raises_no_alert_and_no_label(pipeline):
    ws, planted = pipeline
    assert planted == 0.30
    for period in ("week", "month", "quarter"):
        history = kpi_history(ws, period)
        series = history.get("win_rate")
        judged = [p for p in series.points if p.value is not None]
        assert len(judged) >= 8, period  # the test rests on real periods
        assert not [a.message for a in kpi_alerts(ws, period) if a.kpi == "win_rate"]
        for compare in ("previous", "last-year"):
            for p in judged:
                r = kpi_report(ws, period, compare, at=p.start, history=history).get("win_rate")
                assert r.is_good is None, r.sentence
                if r.delta:
                    assert r.within_noise and "closed deal" in r.sentence, r.sentence


def test_a_change_beyond_sampling_noise_is_still_judged():
    # 30% -> 45% on 400 deals against 400 is far beyond noise; on 20 against 20 it is not
    assert not within_noise("share", 0.45, 400, 0.30, 400)
    assert within_noise("share", 0.45, 20, 0.30, 20)
    # a count of 140 orders against about 100 usual (Poisson sd 10) is beyond noise; 115 is not
    assert not within_noise("count", 140, None, 100, None, z=3.0)
    assert within_noise("count", 115, None, 100, None, z=3.0)
