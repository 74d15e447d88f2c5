"""Campaign commands: campaigns (ROI, attribution, incrementality) and monitor."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from regulars.cli import DatabaseOpt, JsonOpt, WorkspaceOpt, app, emit, out, workspace
from regulars.vocabulary import AttributionModel, Touch

#: ``regulars campaigns`` is the report; its sub-commands (``campaigns test design``) hang here.
campaigns_app = typer.Typer(
    help="What every campaign really earned; tests to learn what it caused."
)
app.add_typer(campaigns_app, name="campaigns")


@campaigns_app.callback(invoke_without_command=True)
def campaigns(
    ctx: typer.Context,
    model: Annotated[AttributionModel, typer.Option("--model", help="Attribution model.")] = (
        AttributionModel.LAST_TOUCH
    ),
    window_days: Annotated[
        int, typer.Option("--window-days", help="Orders within this many days after a click count.")
    ] = 7,
    touch: Annotated[
        Touch, typer.Option("--touch", help="click, or open (opens and clicks) as the engagement.")
    ] = Touch.CLICK,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """What every campaign really earned: rates, conversions, revenue, CAC, ROAS, ROI, attribution
    and holdout lift.

    Example: regulars campaigns --model markov --window-days 7
    """
    if ctx.invoked_subcommand is not None:  # `campaigns test ...`: the report is not asked for
        return
    from regulars.services.campaigns import campaign_report

    with workspace(workspace_dir, database, as_json) as ws:
        report = campaign_report(ws, model, window_days, touch)
        emit(as_json, report, lambda: _print_campaigns(report, ws.settings.currency))


def _pct(x) -> str:
    from regulars.units import rate

    return "" if x is None else rate(x)


def _print_campaigns(report, currency: str) -> None:
    from rich.table import Table as RichTable

    from regulars.units import money

    grid = RichTable(
        title=f"Campaigns, attributed: orders within {report.window_days} days of a "
        f"{report.touch} (ROI an upper bound without a holdout); credit by {report.model}"
    )
    for heading in (
        "campaign",
        "channel",
        "spend",
        "open",
        "CTR",
        "orders",
        "attributed revenue",
        "credited",
        "attributed ROAS",
        "attributed ROI (upper bound)",
    ):
        grid.add_column(heading)
    for r in report.campaigns:
        grid.add_row(
            r.name,
            r.channel,
            money(r.spend_cents, currency),
            _pct(r.open_rate),
            _pct(r.ctr),
            str(r.conversions),
            money(r.revenue_cents, currency),
            f"{r.attributed_conversions:.1f}",
            "" if r.roas is None else f"{r.roas:.2f}",
            _pct(r.roi),
        )
    out.print(grid)
    for i in report.incrementality:
        b = i.buyers
        out.print(
            f"Holdout {i.name}: bought {b.treated:.1%} sent vs {b.holdout:.1%} held out, "
            "lift "
            f"{b.lift * 100:+.1f} points (95% CI {b.ci_low * 100:+.1f} to "
            f"{b.ci_high * 100:+.1f})."
        )
    out.print(report.note)
    if report.roi:
        out.print(report.roi_note)
        for r in report.roi:
            out.print(f"  {r.sentence}", soft_wrap=True)


@app.command()
def monitor(
    at: Annotated[
        str | None,
        typer.Option(
            "--at", help="Day to monitor (YYYY-MM-DD); default: the last touch in the data."
        ),
    ] = None,
    lookback_days: Annotated[
        int, typer.Option("--lookback-days", help="Campaigns running within this many days count.")
    ] = 14,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Daily KPIs of running campaigns, alerts when one is far below plan, and experiments'
    sample-ratio checks.

    Example: regulars monitor --at 2025-06-10
    """
    from regulars.errors import InputError
    from regulars.services.campaigns import campaign_monitor

    with workspace(workspace_dir, database, as_json) as ws:
        try:
            when = (
                dt.datetime.combine(dt.date.fromisoformat(at), dt.time(23, 59), dt.UTC)
                if at
                else None
            )
        except ValueError as exc:
            raise InputError(f"--at {at!r}: write the day as YYYY-MM-DD") from exc
        m = campaign_monitor(ws, when, lookback_days)
        emit(as_json, m, lambda: _print_monitor(m))


def _print_monitor(m) -> None:
    out.print(f"As of {m.as_of}: {len(m.running)} campaigns running")
    for r in m.running:
        days = ", ".join(f"{d['day'][5:]} {d.get('clicked', 0)} clicks" for d in r.daily[-7:])
        out.print(f"  {r.name}: {days}")
    for a in m.alerts:
        out.print(f"[yellow]alert:[/] {a.message}")
    for e in m.experiments:
        if e.flagged:
            out.print(f"[yellow]alert:[/] {e.experiment} ({e.population}): {e.message}")
