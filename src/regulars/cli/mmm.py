"""Marketing mix commands: mmm fit | report | allocate, and campaigns test design | readout."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from regulars.cli import DatabaseOpt, JsonOpt, WorkspaceOpt, app, emit, err, out, workspace
from regulars.cli.campaigns import campaigns_app

mmm_app = typer.Typer(help="Marketing mix model: what each channel caused, where the next dollar "
                      "goes.", no_args_is_help=True)  # fmt: skip
app.add_typer(mmm_app, name="mmm")
test_app = typer.Typer(help="Design and read out tests of what a campaign or channel causes.",
                       no_args_is_help=True)  # fmt: skip
campaigns_app.add_typer(test_app, name="test")


def _print_report(report) -> None:
    from rich.markup import escape
    from rich.table import Table as RichTable

    from regulars.units import money

    grid = RichTable(title="What each channel caused (90% intervals)")
    for heading in ("channel", "spend", "caused", "interval", "ROI", "next dollar", "decay"):
        grid.add_column(heading, justify="left" if heading == "channel" else "right")
    for c in report.channels:
        lo, hi = (money(v, report.currency) for v in c.caused_interval_cents)
        shown = (money(c.caused_cents, report.currency), f"{lo}-{hi}",
                 "" if c.roi is None else f"{c.roi:+.0%}",
                 "" if c.marginal_roi is None else f"{c.marginal_roi:.2f}")  # fmt: skip
        if not c.separable:  # the model's guess is in its sentence, not in the table
            shown = ("cannot be separated", "see below", "", "")
        grid.add_row(escape(c.channel), money(c.spend_cents, report.currency), *shown,
                     f"{c.decay:.1f}")  # fmt: skip
    out.print(grid)
    for c in report.channels:
        out.print(escape(c.explanation))
    for p in report.priors:
        out.print(f"Calibrated by {escape(p)}.")
    out.print(escape(report.explanation))


@mmm_app.command("fit")
def fit_command(
    prior: Annotated[
        list[str] | None,
        typer.Option(
            "--prior",
            help="A measured effect: "
            "channel=caused:sd in minor units over the fitted weeks; repeat.",
        ),
    ] = None,
    holdouts: Annotated[
        bool,
        typer.Option("--holdouts/--no-holdouts", help="Calibrate with every campaign holdout."),
    ] = True,
    draws: Annotated[int, typer.Option("--draws", help="Bootstrap refits.", min=20)] = 200,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Fit the marketing mix model on weekly spend and revenue, and save it.

    Example: regulars mmm fit --prior email=470000:100000
    """
    from regulars.services.mmm import fit_mmm

    with workspace(workspace_dir, database, as_json) as ws:
        with err.status("Fitting ..."):
            report = fit_mmm(ws, tuple(prior or ()), holdouts, draws)
        emit(as_json, report, lambda: _print_report(report))


@mmm_app.command("report")
def report_command(
    workspace_dir: WorkspaceOpt = None, database: DatabaseOpt = None, as_json: JsonOpt = False
) -> None:
    """What the saved model says about each channel, read against the current data.

    Example: regulars mmm report --json
    """
    from regulars.services.mmm import mmm_report

    with workspace(workspace_dir, database, as_json) as ws:
        report = mmm_report(ws)
        emit(as_json, report, lambda: _print_report(report))


def _print_allocation(plan) -> None:
    from rich.table import Table as RichTable

    from regulars.units import money

    shown = lambda cents: money(cents, plan.currency)  # noqa: E731
    grid = RichTable(title=f"Weekly budget {shown(plan.budget_cents)}: today's split and the "
                     "proposed one")  # fmt: skip
    for heading in ("channel", "today", "proposed", "90% interval"):
        grid.add_column(heading, justify="left" if heading == "channel" else "right")
    for s in plan.splits:
        lo, hi = (shown(v) for v in s.proposed_interval_cents)
        grid.add_row(s.channel, shown(s.today_cents), shown(s.proposed_cents), f"{lo}-{hi}")
    out.print(grid)
    out.print(plan.explanation)
    if plan.proposal_id:
        out.print(f"Queued for approval as proposal {plan.proposal_id}.")


