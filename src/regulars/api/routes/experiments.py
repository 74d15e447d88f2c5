"""Experiments: plan, create, assign, analyse (from the store or posted summaries), timeline,
list."""

from __future__ import annotations

import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, Field

from regulars.api import documents
from regulars.http.answers import json_answer
from regulars.http.auth import analyst, get_workspace, viewer
from regulars.http.parameters import NO_NUL
from regulars.services import experiments
from regulars.services.accounts import User
from regulars.services.experiments.analysis import RATIO_COLUMNS
from regulars.services.experiments.corrections import adjusted_p_values
from regulars.services.experiments.monitoring import ExperimentTimeline, experiment_timeline
from regulars.services.workspace import Workspace

router = APIRouter(prefix="/api/v1/experiments", tags=["experiments"])


class PlanRequest(BaseModel):
    metric: str = "proportion"
    baseline: float
    mde: float | None = None
    relative: bool = False
    std_dev: float | None = None
    power: float = 0.8
    alpha: float = 0.05
    arms: int = 2
    daily_traffic: float | None = None
    sample_size: float | None = Field(None, gt=0)
    convention: str | None = None
    sequential_tuning: float | None = Field(None, gt=0)


class CreateRequest(BaseModel):
    name: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    arms: str = Field("control:0.5,treatment:0.5", max_length=500, pattern=NO_NUL)
    holdout: float = 0.0
    hypothesis: str | None = Field(None, max_length=2000, pattern=NO_NUL)
    primary_metric: str = Field("converted", max_length=100, pattern=NO_NUL)
    planned_sample_size: int | None = Field(None, ge=2)


class AssignRequest(BaseModel):
    customers: str = Field("all", max_length=200, pattern=NO_NUL)


class SummaryRow(BaseModel):
    arm: str = Field(max_length=200, pattern=NO_NUL)
    n: int | None = Field(None, ge=1)
    conversions: float | None = None
    events: float | None = Field(None, ge=0, description="Events over exposure (a rate).")
    exposure: float | None = Field(None, gt=0, description="Exposure (customer-days, say).")
    sum: float | None = None
    sum_squares: float | None = None
    num_sum: float | None = None
    num_sum_squares: float | None = None
    den_sum: float | None = None
    den_sum_squares: float | None = None
    num_den_sum_products: float | None = None
    weight: float | None = Field(None, gt=0)
    metric: str | None = Field(None, max_length=200, pattern=NO_NUL)


SCALE = "^(relative|absolute)$"


class Choices(BaseModel):
    """How to test, the same on every surface (see ``regulars experiment analyze --help``)."""

    scale: str = Field("relative", pattern=SCALE)
    pooled: bool = False
    prior_mean: float | None = None
    prior_variance: float | None = Field(None, gt=0)
    planned_sample_size: int | None = Field(None, ge=2)

    def options(self, currency: str = "USD"):
        from dataclasses import replace

        from regulars.services.experiments.analysis import analysis_options

        chosen = analysis_options(
            self.scale, self.pooled, self.prior_mean, self.prior_variance, self.planned_sample_size
        )
        return replace(chosen, currency=currency)


class SummariesRequest(Choices):
    rows: list[SummaryRow] = Field(min_length=2)
    correction: str = "holm"
    alpha: float = 0.05
    sequential: bool = False
    weights: list[float] | None = Field(None, description="Planned split in the arms' order.")


class AdjustRequest(BaseModel):
    p_values: list[float] = Field(min_length=1, max_length=10_000)
    correction: str = Field("holm", pattern="^(holm|bh|none)$")
    alpha: float = Field(0.05, gt=0, lt=1)


@router.get(
    "",
    summary="Every experiment with its arms and units per arm",
    response_model=list[experiments.ExperimentListing],
)
def list_all(ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)) -> Response:
    return json_answer(experiments.list_experiments(ws))


@router.post("/plan", summary="Sample size and duration, or power and MDE for a given sample")
def plan(body: PlanRequest, user: User = Depends(viewer)) -> dict:
    return experiments.plan_experiment(**body.model_dump())


@router.post(
    "", summary="Create an experiment (draft) with arms, weights and holdout", status_code=201
)
def create(
    body: CreateRequest, ws: Workspace = Depends(get_workspace), user: User = Depends(analyst)
) -> dict:
    return experiments.create_experiment(
        ws,
        body.name,
        body.arms,
        body.holdout,
        body.hypothesis,
        body.primary_metric,
        body.planned_sample_size,
    ).to_dict()


@router.post(
    "/{name}/assign",
    summary="Assign customers to arms (sticky; re-running adds only new customers)",
    response_model=experiments.Assignment,
)
def assign(
    name: str,
    body: AssignRequest,
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(analyst),
) -> Response:
    return json_answer(experiments.assign_experiment(ws, name, body.customers))


@router.get(
    "/{name}/analysis",
    summary="Effects with intervals, SRM check, guardrails and a verdict",
    response_model=documents.ExperimentAnalysis,
)
def analysis(
    name: str,
    metric: list[str] | None = Query(None),
    guardrail: list[str] | None = Query(None),
    population: str | None = Query(None, pattern="^(exposed|assigned)$"),
    window_days: int = Query(14, ge=1, le=365),
    correction: str = Query("holm", pattern="^(holm|bh|none)$"),
    cuped_days: int = Query(0, ge=0, le=730),
    alpha: float = Query(0.05, gt=0, lt=1),
    sequential: bool = False,
    choices: Choices = Depends(),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return json_answer(
        experiments.analyze_experiment(
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
            options=choices.options(),
        ).to_dict()
    )


@router.get(
    "/{name}/timeline",
    summary="Cumulative effect by day with always-valid intervals",
    response_model=ExperimentTimeline,
)
def timeline(
    name: str,
    metric: str | None = Query(None, max_length=50, pattern=NO_NUL),
    window_days: int = Query(14, ge=1, le=365),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return json_answer(experiment_timeline(ws, name, metric, window_days=window_days))


@router.post(
    "/analysis",
    summary="Analyse hand-entered per-arm summaries (rates, means or ratios; planned weights)",
)
def analyze_summaries(
    body: SummariesRequest, ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)
) -> dict:
    columns = ("metric", "arm", "n", "conversions", "sum", "sum_squares", *RATIO_COLUMNS)
    columns += ("events", "exposure")
    kept = [c for c in (*columns, "weight") if any(getattr(r, c) is not None for r in body.rows)]
    text = (
        ",".join(kept)
        + "\n"
        + "\n".join(
            ",".join("" if getattr(r, c) is None else str(getattr(r, c)) for c in kept)
            for r in body.rows
        )
    )
    weights = ",".join(f"{w:g}" for w in body.weights) if body.weights else None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "summaries.csv"
        path.write_text(text + "\n", encoding="utf-8")
        return experiments.analyze_summaries(
            path,
            correction=body.correction,
            alpha=body.alpha,
            sequential=body.sequential,
            weights=weights,
            options=body.options(ws.settings.currency),
        ).to_dict()


@router.post("/adjust", summary="Holm or Benjamini-Hochberg adjusted p-values for a list")
def adjust(body: AdjustRequest, user: User = Depends(viewer)) -> dict:
    return adjusted_p_values(body.p_values, body.correction, body.alpha)
