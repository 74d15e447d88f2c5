"""Analysing an experiment: from the store (statistics computed in the database) or from a CSV of
per-arm summaries a tool or a spreadsheet gave: ``arm,n,conversions`` (a rate),
``arm,n,sum,sum_squares`` (a mean) or ``arm,n,num_sum,num_sum_squares,den_sum,den_sum_squares,
num_den_sum_products`` (a ratio such as revenue per order), with optional ``metric`` and
``weight`` (the planned share of traffic, for the sample-ratio check) columns; or
``arm,events,exposure`` (a Poisson rate such as orders per customer-day; the sample-ratio check
then compares the exposures)."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pacsv

from regulars.analytics.experiments import (
    GaussianPrior,
    ProportionStats,
    RatioStats,
    SampleMeanStats,
)
from regulars.analytics.experiments.counts import RateStats
from regulars.errors import InputError, NotFoundError
from regulars.services.cache import cached
from regulars.services.experiments.evaluation import (
    ExperimentAnalysis,
    MetricSpec,
    Options,
    evaluate,
)
from regulars.services.experiments.metrics import (
    Metric,
    arm_statistic,
    experiment_units,
    parse_metric,
    rolled_up,
    sufficient_sums,
)
from regulars.services.experiments.registry import Experiment, find_experiment
from regulars.services.workspace import Workspace

DEFAULT_WINDOW_DAYS = 14
RATIO_COLUMNS = (
    "num_sum",
    "num_sum_squares",
    "den_sum",
    "den_sum_squares",
    "num_den_sum_products",
)
SHAPES = (
    "arm,n,conversions (a rate), arm,n,sum,sum_squares (a mean), "
    "arm,n," + ",".join(RATIO_COLUMNS) + " (a ratio) or arm,events,exposure (events over "
    "exposure); optionally metric and weight"
)


def analysis_options(
    scale: str = "relative",
    pooled: bool = False,
    prior_mean: float | None = None,
    prior_variance: float | None = None,
    planned_sample_size: float | None = None,
) -> Options:
    """The options every surface passes: a prior is proper once its variance is given."""
    if prior_mean is not None and prior_variance is None:
        raise InputError("--prior-mean needs --prior-variance (the prior's spread)")
    prior = (
        GaussianPrior(prior_mean or 0.0, prior_variance, proper=True)
        if prior_variance is not None
        else GaussianPrior()
    )
    return Options(scale, pooled, prior, planned_sample_size)


def _population(ws: Workspace, experiment: Experiment, population: str | None) -> str:
    if population:
        return population
    a = ws.store.table("experiment_assignments")
    exposed = (
        a.filter((a.experiment_id == experiment.experiment_id) & a.exposed_at.notnull())
        .select("customer_id")
        .limit(1)
    )
    return "exposed" if ws.store.to_arrow(exposed).num_rows else "assigned"


def linked_campaigns(ws: Workspace, experiment: Experiment) -> list[str]:
    """Campaigns whose name the experiment's name contains (a subject-line test of one
    newsletter)."""
    return [campaign for campaign, name in _campaign_names(ws) if name and name in experiment.name]


@cached
def _campaign_names(ws: Workspace) -> tuple[tuple[str, str | None], ...]:
    """Every campaign's id and name: read once for all the experiments a page or report shows."""
    c = ws.store.table("campaigns")
    rows = ws.store.to_arrow(c.select("campaign_id", "name")).to_pylist()
    return tuple((r["campaign_id"], r["name"]) for r in rows)


@dataclass(frozen=True)
class Basis:
    """What every analysis of one experiment starts from: the experiment, the population analysed
    and the campaigns linked to it."""

    experiment: Experiment
    population: str
    campaigns: tuple[str, ...]


@cached
def experiment_basis(ws: Workspace, name: str, population: str | None = None) -> Basis:
    """The experiment by name or id, its population (``exposed`` once anyone is), its campaigns:
    asked once per data version however many analyses of it a page shows."""
    experiment = find_experiment(ws, name)
    return Basis(
        experiment, _population(ws, experiment, population), tuple(linked_campaigns(ws, experiment))
    )


def chosen_metrics(
    experiment: Experiment,
    metrics: list[str] | None,
    guardrails: list[str] | None,
    window_days: int,
) -> tuple[Metric, ...]:
    """The metrics then the guardrails (each once) an analysis computes sums for."""
    wanted = [parse_metric(m, window_days) for m in (metrics or default_metrics(experiment))]
    guards = [parse_metric(m, window_days) for m in (guardrails or [])]
    return tuple({m.name: m for m in wanted + guards}.values())


