"""Forecasts: regulars forecast | forecast-accuracy."""

from __future__ import annotations

from typing import Annotated

import typer

from regulars.cli import DatabaseOpt, JsonOpt, WorkspaceOpt, app, emit, err, out, workspace


@app.command("forecast")
def forecast_command(
    metric: Annotated[
        str, typer.Option("--metric", help="revenue, orders, units or new_customers.")
    ] = "revenue",
    by: Annotated[str, typer.Option("--by", help="total, channel, category or product.")] = "total",
    period: Annotated[str, typer.Option("--period", help="day, week or month.")] = "month",
    horizon: Annotated[int, typer.Option("--horizon", help="Periods ahead.")] = 6,
    target: Annotated[
        float | None,
        typer.Option("--target", help="Total to reach over the horizon (revenue in cents)."),
    ] = None,
    save: Annotated[
        bool, typer.Option("--save", help="Save the forecast to compare it later.")
    ] = False,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Forecast sales with 80% / 95% intervals; each series' model chosen by a rolling-origin
    backtest (MASE against seasonal naive, WAPE, interval coverage).

    Example: regulars forecast --metric revenue --by category --period week --horizon 12
    """
    from regulars.services.forecast import forecast, save_forecast

    with workspace(workspace_dir, database, as_json) as ws:
        with err.status("Backtesting ..."):
            report = forecast(ws, metric, by, period, horizon, target)
        saved = save_forecast(ws, report) if save else None
        emit(as_json, report, lambda: _print(report, saved))


def _print(report, saved: str | None) -> None:
    from rich.markup import escape
    from rich.table import Table as RichTable

    from regulars.units import money

    def shown(v: float) -> str:
        return money(round(v), report.currency) if report.unit == "money" else f"{v:,.0f}"

    for line in (report.total, *report.lines):
        grid = RichTable(title=f"{escape(line.name)}: {line.model}")
        for heading in ("period", "forecast", "80%", "95%"):
            grid.add_column(heading, justify="left" if heading == "period" else "right")
        for p in line.points:
            grid.add_row(p.label, shown(p.mean), f"{shown(p.low80)}-{shown(p.high80)}",
                         f"{shown(p.low95)}-{shown(p.high95)}")  # fmt: skip
        out.print(grid)
        _print_backtest(line)
    for sentence in report.sentences:
        out.print(escape(sentence))
    out.print(f"Reconciliation: {report.reconciliation}.")
    if saved:
        out.print(f"Saved as {saved!r}.")


def _print_backtest(line) -> None:
    from rich.table import Table as RichTable

    if not line.backtest:
        return
    grid = RichTable(title="backtest (3 rolling origins)")
    for heading in ("model", "MASE", "WAPE", "80% coverage", "95% coverage"):
        grid.add_column(heading, justify="left" if heading == "model" else "right")
    for row in line.backtest:
        values = (row.mase, row.wape, row.coverage80, row.coverage95)
        grid.add_row(row.model, *(f"{v:.3f}" if v is not None else "-" for v in values))
    out.print(grid)


@app.command("forecast-accuracy")
def forecast_accuracy_command(
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Saved forecasts against what happened since (error, intervals that held).

    Example: regulars forecast-accuracy --json
    """
    from regulars.services.forecast import forecast_accuracy

    with workspace(workspace_dir, database, as_json) as ws:
        rows = forecast_accuracy(ws)
        emit(as_json, {"forecasts": rows}, lambda: [out.print(r.sentence) for r in rows]
             or out.print("No saved forecasts: run regulars forecast --save."))  # fmt: skip
