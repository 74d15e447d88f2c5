"""Several currencies: the rates into the workspace currency, and each currency's sales."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from regulars.cli import DatabaseOpt, JsonOpt, WorkspaceOpt, app, emit, out, workspace

currency_app = typer.Typer(
    help="Several currencies: rates into the workspace currency, sales per currency.",
    no_args_is_help=True,
)
app.add_typer(currency_app, name="currency")


@currency_app.command("rate")
def currency_rate(
    code: Annotated[str, typer.Argument(help="ISO 4217 code, e.g. EUR.")],
    rate: Annotated[str, typer.Argument(help="1 unit of CODE in the workspace currency.")],
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Count sales in another currency at a rate: 1 CODE = RATE workspace currency units.

    Example: regulars currency rate EUR 1.08
    """
    from regulars.services.currencies import set_rates

    with workspace(workspace_dir, database, as_json) as ws:
        known = set_rates(ws, {code: rate})
        emit(as_json, known, lambda: out.print(_rates_text(known, ws.settings.currency)))


@currency_app.command("set")
def currency_set(
    code: Annotated[str, typer.Argument(help="ISO 4217 code, e.g. GBP.")],
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Make CODE the workspace currency (regulars.toml); a running server shows it at its next
    request, no restart. Rates are into the workspace currency: set them again for the new one.

    Example: regulars currency set GBP
    """
    from regulars.services.shop_currency import set_workspace_currency

    with workspace(workspace_dir, database, as_json) as ws:
        chosen = set_workspace_currency(ws, code)
        emit(as_json, {"currency": chosen}, lambda: out.print(f"workspace currency: {chosen}"))


@currency_app.command("rates")
def currency_rates(
    path: Annotated[Path, typer.Argument(help="CSV with currency,rate columns, or TOML [rates].")],
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Read every rate from a file (CSV ``currency,rate`` or TOML with a ``[rates]`` table).

    Example: regulars currency rates rates.csv
    """
    from regulars.services.currencies import read_rates_file, set_rates

    with workspace(workspace_dir, database, as_json) as ws:
        known = set_rates(ws, read_rates_file(path))
        emit(as_json, known, lambda: out.print(_rates_text(known, ws.settings.currency)))


@currency_app.command("show")
def currency_show(
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Sales per currency, which are counted in the workspace currency and which are not.

    Example: regulars currency show
    """
    from regulars.services.currencies import currency_mix

    with workspace(workspace_dir, database, as_json) as ws:
        mix = currency_mix(ws)
        emit(as_json, mix, lambda: _print_mix(mix))


def _rates_text(known: dict[str, float], shop: str) -> str:
    shown = [f"1 {c} = {r:g} {shop}" for c, r in sorted(known.items()) if c != shop]
    return "Rates: " + ("; ".join(shown) if shown else "none yet")


def _print_mix(mix) -> None:
    from rich.table import Table

    table = Table("Currency", "Sale orders", "Total", "Rate", "Counted")
    for t in mix.currencies:
        rate = "" if t.rate is None else f"{t.rate:g}"
        table.add_row(t.currency, f"{t.orders:,}", t.total, rate, "yes" if t.counted else "no")
    out.print(table)
    out.print(mix.explanation)
