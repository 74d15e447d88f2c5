"""KPI commands: kpis, improve, cohorts, alerts, competitors, target set / list."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer

from regulars.cli import DatabaseOpt, JsonOpt, WorkspaceOpt, app, emit, out, workspace
from regulars.vocabulary import Period

PeriodOpt = Annotated[Period, typer.Option("--period", help="The period length.")]
VerticalOpt = Annotated[
    str,
    typer.Option(
        "--vertical",
        help="Benchmark vertical: e-commerce, food-and-beverage, "
        "b2b-services, consulting, all (or your own in benchmarks.csv).",
    ),
]
AtOpt = Annotated[
    str | None,
    typer.Option(
        "--at",
        help="A day (YYYY-MM-DD) in the period to report; default: the last complete period.",
    ),
]

target_app = typer.Typer(help="KPI targets: set or list.", no_args_is_help=True)
app.add_typer(target_app, name="target")


def _day(value: str | None) -> dt.date | None:
    from regulars.errors import InputError

    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"--at {value!r}: write the day as YYYY-MM-DD") from exc


@app.command()
def kpis(
    period: PeriodOpt = Period.MONTH,
    compare: Annotated[
        str, typer.Option("--compare", help="previous, last-year, target or benchmark.")
    ] = "previous",
    vertical: VerticalOpt = "e-commerce",
    at: AtOpt = None,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Every KPI for one period, compared with the previous period, last year, its target or a
    benchmark.

    Example: regulars kpis --period month --compare last-year
    """
    from regulars.services.kpis import kpi_report

    with workspace(workspace_dir, database, as_json) as ws:
        report = kpi_report(ws, period, compare, vertical, _day(at))
        emit(as_json, report.to_dict(), lambda: _print_kpis(report))


def _print_kpis(report) -> None:
    from rich.table import Table as RichTable

    grid = RichTable(title=f"KPIs, {report.period_label} (compared with: {report.compare})")
    for heading in ("KPI", "value", "compared with", "change", ""):
        grid.add_column(heading)
    for r in report.results:
        verdict = {True: "good", False: "attention", None: ""}[r.is_good]
        grid.add_row(
            r.label,
            r.value_text if r.value is not None else "no data",
            "" if r.comparison_value is None else f"{r.comparison_label}: {r.comparison_text}",
            r.change_text,
            verdict,
        )
    out.print(grid)
    for r in report.results:
        if r.missing_data:
            out.print(f"  {r.label}: {r.missing_data}")


@app.command()
def improve(
    vertical: VerticalOpt = "e-commerce",
    at: AtOpt = None,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Where to improve: KPIs below target, benchmark or their own trend, ranked by money a month.

    Example: regulars improve --json
    """
    from regulars.services.kpis import improvement_areas

    with workspace(workspace_dir, database, as_json) as ws:
        plan = improvement_areas(ws, vertical, _day(at))
        emit(as_json, plan.to_dict(), lambda: _print_plan(plan))


def _print_plan(plan) -> None:
    out.print(f"Areas for improvement, {plan.month}:")
    for i, a in enumerate(plan.areas, 1):
        out.print(f"{i}. {a.explanation}")
        if a.arithmetic:
            out.print(f"   {a.arithmetic} (assumes {a.assumes}); see {a.link}")


@app.command()
def cohorts(
    months: Annotated[
        int, typer.Option("--months", help="Show the last N acquisition months (0: all).")
    ] = 12,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Acquisition-month cohorts: retention and revenue per customer by months since the first
    purchase.

    Example: regulars cohorts --months 6
    """
    from regulars.services.kpis import cohort_table

    with workspace(workspace_dir, database, as_json) as ws:
        table = cohort_table(ws, months or None)
        emit(as_json, table.to_dict(), lambda: _print_cohorts(table))


def _print_cohorts(table) -> None:
    from rich.table import Table as RichTable

    ages = min(table.max_age, 12)
    grid = RichTable(title="Retention by months since first purchase")
    grid.add_column("cohort")
    grid.add_column("size", justify="right")
    for age in range(ages + 1):
        grid.add_column(f"m{age}", justify="right")
    for c in table.cohorts:
        by_age = {cell.age: cell for cell in c.cells}
        grid.add_row(
            c.month,
            f"{c.size:,}",
            *[f"{by_age[a].retention:.0%}" if a in by_age else "" for a in range(ages + 1)],
        )
    out.print(grid)


@app.command()
def alerts(
    period: PeriodOpt = Period.MONTH,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """KPI periods far from their usual seasonal level, newest first; each alert is recorded once.

    Example: regulars alerts --period week
    """
    from regulars.services.kpis import kpi_alerts

    with workspace(workspace_dir, database, as_json) as ws:
        found = kpi_alerts(ws, period)
        emit(as_json, [a.to_dict() for a in found], lambda: _print_alerts(found))


def _print_alerts(found) -> None:
    if not found:
        out.print("No alerts.")
    for a in found:
        out.print(f"[{a.severity}{', new' if a.new else ''}] {a.message}", markup=False)


@app.command()
def competitors(
    workspace_dir: WorkspaceOpt = None, database: DatabaseOpt = None, as_json: JsonOpt = False
) -> None:
    """Competitors against us: price index over matched products, rating and review gaps, promotions
    seen.

    Example: regulars competitors --json
    """
    from regulars.services.kpis import competitor_comparison

    with workspace(workspace_dir, database, as_json) as ws:
        report = competitor_comparison(ws)
        emit(as_json, report.to_dict(), lambda: [out.print(c.sentence) for c in report.competitors])


@target_app.command("set")
def target_set(
    key: Annotated[
        str, typer.Argument(help="KPI key, e.g. repeat_rate (regulars target list shows them).")
    ],
    value: Annotated[
        str, typer.Argument(help="Target value; percents as 25 or 0.25, money in cents.")
    ],
    period: PeriodOpt = Period.MONTH,
    note: Annotated[str | None, typer.Option("--note", help="Why.")] = None,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Set a KPI's target for a period length (replaces the earlier one).

    Example: regulars target set repeat_rate 35 --period quarter
    """
    from regulars.services.kpis import set_target
    from regulars.services.kpis.targets import validate_target_value

    with workspace(workspace_dir, database, as_json) as ws:
        target = set_target(ws, key, validate_target_value(value), period, note)
        emit(
            as_json,
            target.to_dict(),
            lambda: out.print(f"Target for {target.kpi} per {target.period}: {target.target:g}"),
        )


@target_app.command("list")
def target_list(
    workspace_dir: WorkspaceOpt = None, database: DatabaseOpt = None, as_json: JsonOpt = False
) -> None:
    """The KPI targets set, and every KPI key that can have one.

    Example: regulars target list
    """
    from regulars.services.kpis import KPIS, list_targets

    with workspace(workspace_dir, database, as_json) as ws:
        targets = list_targets(ws)
        payload = {"targets": [t.to_dict() for t in targets], "kpis": [k.key for k in KPIS]}
        emit(as_json, payload, lambda: _print_targets(targets, KPIS))


def _print_targets(targets, kpis) -> None:
    for t in targets:
        out.print(f"{t.kpi} per {t.period}: {t.target:g}" + (f"  ({t.note})" if t.note else ""))
    out.print("KPIs: " + ", ".join(k.key for k in kpis))
