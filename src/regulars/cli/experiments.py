"""Experiment commands: experiment plan / create / assign / export / analyze / timeline / list."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Annotated

import typer

from regulars.cli import DatabaseOpt, JsonOpt, WorkspaceOpt, app, emit, out, workspace

experiment_app = typer.Typer(
    help="A/B tests: plan, create, assign, analyse, list.", no_args_is_help=True
)
app.add_typer(experiment_app, name="experiment")

MetricOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--metric",
        help="Metric to analyse: converted, revenue, orders, aov, "
        "refunded, opened, clicked, unsubscribed, optionally with a window "
        "(converted_7d); repeat for more. The first decides.",
    ),
]
WindowOpt = Annotated[
    int, typer.Option("--window-days", help="Days after exposure a metric looks at.")
]
ScaleOpt = Annotated[
    str,
    typer.Option(
        "--scale",
        help="relative (the lift in %, delta method; the default) or absolute (treatment minus "
        "control: rates in points, money in the currency). The verdict is decided on it.",
    ),
]
PooledOpt = Annotated[
    bool,
    typer.Option(
        "--pooled", help="Rates: pooled z-test (its square is Pearson's chi-square) for the p."
    ),
]
PriorMeanOpt = Annotated[
    float | None,
    typer.Option("--prior-mean", help="Gaussian prior's mean for the effect (on the scale shown)."),
]
PriorVarianceOpt = Annotated[
    float | None,
    typer.Option(
        "--prior-variance", help="Gaussian prior's variance; giving it makes the prior proper."
    ),
]
PlannedOpt = Annotated[
    int | None,
    typer.Option(
        "--planned-sample-size",
        help="N*: units planned in all arms, the sequential test's tuning (fixed at plan time).",
    ),
]


@experiment_app.command("plan")
def plan(
    metric: Annotated[
        str,
        typer.Option(
            "--metric", help="proportion (a conversion rate) or mean (e.g. revenue per customer)."
        ),
    ] = "proportion",
    baseline: Annotated[
        float, typer.Option("--baseline", help="Control's rate (0.15) or mean.")
    ] = 0.1,
    mde: Annotated[
        float | None,
        typer.Option(
            "--mde", help="Smallest effect worth detecting (absolute, or relative with --relative)."
        ),
    ] = None,
    relative: Annotated[
        bool, typer.Option("--relative", help="--mde is relative to the baseline (0.1 = +10%).")
    ] = False,
    std_dev: Annotated[
        float | None,
        typer.Option("--std-dev", help="Standard deviation per customer (mean metrics)."),
    ] = None,
    power: Annotated[
        float, typer.Option("--power", help="Chance to detect the effect if it is real.")
    ] = 0.8,
    alpha: Annotated[
        float, typer.Option("--alpha", help="False-positive rate (two-sided).")
    ] = 0.05,
    arms: Annotated[int, typer.Option("--arms", help="Number of arms including control.")] = 2,
    daily_traffic: Annotated[
        float | None, typer.Option("--daily-traffic", help="Customers entering per day (all arms).")
    ] = None,
    sample_size: Annotated[
        float | None,
        typer.Option("--sample-size", help="Units per arm you can get: report power and MDE."),
    ] = None,
    sequential_tuning: Annotated[
        float | None,
        typer.Option(
            "--sequential-tuning",
            help="With --convention growthbook: power and MDE of the sequential test tuned for N*.",
        ),
    ] = None,
    convention: Annotated[
        str | None,
        typer.Option(
            "--convention",
            help="t (exact noncentral t; the default for a mean), normal (normal approximation; "
            "the default for a rate), evan-miller (Evan Miller's calculator), r (R's "
            "power.prop.test), growthbook (relative lift, several variations) or "
            "simple-sequential (Evan Miller's N and d).",
        ),
    ] = None,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Sample size and duration for an A/B test, or the power and effect a given sample can detect.

    Example: regulars experiment plan --baseline 0.15 --mde 0.05 --daily-traffic 200
    """
    from regulars.cli.experiment_output import print_plan
    from regulars.services.experiments import plan_experiment

    with workspace(workspace_dir, database, as_json, needed=False):
        result = plan_experiment(
            metric,
            baseline,
            mde,
            relative=relative,
            std_dev=std_dev,
            power=power,
            alpha=alpha,
            arms=arms,
            daily_traffic=daily_traffic,
            sample_size=sample_size,
            convention=convention,
            sequential_tuning=sequential_tuning,
        )
        emit(as_json, result, lambda: print_plan(result))


