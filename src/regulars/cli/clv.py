"""Customer lifetime value: regulars clv fit | predict | validate."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from regulars.cli import (
    DatabaseOpt,
    JsonOpt,
    WorkspaceOpt,
    app,
    emit,
    err,
    out,
    steps,
    workspace,
)
from regulars.errors import InputError

clv_app = typer.Typer(
    help="Customer lifetime value, churn risk and next purchase (buy-till-you-die models).",
    no_args_is_help=True,
)
app.add_typer(clv_app, name="clv")

ModelOpt = Annotated[
    str,
    typer.Option(
        "--model",
        help="Purchase model: auto (chosen by a holdout check), bgnbd, pareto or mbgnbd.",
    ),
]
SavedModelOpt = Annotated[
    str | None,
    typer.Option(
        "--model", help="Saved model to use: bgnbd, pareto or mbgnbd [default: the latest fitted]."
    ),
]
TimeUnitOpt = Annotated[
    str, typer.Option("--time-unit", help="Time unit of the summaries: day or week.")
]


def _date(text: str | None, option: str) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"{option} {text!r}: write the date as YYYY-MM-DD") from None


@clv_app.command("fit")
def clv_fit(
    model: ModelOpt = "auto",
    calibration_end: Annotated[
        str | None,
        typer.Option(
            "--calibration-end",
            help="Last day of the calibration period, YYYY-MM-DD [default: the last sale].",
        ),
    ] = None,
    time_unit: TimeUnitOpt = "week",
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Fit a purchase model (and the Gamma-Gamma spend model) to the orders; save it in the
    workspace.

    Prints parameters, standard errors, log-likelihood and convergence; below the data minimums it
    says so and predictions use heuristics.

    Example: regulars clv fit --model bgnbd --calibration-end 2026-06-30 --time-unit week
    """
    from regulars.services.clv import fit_clv
    from regulars.services.clv.fitting import FIT_STEPS

    end = _date(calibration_end, "--calibration-end")
    with workspace(workspace_dir, database, as_json) as ws:
        with steps(len(FIT_STEPS), "Fitting") as step:
            document = fit_clv(ws, model, end, time_unit, progress=step)
        emit(as_json, document, lambda: _print_fit(document))


def _print_fit(document: dict) -> None:
    from rich.markup import escape
    from rich.table import Table as RichTable

    settings = document["summary_settings"]
    out.print(
        f"{document['model']} on {document['data']['customers']:,} customers "
        f"({document['data']['repeat_buyers']:,} repeat buyers), calibration through "
        f"{settings['calibration_end']}, "
        f"time in {settings['time_unit']}s"
    )
    for key in ("purchase_model", "spend_model"):
        fitted = document.get(key)
        if fitted:
            grid = RichTable(
                title=f"{fitted['model']}: log-likelihood {fitted['log_likelihood']:.2f}, "
                + (
                    "NOT USED (see below)"
                    if key == "purchase_model" and document["method"] == "heuristic"
                    else ("converged" if fitted["converged"] else "DID NOT CONVERGE")
                )
            )
            for heading in ("parameter", "estimate", "std. error", "95% CI"):
                grid.add_column(heading, justify="left" if heading == "parameter" else "right")
            for name, value in fitted["params"].items():
                lo, hi = fitted["confidence_intervals"][name]
                grid.add_row(
                    name,
                    f"{value:.4g}",
                    f"{fitted['standard_errors'][name]:.3g}",
                    f"{lo:.4g} to {hi:.4g}",
                )
            out.print(grid)
    out.print(escape(document["explanation"]))
    if document.get("path"):
        out.print(f"Saved {document['path']}")