@mmm_app.command("allocate")
def allocate_command(
    budget: Annotated[
        int | None,
        typer.Option(
            "--budget", help="Weekly budget in minor units (default: the last 13 weeks' average)."
        ),
    ] = None,
    max_change: Annotated[
        float,
        typer.Option("--max-change", help="No channel above this many times its recent spend."),
    ] = 2.0,
    propose: Annotated[
        bool, typer.Option("--propose", help="Queue the split for approval.")
    ] = False,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The split of a weekly budget that maximises expected revenue, against today's.

    Example: regulars mmm allocate --budget 5000000 --propose
    """
    from regulars.services.mmm import allocate_budget, propose_allocation

    with workspace(workspace_dir, database, as_json) as ws:
        plan = allocate_budget(ws, budget, max_change=max_change)
        if propose:
            plan = propose_allocation(ws, plan, "cli")
        emit(as_json, plan, lambda: _print_allocation(plan))


@test_app.command("design")
def design_command(
    kind: Annotated[str, typer.Option("--kind", help="holdout or geo.")] = "holdout",
    audience: Annotated[int, typer.Option("--audience", help="Holdout: customers reached.")] = 5000,
    baseline: Annotated[float, typer.Option("--baseline", help="Holdout: buying rate.")] = 0.05,
    holdout_share: Annotated[float, typer.Option("--holdout-share", help="Held out.")] = 0.1,
    lift: Annotated[float, typer.Option("--lift", help="Holdout: relative lift.")] = 0.2,
    weeks: Annotated[int, typer.Option("--weeks", help="Geo: weeks the test runs.")] = 8,
    effect: Annotated[
        float | None, typer.Option("--effect", help="Geo: effect a week in minor units.")
    ] = None,
    campaign: Annotated[
        str | None,
        typer.Option("--campaign", help="Holdout: a campaign's id (its sends and buying rate)."),
    ] = None,
    channel: Annotated[
        str | None,
        typer.Option("--channel", help="Geo: the channel switched (named in the experiment)."),
    ] = None,
    record: Annotated[
        bool,
        typer.Option(
            "--record",
            help="Record the holdout of --campaign, or the geo test of --channel, as a draft "
            "experiment (once each).",
        ),
    ] = False,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Design a test with its power: a holdout for a campaign or a geo test of regions.

    Example: regulars campaigns test design --kind geo --weeks 8 --effect 200000
    Example: regulars campaigns test design --campaign CMP050 --record
    Example: regulars campaigns test design --kind geo --channel email --weeks 8 --record
    """
    from regulars.errors import InputError
    from regulars.services.mmm.geo import geo_design, holdout_design
    from regulars.services.mmm.geo_test import design_geo_test, record_geo_test
    from regulars.services.mmm.holdout import design_campaign_holdout, record_campaign_holdout

    with workspace(workspace_dir, database, as_json) as ws:
        if kind == "holdout" and campaign:
            made = record_campaign_holdout if record else design_campaign_holdout
            result = made(ws, campaign, holdout_share, lift)
        elif kind == "geo" and (channel or record):
            made = record_geo_test if record else design_geo_test
            result = made(ws, channel or "", weeks, effect)
        elif record:
            raise InputError("--record records the holdout of a --campaign or the geo test of "
                             "a --channel: name one")  # fmt: skip
        elif kind == "holdout":
            result = holdout_design(audience, baseline, holdout_share, lift)
        elif kind == "geo":
            result = geo_design(ws, weeks, effect)
        else:
            raise InputError(f"--kind {kind!r}: use holdout or geo")
        emit(as_json, result, lambda: out.print(result.explanation))


@test_app.command("readout")
def readout_command(
    regions: Annotated[str, typer.Option("--regions", help="Treated regions, comma-separated.")],
    start: Annotated[str, typer.Option("--start", help="First day of the test, YYYY-MM-DD.")],
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Read out a geo test: difference-in-differences and synthetic control, 95% intervals.

    Example: regulars campaigns test readout --regions CA,NY --start 2025-09-01
    """
    from regulars.errors import InputError
    from regulars.services.mmm.geo import geo_readout

    try:
        day = dt.date.fromisoformat(start)
    except ValueError:
        raise InputError(f"--start {start!r}: write YYYY-MM-DD") from None
    with workspace(workspace_dir, database, as_json) as ws:
        result = geo_readout(ws, tuple(r.strip() for r in regions.split(",") if r.strip()), day)
        emit(as_json, result, lambda: [out.print(r.explanation) for r in result.readouts])