@experiment_app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="Experiment name.")],
    arms: Annotated[
        str, typer.Option("--arms", help="Arms and weights, e.g. control:0.5,treatment:0.5.")
    ] = "control:0.5,treatment:0.5",
    holdout: Annotated[
        float,
        typer.Option("--holdout", help="Share of customers kept out of every arm (0.1 = 10%)."),
    ] = 0.0,
    hypothesis: Annotated[
        str | None, typer.Option("--hypothesis", help="What you expect and why.")
    ] = None,
    primary_metric: Annotated[
        str, typer.Option("--primary-metric", help="The metric that decides.")
    ] = "converted",
    planned_sample_size: PlannedOpt = None,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Create an experiment (status draft) with its arms, weights and holdout.

    Example: regulars experiment create "Free shipping banner" --arms control:0.5,treatment:0.5
    --holdout 0.1
    """
    from regulars.services.experiments import create_experiment

    with workspace(workspace_dir, database, as_json) as ws:
        e = create_experiment(
            ws, name, arms, holdout, hypothesis, primary_metric, planned_sample_size
        )
        emit(
            as_json,
            e.to_dict(),
            lambda: out.print(f"Created experiment {e.name} ({e.experiment_id}); arms {e.arms}"),
        )


@experiment_app.command("assign")
def assign(
    name: Annotated[str, typer.Argument(help="Experiment name or id.")],
    customers: Annotated[
        str, typer.Option("--customers", help="all, or the name of a saved audience.")
    ] = "all",
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Assign customers to arms by a sticky hash of (experiment, customer); re-running adds only new
    customers.

    Example: regulars experiment assign "Free shipping banner" --customers all
    """
    from regulars.services.experiments import assign_experiment

    with workspace(workspace_dir, database, as_json) as ws:
        r = assign_experiment(ws, name, customers)
        arms = ", ".join(f"{a} {n:,}" for a, n in r.per_arm.items()) or "nobody new"
        emit(
            as_json,
            r,
            lambda: out.print(
                f"{r.experiment}: assigned {r.assigned_now:,} now ({arms}); "
                f"{r.already_assigned:,} were assigned before"
            ),
        )


