"""The workspace currency changed while a server runs: the CLI's change (regulars.toml, a new data
version) is what the server's next request sees, money formatted in it, without a restart."""

from __future__ import annotations

from dataclasses import replace

import pytest
from typer.testing import CliRunner

from regulars.cli import app
from regulars.errors import InputError
from regulars.services.imports import import_file
from regulars.services.kpis.history import kpi_series
from regulars.services.shop_currency import refresh_currency, set_workspace_currency
from regulars.services.workspace import Workspace


def _revenue(ws) -> float:
    return sum(p.value or 0 for p in kpi_series(ws, "revenue", "month").points)


def test_a_change_from_another_process_reaches_a_running_workspace(tmp_path, monkeypatch):
    monkeypatch.delenv("REGULARS_CURRENCY", raising=False)
    folder = tmp_path / "shop"
    sales = tmp_path / "sales.csv"
    sales.write_text("order_id,customer_id,ordered_at,total,currency\no1,c1,2026-01-05,10.00,GBP\n")
    server = Workspace.open(folder)
    server.init()
    import_file(server, "orders", sales)
    assert _revenue(refresh_currency(server)) == 1000  # the GBP shop counts its GBP order
    server.close()  # the DuckDB file let go between requests, as the server's pool does
    result = CliRunner().invoke(app, ["currency", "set", "usd", "-w", str(folder), "--json"])
    assert result.exit_code == 0, result.output
    assert '"currency": "USD"' in result.stdout
    assert refresh_currency(server).settings.currency == "USD"  # no restart
    assert _revenue(server) == 0  # the GBP order has no rate into USD: left out, not added


def test_a_bad_code_is_refused_and_the_environment_wins(workspace, monkeypatch):
    with pytest.raises(InputError, match="ISO 4217"):
        set_workspace_currency(workspace, "POUNDS")
    set_workspace_currency(workspace, "JPY")
    monkeypatch.setenv("REGULARS_CURRENCY", "EUR")
    workspace.settings = replace(workspace.settings, currency="EUR")
    assert refresh_currency(workspace).settings.currency == "EUR"
