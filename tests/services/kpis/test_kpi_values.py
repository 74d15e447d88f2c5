"""Every KPI against numbers worked out by hand from the tiny shop in conftest.py (DuckDB and
PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest

from regulars.services.kpis import KPIS, kpi_history, kpi_report

JAN, FEB, MAR = "2025-01-01", "2025-02-01", "2025-03-01"

# Worked by hand. Sale orders: Jan o1 (c1, 1000), o2 (c2, 3000) [o3 cancelled]; Feb o4 (c1, 2000),
# o5 (c3, 4000, refunded), o6 (c3, 1000), o7 (nobody, 500); Mar o8 (c4, 6000).
EXPECTED = {
    "revenue": {JAN: 4000, FEB: 7500, MAR: 6000},
    "orders": {JAN: 2, FEB: 4, MAR: 1},
    "average_order_value": {JAN: 2000, FEB: 7500 / 4, MAR: 6000},
    "active_customers": {JAN: 2, FEB: 2, MAR: 1},
    "new_customers": {
        JAN: 2,
        FEB: 1,
        MAR: 1,
    },  # c3's cancelled January order does not make c3 new in January
    "repeat_rate": {JAN: 0.0, FEB: 1.0, MAR: 0.0},  # Feb: c1 bought before, c3 bought twice
    "retention_rate": {FEB: 1 / 2, MAR: 0 / 2},  # Jan {c1,c2} -> Feb {c1}; Feb {c1,c3} -> Mar {c4}
    "churn_rate": {FEB: 1 / 2, MAR: 1.0},
    "purchase_frequency": {JAN: 1.0, FEB: 3 / 2, MAR: 1.0},  # o7 has no customer
    "historic_clv": {JAN: 4000 / 2, FEB: 11000 / 3, MAR: 17000 / 4},
    # Jan lines: P1 1000 (cost 400), P2 2000 (1500), P1 1000 (400); Feb o4: 2 x P1 at 1000
    # less 200 (cost 800)
    "gross_margin": {JAN: (4000 - 2300) / 4000, FEB: (1800 - 800) / 1800},
    "refund_rate": {JAN: 0.0, FEB: 2 / 4, MAR: 0.0},  # o4 has a refund row, o5 is refunded
    "site_conversion_rate": {FEB: 2 / 4},
    "email_open_rate": {FEB: 250 / 1000},
    "email_click_rate": {FEB: 40 / 1000},
    "click_to_open_rate": {FEB: 40 / 250},
    "unsubscribe_rate": {FEB: 5 / 1000},
    "campaign_conversion_rate": {FEB: (4 + 6) / (40 + 200)},
    "customer_acquisition_cost": {FEB: 10000 / 1},
    "roas": {FEB: 30000 / 10000},  # the email has no spend: left out of ROAS and ROI
    "roi": {FEB: (30000 - 10000) / 10000},
    "lead_conversion_rate": {JAN: 2 / 3},  # l1 has converted_at, l3 status converted
    "win_rate": {FEB: 1 / 2, MAR: 1.0},
    "average_deal_size": {FEB: 100000, MAR: 30000},
    "sales_cycle_days": {FEB: 40.0, MAR: 54.0},  # Jan 1 -> Feb 10; Jan 10 -> Mar 5
    "pipeline_value": {JAN: 180000, FEB: 100000, MAR: 70000},  # open at the end of each month
    "pipeline_velocity": {FEB: 2 * 0.5 * 100000 / 40, MAR: 1 * 1.0 * 30000 / 54},
    "csat": {FEB: 2 / 3},
    "nps": {FEB: (3 - 1) / 5 * 100},
    "average_rating": {FEB: 4.0},
    "first_response_hours": {FEB: 2.0},  # median of 2, 6 and 1 hours
}


def _values(history) -> dict[str, dict[str, float | None]]:
    return {s.kpi.key: {p.start.isoformat(): p.value for p in s.points} for s in history.series}


def test_every_kpi_matches_the_hand_computed_answer(tiny_shop):
    ws, import_rest = tiny_shop
    import_rest()
    got = _values(kpi_history(ws, "month"))
    assert set(EXPECTED) == {k.key for k in KPIS}
    for key, months in EXPECTED.items():
        for month, value in months.items():
            assert got[key].get(month) == pytest.approx(value), (key, month, got[key])
    assert got["retention_rate"].get(JAN) is None  # no month before: no value, not zero
    assert got["site_conversion_rate"].get(JAN) is None


def test_missing_data_is_named_never_zero(tiny_shop):
    ws, _ = tiny_shop  # orders only
    report = kpi_report(ws, "month", "previous", at=dt.date(2025, 2, 15))
    assert report.get("revenue").value == 7500 and report.get("revenue").missing_data is None
    for key in ("gross_margin", "csat", "email_open_rate", "win_rate", "site_conversion_rate"):
        r = report.get(key)
        assert r.value is None and r.missing_data.startswith("needs"), key
        assert "needs" in r.sentence


def test_other_periods_truncate_in_the_shop_timezone(tiny_shop):
    ws, _ = tiny_shop
    quarter = _values(kpi_history(ws, "quarter", keys=["revenue", "orders"]))
    assert quarter["revenue"] == {"2025-01-01": 17500}
    week = _values(kpi_history(ws, "week", keys=["orders"]))["orders"]
    assert (
        week["2025-02-03"] == 1 and week["2024-12-30"] == 1 and sum(week.values()) == 7
    )  # Mondays
    day = _values(kpi_history(ws, "day", keys=["revenue"]))["revenue"]
    assert day["2025-02-14"] == 4000