@experiment_app.command("export")
def export(
    name: Annotated[str, typer.Argument(help="Experiment name or id.")],
    to: Annotated[Path, typer.Option("--to", help="Target FILE.csv.")],
    arm: Annotated[str | None, typer.Option("--arm", help="Only this arm.")] = None,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Write the assignment list (customer_id, arm, assigned_at, exposed_at) as CSV.

    Example: regulars experiment export "Free shipping banner" --to treatment.csv --arm treatment
    """
    from regulars.services.experiments import export_assignments

    with workspace(workspace_dir, database, as_json) as ws:
        r = export_assignments(ws, name, to, arm)
        emit(as_json, r, lambda: out.print(f"Wrote {r.rows:,} assignments to {r.file}"))


@experiment_app.command("analyze")
def analyze(
    name: Annotated[
        str | None, typer.Argument(help="Experiment name or id (or use --stats).")
    ] = None,
    stats: Annotated[
        Path | None,
        typer.Option(
            "--stats",
            help="CSV of per-arm summaries: arm,n,conversions (a rate), arm,n,sum,sum_squares (a "
            "mean) or arm,n,num_sum,num_sum_squares,den_sum,den_sum_squares,num_den_sum_products "
            "(a ratio); optional metric and weight columns.",
        ),
    ] = None,
    weights: Annotated[
        str | None,
        typer.Option(
            "--weights", help="Planned split for --stats in the arms' order, e.g. 75,25 (SRM)."
        ),
    ] = None,
    scale: ScaleOpt = "relative",
    pooled: PooledOpt = False,
    prior_mean: PriorMeanOpt = None,
    prior_variance: PriorVarianceOpt = None,
    planned_sample_size: PlannedOpt = None,
    metric: MetricOpt = None,
    guardrail: Annotated[
        list[str] | None,
        typer.Option("--guardrail", help="Metric that must not get worse; repeat for more."),
    ] = None,
    population: Annotated[
        str | None,
        typer.Option("--population", help="exposed or assigned [default: exposed when recorded]."),
    ] = None,
    window_days: WindowOpt = 14,
    correction: Annotated[
        str, typer.Option("--correction", help="holm, bh or none (several arms or metrics).")
    ] = "holm",
    cuped_days: Annotated[
        int,
        typer.Option(
            "--cuped-days",
            help="Use revenue in these days before exposure to cut variance (CUPED).",
        ),
    ] = 0,
    alpha: Annotated[float, typer.Option("--alpha", help="1 - confidence level.")] = 0.05,
    sequential: Annotated[
        bool, typer.Option("--sequential", help="Always-valid intervals (safe to look every day).")
    ] = False,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Analyse an experiment: effect with interval per arm and metric, SRM check, guardrails,
    verdict in plain words.

    Example: regulars experiment analyze "Free shipping banner" --metric converted --metric revenue
    --guardrail refunded
    """
    from regulars.cli.experiment_output import print_analysis
    from regulars.errors import InputError
    from regulars.services.experiments import analyze_experiment, analyze_summaries
    from regulars.services.experiments.analysis import analysis_options

    with workspace(workspace_dir, database, as_json, needed=stats is None) as ws:
        options = analysis_options(scale, pooled, prior_mean, prior_variance, planned_sample_size)
        if stats is not None:
            result = analyze_summaries(
                stats,
                guardrails=guardrail,
                correction=correction,
                alpha=alpha,
                sequential=sequential,
                weights=weights,
                options=replace(options, currency=ws.settings.currency),
            )
        elif name:
            result = analyze_experiment(
                ws,
                name,
                metric,
                population=population,
                window_days=window_days,
                guardrails=guardrail,
                correction=correction,
                cuped_days=cuped_days,
                alpha=alpha,
                sequential=sequential,
                options=options,
            )
        else:
            raise InputError("name an experiment, or give --stats FILE")
        currency = ws.settings.currency
        emit(as_json, result.to_dict(), lambda: print_analysis(result, currency))


@experiment_app.command("adjust")
def adjust(
    p_values: Annotated[list[float], typer.Argument(help="The p-values, e.g. 0.01 0.04 0.03.")],
    correction: Annotated[
        str, typer.Option("--correction", help="holm (family-wise) or bh (false discovery rate).")
    ] = "holm",
    alpha: Annotated[float, typer.Option("--alpha", help="Level to call a result.")] = 0.05,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Adjust a list of p-values for multiple comparisons (Holm or Benjamini-Hochberg).

    Example: regulars experiment adjust 0.01 0.04 0.03 0.005 --correction bh
    """
    from regulars.services.experiments.corrections import adjusted_p_values

    with workspace(workspace_dir, database, as_json, needed=False):
        r = adjusted_p_values(p_values, correction, alpha)
        emit(
            as_json,
            r,
            lambda: [
                out.print(f"p {p:.4g} -> {q:.4g}{' (significant)' if ok else ''}")
                for p, q, ok in zip(r["p_values"], r["adjusted"], r["significant"])
            ],
        )


@experiment_app.command("timeline")
def timeline(
    name: Annotated[str, typer.Argument(help="Experiment name or id.")],
    metric: Annotated[
        str | None, typer.Option("--metric", help="Metric (default: the experiment's first).")
    ] = None,
    window_days: WindowOpt = 14,
    workspace_dir: WorkspaceOpt = None,
    database: DatabaseOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The cumulative effect day by day with always-valid intervals, and units per arm per day.

    Example: regulars experiment timeline "Free shipping banner" --json
    """
    from regulars.services.experiments.display import change_text
    from regulars.services.experiments.monitoring import experiment_timeline

    with workspace(workspace_dir, database, as_json) as ws:
        t = experiment_timeline(ws, name, metric, window_days=window_days)
        currency = ws.settings.currency

        def shown(x: float) -> str:
            return change_text(t.unit, "absolute", x, currency)

        emit(
            as_json,
            t,
            lambda: [
                out.print(
                    f"{d.day}  units {d.units}  "
                    + "  ".join(
                        f"{arm} {shown(e['estimate'])} ({shown(e['ci_low'])} to "
                        f"{shown(e['ci_high'])})"
                        for arm, e in d.effects.items()
                        if not e["error"]
                    )
                )
                for d in t.days
            ],
        )


@experiment_app.command("list")
def list_(
    workspace_dir: WorkspaceOpt = None, database: DatabaseOpt = None, as_json: JsonOpt = False
) -> None:
    """Every experiment with its status, arms and units per arm.

    Example: regulars experiment list --json
    """
    from regulars.services.experiments import list_experiments

    with workspace(workspace_dir, database, as_json) as ws:
        rows = list_experiments(ws)
        emit(
            as_json,
            rows,
            lambda: [
                out.print(
                    f"{r.name} ({r.experiment_id}, {r.status}): arms {r.arms}; "
                    + ", ".join(f"{a} {u['assigned']:,}" for a, u in r.units.items())
                )
                for r in rows
            ],
        )
