"""Watching experiments: the cumulative effect day by day, units per day, and sample-ratio
alerts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from regulars.analytics.experiments import sample_ratio_mismatch, sequential_test
from regulars.analytics.experiments.sequential import DEFAULT_PLANNED_SAMPLE_SIZE
from regulars.services.experiments.analysis import (
    DEFAULT_WINDOW_DAYS,
    chosen_metrics,
    daily_sums,
    default_metrics,
    experiment_basis,
)
from regulars.services.experiments.metrics import arm_statistic, parse_metric
from regulars.services.experiments.registry import find_experiment, list_experiments
from regulars.services.workspace import Workspace


@dataclass(frozen=True, slots=True)
class TimelineDay:
    """One day of start: units per arm so far, and each treatment's cumulative effect (estimate,
    always-valid interval, both means, error) against control."""

    day: str
    units: dict[str, int]
    effects: dict[str, dict]


@dataclass(frozen=True, slots=True)
class ExperimentTimeline:
    experiment: str
    metric: str
    label: str
    population: str
    days: tuple[TimelineDay, ...]
    unit: str = "number"  # rate, money (cents) or number: how the effects are written


@dataclass(frozen=True, slots=True)
class SrmAlert:
    """A sample-ratio check of one experiment's assigned or exposed units."""

    experiment: str
    population: str
    flagged: bool
    p_value: float | None
    message: str


def experiment_timeline(
    ws: Workspace,
    name: str,
    metric: str | None = None,
    *,
    population: str | None = None,
    window_days: int = DEFAULT_WINDOW_DAYS,
    alpha: float = 0.05,
) -> ExperimentTimeline:
    """Per day of start: units per arm, and the cumulative effect of each treatment with an
    always-valid (sequential) interval, so looking every day does not inflate false alarms."""
    basis = experiment_basis(ws, name, population)
    experiment, population, plan = basis.experiment, basis.population, basis.experiment.plan
    m = parse_metric(metric or default_metrics(experiment)[0], window_days)
    # the default analysis's sums (cached) when it has this metric: a page showing both asks once
    defaults = chosen_metrics(experiment, None, None, window_days)
    rows = daily_sums(ws, basis, defaults if m in defaults else (m,), 0)
    days = sorted({r["day"] for r in rows})
    running: dict[str, dict] = defaultdict(lambda: defaultdict(float))
    # N* as stored at plan time; without one, GrowthBook's default (never the data's own total,
    # which would re-tune the sequence at every look)
    total = experiment.planned_sample_size or DEFAULT_PLANNED_SAMPLE_SIZE
    series = []
    for day in days:
        for r in (r for r in rows if r["day"] == day):
            for k, v in r.items():
                if k not in ("arm", "day", "first_start", "last_start"):
                    running[r["arm"]][k] += v or 0
        series.append(_day_point(day, running, plan.control, m, alpha, total))
    return ExperimentTimeline(experiment.name, m.name, m.label, population, tuple(series), m.unit)


def _day_point(day, running, control: str, metric, alpha: float, planned: int) -> TimelineDay:
    point = TimelineDay(day.isoformat(), {a: int(v["n"]) for a, v in running.items()}, {})
    if control not in running:
        return point
    a = arm_statistic(running[control], metric)
    for arm, sums in running.items():
        if arm in (control, "holdout"):
            continue
        r = sequential_test(
            a, arm_statistic(sums, metric), alpha=alpha, planned_sample_size=max(planned, 1)
        )
        point.effects[arm] = {
            "estimate": r.estimate,
            "ci_low": r.ci_low,
            "ci_high": r.ci_high,
            "control_mean": r.control_mean,
            "treatment_mean": r.treatment_mean,
            "error": r.error,
        }
    return point


def experiment_alerts(
    ws: Workspace, statuses: tuple[str, ...] = ("running",)
) -> tuple[SrmAlert, ...]:
    """A sample-ratio check of every experiment with these statuses (assigned and exposed units)."""
    alerts = []
    for e in list_experiments(ws):
        if e.status not in statuses or not e.units:
            continue
        weights = find_experiment(ws, e.experiment_id).plan.weights
        arms = [a for a in weights if a in e.units]
        for population in ("assigned", "exposed"):
            counts = [e.units[a][population] for a in arms]
            if sum(counts) == 0 or len(arms) < 2:
                continue
            check = sample_ratio_mismatch(counts, [weights[a] for a in arms])
            alerts.append(SrmAlert(e.name, population, check.flagged, check.p_value, check.message))
    return tuple(alerts)