@clv_app.command("predict")
def clv_predict(
    horizon: Annotated[
        int, typer.Option("--horizon", help="Months ahead for expected purchases and CLV.")
    ] = 12,
    discount_rate: Annotated[
        float, typer.Option("--discount-rate", help="Annual discount rate for CLV.")
    ] = 0.10,
    margin: Annotated[
        float, typer.Option("--margin", help="Gross margin as a share of spend (1 = revenue).")
    ] = 1.0,
    within_days: Annotated[
        int, typer.Option("--within-days", help="Window for the probability of buying, in days.")
    ] = 30,
    model: SavedModelOpt = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Predict as of this day, YYYY-MM-DD [default: the model's calibration end].",
        ),
    ] = None,
    customer: Annotated[str | None, typer.Option("--customer", help="Only this customer.")] = None,
    limit: Annotated[
        int, typer.Option("--limit", help="Customers shown in the table (JSON lists all).")
    ] = 20,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Per-customer predictions from the saved model: P(alive), churn-risk tier, expected purchases,
    probability of buying within N days, expected spend, CLV, next purchase date and the reason.

    Example: regulars clv predict --horizon 12 --margin 0.4 --json
    """
    from regulars.services.clv import PredictionOptions, predict_clv

    with workspace(workspace_dir, database, as_json) as ws:
        options = PredictionOptions(horizon, discount_rate, margin, within_days)
        found = predict_clv(ws, model, options, as_of=_date(as_of, "--as-of"), customer_id=customer)
        emit(as_json, found.page(), lambda: _print_predictions(found, limit, ws))


def _print_predictions(found, limit: int, ws) -> None:
    from rich.markup import escape
    from rich.table import Table as RichTable

    from regulars.services.customers import display_names
    from regulars.units import money

    currency = ws.settings.currency
    names = display_names(ws, [row["customer_id"] for row in found.customers[:limit]])
    out.print(escape(found.explanation))
    if found.note and found.method == "heuristic":
        out.print(f"[bold]{escape(found.note)}[/]")
    grid = RichTable(title=f"Top {min(limit, len(found.customers))} customers as of {found.as_of}")
    for heading in ("customer", "P(alive)", "tier", "CLV", "next order", "reason"):
        grid.add_column(heading, justify="right" if heading in ("P(alive)", "CLV") else "left")
    for row in found.customers[:limit]:
        grid.add_row(
            escape(names.get(row["customer_id"], row["customer_id"])),
            "–" if row["p_alive"] is None else f"{row['p_alive']:.0%}",
            row["risk_tier"],
            money(row["clv_cents"], currency),
            row["next_purchase_date"] or "–",
            escape(row["reason"]),
        )
    out.print(grid)


@clv_app.command("validate")
def clv_validate(
    holdout_start: Annotated[
        str, typer.Option("--holdout-start", help="First day of the holdout period, YYYY-MM-DD.")
    ],
    holdout_end: Annotated[
        str | None,
        typer.Option("--holdout-end", help="Last day of the holdout [default: the last sale]."),
    ] = None,
    time_unit: TimeUnitOpt = "week",
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Fit every model on the days before --holdout-start, predict the holdout, compare with what
    happened
    (per frequency bucket and per week) and say which model to use.

    Example: regulars clv validate --holdout-start 2026-01-01 --json
    """
    from regulars.services.clv import validate_clv

    with workspace(workspace_dir, database, as_json) as ws:
        start = _date(holdout_start, "--holdout-start")
        with err.status("Fitting and comparing models ..."):
            document = validate_clv(ws, start, _date(holdout_end, "--holdout-end"), time_unit)
        emit(as_json, document, lambda: _print_validation(document))


def _print_validation(document: dict) -> None:
    from rich.markup import escape
    from rich.table import Table as RichTable

    out.print(
        f"Calibration through {document['calibration_end']}; holdout {document['holdout_start']} "
        "to "
        f"{document['holdout_end']}; {document['customers']:,} customers made "
        f"{document['actual_total']:,.0f} "
        "repeat purchases in the holdout."
    )
    for fit in document["models"]:
        if "by_frequency" not in fit:
            out.print(f"{fit['model']}: not used: {escape(fit.get('problem') or fit['message'])}")
            continue
        grid = RichTable(
            title=(
                f"{fit['model']}: predicted {fit['total_predicted']:,.0f} "
                f"vs actual {fit['total_actual']:,.0f}"
            )
        )
        for heading in (
            "calibration purchases",
            "customers",
            "predicted per customer",
            "actual per customer",
        ):
            grid.add_column(heading, justify="right")
        for row in fit["by_frequency"]:
            grid.add_row(
                row["bucket"],
                f"{row['customers']:,}",
                f"{row['predicted']:.2f}",
                f"{row['actual']:.2f}",
            )
        out.print(grid)
    out.print(escape(document["explanation"]))
