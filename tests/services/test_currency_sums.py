"""The KPIs and the customer profile add money through the one sale rule (``sales.sales_at``):
100 USD + 100 EUR + 10000 JPY is never one sum; with the owner's rates it is converted. Both
backends (the ``workspace`` fixture)."""

from __future__ import annotations

import pytest

from regulars.services.currencies import set_rates
from regulars.services.customers import customer_profile
from regulars.services.imports import import_file
from regulars.services.kpis.history import kpi_series

MIXED = (
    "order_id,customer_id,ordered_at,total,currency\n"
    "o1,c1,2026-01-05 10:00:00,100.00,USD\n"
    "o2,c1,2026-01-06 10:00:00,100.00,EUR\n"
    "o3,c1,2026-01-07 10:00:00,10000,JPY\n"
)


@pytest.fixture
def mixed(workspace, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(MIXED, encoding="utf-8")
    import_file(workspace, "orders", path)
    assert workspace.settings.currency == "USD"
    return workspace


def _revenue(ws) -> float:
    return sum(p.value or 0 for p in kpi_series(ws, "revenue", "month").points)


def test_kpis_never_add_currencies_together(mixed):
    assert _revenue(mixed) == 10000  # $100.00 only, never 10000 + 10000 + 10000
    orders = sum(p.value or 0 for p in kpi_series(mixed, "orders", "month").points)
    assert orders == 1


def test_profile_never_adds_currencies_together(mixed):
    summary = customer_profile(mixed, "c1")["summary"]
    assert summary["spend_cents"] == 10000 and summary["orders"] == 1


def test_rates_convert_on_kpis_and_profile(mixed):
    set_rates(mixed, {"EUR": 1.10, "JPY": 0.0065})
    expected = 10000 + 11000 + 6500
    assert _revenue(mixed) == expected
    summary = customer_profile(mixed, "c1")["summary"]
    assert summary["spend_cents"] == expected and summary["orders"] == 3
