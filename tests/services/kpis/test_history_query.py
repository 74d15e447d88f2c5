"""kpi_history compiles its one query once and reuses it: each call still reads the data as it is
now,
and the shop's clock (the UTC offsets over the data's range) is worked out again on every call."""

from __future__ import annotations

from regulars.services.imports import import_file
from regulars.services.kpis import kpi_history
from regulars.services.workspace import Workspace

HEADER = "order_id,customer_id,ordered_at,currency,total_cents\n"


def _revenue(ws: Workspace, period: str = "month") -> dict[str, float | None]:
    return {
        p.start.isoformat(): p.value
        for p in kpi_history(ws, period, keys=["revenue"]).series[0].points
    }


def test_a_later_call_sees_new_orders_and_a_wider_clock(new_york_workspace, tmp_path):
    ws = new_york_workspace
    first = tmp_path / "first.csv"
    first.write_text(HEADER + "o1,c1,2025-01-15T12:00:00Z,USD,1000\n", encoding="utf-8")
    import_file(ws, "orders", first)
    assert _revenue(ws) == {"2025-01-01": 1000}
    # 03:30 UTC on 1 July is still 30 June in New York (EDT, UTC-4): the clock now spans a DST
    # change
    later = tmp_path / "later.csv"
    later.write_text(
        HEADER + "o2,c1,2025-07-01T03:30:00Z,USD,500\no3,c2,2025-07-01T04:30:00Z,USD,250\n",
        encoding="utf-8",
    )
    import_file(ws, "orders", later)
    assert _revenue(ws) == {"2025-01-01": 1000, "2025-06-01": 500, "2025-07-01": 250}
    assert _revenue(ws, "quarter") == {"2025-01-01": 1000, "2025-04-01": 500, "2025-07-01": 250}
    history = kpi_history(ws, "month")
    assert history.get("new_customers").value_at(2025 * 12 + 6) == 1  # c2 in July; c1 bought before
    assert history.get("repeat_rate").value_at(2025 * 12 + 5) == 1.0  # c1 in June: an earlier order
    assert not history.get("csat").has_data  # a source with no rows: no points, never zero
