"""Several currencies: minor units from ISO 4217, sums never mixing currencies, rates the owner
gives, and the workspace currency taken from the first import. Both backends."""

from __future__ import annotations

import pytest

from regulars.errors import InputError
from regulars.services.currencies import currency_mix, read_rates_file, set_rates
from regulars.services.imports import import_file
from regulars.services.overview import headline
from regulars.settings import currency_is_set, load_settings
from regulars.units import minor_units, money

MIXED = (
    "order_id,customer_id,ordered_at,total,currency\n"
    "o1,c1,2026-01-05 10:00:00,100.00,USD\n"
    "o2,c2,2026-01-06 10:00:00,100.00,EUR\n"
    "o3,c3,2026-01-07 10:00:00,10000,JPY\n"
    "o4,c1,2026-01-08 10:00:00,1.234,BHD\n"
)


def test_minor_units_come_from_iso_4217():
    assert [minor_units(c) for c in ("USD", "JPY", "KRW", "BHD", "KWD")] == [2, 0, 0, 3, 3]
    assert money(10000, "JPY") == "¥10,000"
    assert money(500, "JPY") == "¥500"
    assert money(1234, "BHD") == "BHD 1.234"
    assert money(1875, "GBP") == "£18.75"


@pytest.fixture
def mixed(workspace, tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_text(MIXED, encoding="utf-8")
    import_file(workspace, "orders", path)
    return workspace


def test_each_order_keeps_its_currency_in_its_minor_units(mixed, ex):
    orders = ex.rows_of(mixed, "orders", "order_id")
    assert {k: (r["total_cents"], r["currency"]) for k, r in orders.items()} == {
        "o1": (10000, "USD"),
        "o2": (10000, "EUR"),
        "o3": (10000, "JPY"),
        "o4": (1234, "BHD"),
    }


def test_currencies_are_never_added_together(mixed):
    assert mixed.settings.currency == "USD"  # the first import's most common (a tie: the first)
    shop = mixed.settings.currency
    h = headline(mixed)
    assert h.orders == 1 and h.revenue_cents == 10000  # o1 only: "$100.00", never "$10,200"
    mix = currency_mix(mixed)
    assert {t.currency for t in mix.currencies} == {"USD", "EUR", "JPY", "BHD"}
    assert set(mix.left_out) == {"USD", "EUR", "JPY", "BHD"} - {shop}
    assert "never added together" in mix.explanation and "regulars currency rate" in mix.explanation


def test_rates_convert_into_the_workspace_currency(mixed, tmp_path):
    rates = tmp_path / "rates.csv"
    rates.write_text("currency,rate\nEUR,1.10\nJPY,0.0065\nBHD,2.65\n", encoding="utf-8")
    set_rates(mixed, read_rates_file(rates))
    h = headline(mixed)
    # 100 USD + 100 EUR * 1.10 + 10000 JPY * 0.0065 + 1.234 BHD * 2.65, in cents
    assert h.orders == 4
    assert h.revenue_cents == 10000 + 11000 + 6500 + round(1234 * 2.65 / 10)
    assert currency_mix(mixed).left_out == ()


def test_a_bad_rate_is_refused(mixed, tmp_path):
    rates = tmp_path / "rates.csv"
    rates.write_text("currency,rate\nEUR,abc\n", encoding="utf-8")
    with pytest.raises(InputError, match="line 2"):
        read_rates_file(rates)
    with pytest.raises(InputError, match="ISO 4217"):
        set_rates(mixed, {"XYZ": 1.0})


def test_the_first_import_sets_the_workspace_currency(workspace, tmp_path):
    workspace.init()
    assert not currency_is_set(workspace.path)
    path = tmp_path / "gbp.csv"
    path.write_text(
        "order_id,customer_id,ordered_at,total,currency\n"
        "g1,c1,2026-01-05 10:00:00,20.00,GBP\ng2,c2,2026-01-06 10:00:00,5.00,GBP\n",
        encoding="utf-8",
    )
    report = import_file(workspace, "orders", path)
    assert any("GBP" in w for w in report.warnings)
    assert workspace.settings.currency == "GBP"
    assert currency_is_set(workspace.path)
    assert load_settings(workspace.path).currency == "GBP"
    assert money(headline(workspace).revenue_cents, workspace.settings.currency) == "£25.00"


def test_currency_commands(mixed, tmp_path):
    from typer.testing import CliRunner

    from regulars.cli import app

    def cli(*args: str) -> str:
        where = ["-w", str(mixed.path)] + (
            ["--database", mixed.settings.database] if mixed.settings.database else []
        )
        result = CliRunner().invoke(app, [*args, *where], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return " ".join(result.stdout.split())

    mixed.close()
    assert "never added together" in cli("currency", "show")
    assert "1 EUR = 1.1 USD" in cli("currency", "rate", "EUR", "1.1")
    rates = tmp_path / "rates.toml"
    rates.write_text("[rates]\nJPY = 0.0065\nBHD = 2.65\n", encoding="utf-8")
    assert "1 JPY = 0.0065 USD" in cli("currency", "rates", str(rates))
    assert "counted in USD at the rates you gave" in cli("currency", "show")