@cached
def daily_sums(
    ws: Workspace, basis: Basis, metrics: tuple[Metric, ...], cuped_days: int = 0
) -> tuple[dict, ...]:
    """``sufficient_sums`` per arm and day of start (the analysis sums them per arm, the timeline
    cumulates them by day): one set of queries for both. Shared: callers must not change rows."""
    units = experiment_units(ws, basis.experiment.experiment_id, basis.population)
    units = units.mutate(day=units.start.date())
    return tuple(
        sufficient_sums(
            ws,
            units,
            list(metrics),
            cuped_days=cuped_days,
            campaign_ids=basis.campaigns,
            by=("arm", "day"),
        )
    )


def default_metrics(experiment: Experiment) -> list[str]:
    primary = (experiment.primary_metric or "").lower()
    if "open" in primary:
        return ["opened", "clicked"]
    return ["converted", "revenue"]


def _daily_units(rows: list[dict], n: int) -> float | None:
    first = min((r["first_start"] for r in rows if r.get("first_start")), default=None)
    last = max((r["last_start"] for r in rows if r.get("last_start")), default=None)
    if first is None:
        return None
    days = (last - first).total_seconds() / 86400
    return (
        n / days if days >= 1 else None
    )  # everyone started at once (one email): more days add no units


def analyze_experiment(
    ws: Workspace,
    name: str,
    metrics: list[str] | None = None,
    *,
    population: str | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
    guardrails: list[str] | None = None,
    correction: str = "holm",
    cuped_days: int = 0,
    alpha: float = 0.05,
    sequential: bool = False,
    options: Options | None = None,
) -> ExperimentAnalysis:
    """Per-arm statistics in the database, then tests, corrections, SRM, guardrails and a
    verdict. The sequential test is tuned for the experiment's stored N* (fixed at plan time)."""
    basis = experiment_basis(ws, name, population)
    experiment, population, plan = basis.experiment, basis.population, basis.experiment.plan
    chosen = chosen_metrics(experiment, metrics, guardrails, window_days)
    guards = tuple(parse_metric(g, window_days).name for g in guardrails or ())
    rows = rolled_up(daily_sums(ws, basis, chosen, cuped_days), ("arm",), ("day",))
    if not rows:
        raise NotFoundError(
            f"experiment {experiment.name!r} has no {population} units yet; run `regulars "
            "experiment assign`"
        )
    by_arm = {r["arm"]: r for r in rows}
    arms = [a for a in plan.weights if a in by_arm] + sorted(
        a for a in by_arm if a not in plan.weights
    )
    stats = {
        m.name: {a: arm_statistic(by_arm[a], m, cuped=bool(cuped_days)) for a in arms}
        for m in chosen
    }
    specs = [MetricSpec(m.name, m.statistic, m.label, m.higher_is_better, m.unit) for m in chosen]
    weights = (
        {a: plan.weights.get(a, 0.0) for a in arms}
        if all(a in plan.weights for a in arms)
        else None
    )
    units_n = {a: int(by_arm[a]["n"]) for a in arms}
    treat_n = min(units_n[a] for a in arms if a != "holdout")
    notes = {
        "population": population,
        "window_days": window_days,
        "cuped_days": cuped_days,
        "campaigns": list(basis.campaigns),
    }
    return evaluate(
        experiment.name,
        "store",
        stats,
        specs,
        plan.control,
        weights,
        guardrails=guards,
        correction=correction,
        alpha=alpha,
        sequential=sequential,
        daily_units=_daily_units(rows, treat_n),
        units=units_n,
        notes=notes,
        options=_with_planned(options or Options(), experiment, ws.settings.currency),
    )


def _with_planned(options: Options, experiment: Experiment, currency: str) -> Options:
    """The stored N* unless one is given, and the shop's currency."""
    stored = experiment.planned_sample_size
    if options.planned_sample_size is None and stored:
        options = replace(options, planned_sample_size=float(stored))
    return replace(options, currency=currency)


