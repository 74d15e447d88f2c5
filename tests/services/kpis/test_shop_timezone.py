"""Periods are the shop's own: an order placed at 03:00 UTC on 1 February is January's in New
York."""

from __future__ import annotations

from regulars.services.imports import import_file
from regulars.services.kpis import kpi_history


def test_months_follow_the_shop_timezone(new_york_workspace, tmp_path):
    ws = new_york_workspace
    path = tmp_path / "orders.csv"
    path.write_text(
        "order_id,customer_id,ordered_at,currency,total_cents\n"
        "o1,c1,2025-02-01T03:00:00Z,USD,1000\no2,c1,2025-02-01T06:00:00Z,USD,500\n",
        encoding="utf-8",
    )
    import_file(ws, "orders", path)
    months = {
        p.start.isoformat(): p.value
        for p in kpi_history(ws, "month", keys=["revenue"]).series[0].points
    }
    assert months == {"2025-01-01": 1000, "2025-02-01": 500}
    days = {
        p.start.isoformat(): p.value
        for p in kpi_history(ws, "day", keys=["orders"]).series[0].points
    }
    assert days == {"2025-01-31": 1, "2025-02-01": 1}
