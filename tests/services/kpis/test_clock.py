"""Local periods by integer arithmetic equal Python's zoneinfo answer, second by second around DST
changes,
for half-hour and quarter-hour zones too, on DuckDB and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from regulars.services.calendar import shop_clock
from regulars.services.calendar.clock import offsets_between
from regulars.services.calendar.periods import PERIODS, number_of
from regulars.services.imports import import_file
from regulars.services.workspace import Workspace

DAYS = (
    "2024-03-09",
    "2024-03-30",
    "2024-04-06",
    "2024-10-05",
    "2024-10-26",
    "2024-11-02",
    "2024-12-31",
    "2025-02-28",
)


def instants() -> list[int]:
    out = set()
    for day in DAYS:
        start = int(dt.datetime.fromisoformat(day).replace(tzinfo=dt.UTC).timestamp())
        for step in range(0, 3 * 86400, 900):
            out.update((start + step - 1, start + step))
    return sorted(out)


def test_offsets_are_exact_to_the_second():
    first = int(dt.datetime(2024, 1, 1, tzinfo=dt.UTC).timestamp())
    spans = offsets_between("America/New_York", first, first + 366 * 86400)
    assert [o for _, o in spans] == [-18000, -14400, -18000]
    assert spans[1][0] == int(dt.datetime(2024, 3, 10, 7, tzinfo=dt.UTC).timestamp())  # 02:00 EST
    assert spans[2][0] == int(dt.datetime(2024, 11, 3, 6, tzinfo=dt.UTC).timestamp())  # 02:00 EDT


@pytest.mark.parametrize("tz", ["America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "UTC"])
def test_periods_match_zoneinfo(tmp_path, database_url, monkeypatch, tz):
    monkeypatch.setenv("REGULARS_TIMEZONE", tz)
    ws = Workspace.open(tmp_path / "ws", database_url)
    ws.init()
    try:
        seconds = instants()
        rows = [
            f"o{i},c1,{dt.datetime.fromtimestamp(e, dt.UTC).strftime('%Y-%m-%dT%H:%M:%SZ')},USD,{i}"
            for i, e in enumerate(seconds)
        ]
        path = tmp_path / "orders.csv"
        path.write_text(
            "order_id,customer_id,ordered_at,currency,total_cents\n" + "\n".join(rows) + "\n",
            encoding="utf-8",
        )
        import_file(ws, "orders", path)
        t = ws.store.table("orders")
        clock = shop_clock(ws, t, "ordered_at")
        zone = ZoneInfo(tz)
        for period in PERIODS:
            got = ws.store.to_arrow(
                clock.with_period(t, "ordered_at", period).select("total_cents", "p")
            ).to_pylist()
            wrong = [
                (seconds[r["total_cents"]], r["p"])
                for r in got
                if r["p"]
                != number_of(
                    dt.datetime.fromtimestamp(seconds[r["total_cents"]], zone).date(), period
                )
            ]
            assert len(got) == len(seconds) and wrong[:3] == [], (period, wrong[:3])
    finally:
        ws.close()