def read_summaries(
    path: Path | str,
) -> tuple[dict[str, dict[str, object]], list[MetricSpec], list[str], dict[str, float] | None]:
    """Per-arm summaries from CSV (see the module's docstring for the shapes). Returns stats,
    specs, arms and the planned weights (None without a ``weight`` column)."""
    try:
        table = pacsv.read_csv(path)
    except (OSError, ValueError) as exc:
        raise InputError(f"{path}: cannot read the summaries: {exc}") from exc
    cols = set(table.column_names)
    kinds = {"conversions"} <= cols, {"sum", "sum_squares"} <= cols, set(RATIO_COLUMNS) <= cols
    rates = {"events", "exposure"} <= cols
    if "arm" not in cols or not (rates or ("n" in cols and any(kinds))):
        raise InputError(f"{path}: give the columns {SHAPES}")
    if "metric" not in cols:
        label = (
            "conversion" if kinds[0] else "mean" if kinds[1] else "ratio" if kinds[2] else "rate"
        )
        table = table.append_column("metric", pa.array([label] * table.num_rows, pa.string()))
    stats: dict[str, dict[str, object]] = {}
    arms: list[str] = []
    weights: dict[str, float] = {}
    for line, r in enumerate(table.to_pylist(), start=2):
        arm = str(r["arm"])
        stats.setdefault(str(r["metric"]), {})[arm] = _summary_stat(r, path, line)
        arms += [arm] if arm not in arms else []
        if r.get("weight") is not None:
            weights[arm] = _weight(r["weight"], path, line)
    specs = [MetricSpec(m, _statistic(next(iter(s.values()))), m) for m, s in stats.items()]
    if "weight" in cols and set(weights) != set(arms):
        raise InputError(f"{path}: the weight column needs a value for every arm")
    return stats, specs, arms, (weights or None)


def _statistic(stat) -> str:
    if isinstance(stat, ProportionStats):
        return "proportion"
    if isinstance(stat, RateStats):
        return "rate"
    return "ratio" if isinstance(stat, RatioStats) else "mean"


def _weight(value, path, line: int) -> float:
    try:
        w = float(value)
    except (TypeError, ValueError) as exc:
        raise InputError(f"{path}, line {line}, weight: must be a number") from exc
    if not w > 0:
        raise InputError(f"{path}, line {line}, weight: must be positive (got {value})")
    return w


def _summary_stat(r: dict, path, line: int):
    try:
        if r.get("events") is not None and r.get("conversions") is None:
            return _rate_stat(r, path, line)
        n = int(r["n"])
        if r.get("conversions") is not None:
            return ProportionStats(n, float(r["conversions"]))
        if r.get("sum") is not None:
            return SampleMeanStats(n, float(r["sum"]), float(r["sum_squares"]))
        return RatioStats(n, *(float(r[c]) for c in RATIO_COLUMNS))
    except (TypeError, ValueError, KeyError) as exc:
        raise InputError(f"{path}, line {line}: n and the sums ({SHAPES}) must be numbers") from exc


def _rate_stat(r: dict, path, line: int) -> RateStats:
    stat = RateStats(float(r["exposure"]), float(r["events"]))
    if not stat.n > 0 or stat.events < 0:
        raise InputError(f"{path}, line {line}: exposure must be positive and events not negative")
    return stat


def parse_weights(text: str | None, arms: list[str]) -> dict[str, float] | None:
    """``--weights 75,25`` (in the arms' order; any positive numbers, scaled to shares)."""
    if not text:
        return None
    try:
        values = [float(x) for x in text.split(",") if x.strip()]
    except ValueError as exc:
        raise InputError(f"--weights {text!r}: give numbers, e.g. 75,25") from exc
    if len(values) != len(arms) or any(not v > 0 for v in values):
        raise InputError(
            f"--weights {text!r}: give one positive weight per arm ({', '.join(arms)})"
        )
    return dict(zip(arms, values))


def _units(stats, specs, arm: str) -> int:
    """Units per arm for the sample-ratio check: n, or the exposure of an events file."""
    return round(max(stats[s.name][arm].n for s in specs))


def analyze_summaries(
    path: Path | str,
    *,
    control: str | None = None,
    guardrails: list[str] | None = None,
    correction: str = "holm",
    alpha: float = 0.05,
    sequential: bool = False,
    weights: str | None = None,
    options: Options | None = None,
) -> ExperimentAnalysis:
    """The same analysis on hand-entered per-arm summaries. The sample-ratio check uses the
    planned weights (``--weights`` or the file's ``weight`` column), an equal split without."""
    stats, specs, arms, planned = read_summaries(path)
    missing = [f"{m}: {a}" for m, s in stats.items() for a in arms if a not in s]
    if missing:
        raise InputError(f"{path}: every metric needs a row per arm; missing {', '.join(missing)}")
    planned = parse_weights(weights, arms) or planned
    control = control or ("control" if "control" in arms else arms[0])
    units = {a: _units(stats, specs, a) for a in arms}
    return evaluate(
        Path(path).name,
        "summaries",
        stats,
        specs,
        control,
        planned,
        guardrails=tuple(guardrails or ()),
        correction=correction,
        alpha=alpha,
        sequential=sequential,
        units=units,
        options=options or Options(),
    )
