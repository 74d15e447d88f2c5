"""Experiments: the list, one experiment (verdict, arms, effects, charts) and the calculator."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from fastapi import APIRouter, Depends, Query, Request

from regulars.errors import InputError, RegularsError
from regulars.http.auth import get_workspace
from regulars.services.accounts import Session
from regulars.services.experiments import analyze_summaries, list_experiments
from regulars.services.experiments.analysis import analysis_options
from regulars.services.experiments.corrections import adjusted_p_values
from regulars.services.experiments.evaluation import Options
from regulars.services.workspace import Workspace
from regulars.views.experiments import experiment_view, shown
from regulars.web.session import page_session
from regulars.web.templating import render

router = APIRouter()
NAV = ("Experiments", "/experiments", 60)


@router.get("/experiments")
def experiments_page(
    request: Request,
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    return render(
        request,
        "pages/experiments.html",
        session=session,
        title="Experiments",
        experiments=list_experiments(ws),
    )


@router.get("/experiments/calculator")
def calculator_page(
    request: Request,
    summaries: str = Query("", max_length=20_000),
    weights: str = Query("", max_length=500),
    scale: str = Query("relative", pattern="^(relative|absolute)$"),
    pooled: bool = False,
    sequential: bool = False,
    planned_sample_size: int | None = Query(None, ge=2),
    prior_mean: float | None = None,
    prior_variance: float | None = Query(None, gt=0),
    p_values: str = Query("", max_length=5_000),
    correction: str = Query("holm", pattern="^(holm|bh|none)$"),
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    """Numbers from another tool: per-arm summaries analysed as on the CLI (--stats), and a list
    of p-values adjusted (Holm or BH)."""
    form = dict(request.query_params)
    options = (scale, pooled, prior_mean, prior_variance, planned_sample_size)
    context, status = {}, 200
    try:
        if summaries.strip():
            analysis = _summaries(summaries, weights, sequential, options, ws.settings.currency)
            context["analysis"] = analysis
            context["shown"] = shown(analysis, ws.settings.currency)
        if p_values.strip():
            context["adjusted"] = adjusted_p_values(_numbers(p_values), correction)
    except RegularsError as exc:
        context["error"], status = str(exc), 422
    return render(
        request,
        "pages/experiment_calculator.html",
        status_code=status,
        session=session,
        title="Experiment calculator",
        form=form,
        **context,
    )


def _summaries(text: str, weights: str, sequential: bool, options: tuple, currency: str):
    chosen = replace(analysis_options(*options), currency=currency)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "summaries.csv"
        path.write_text(text.strip() + "\n", encoding="utf-8")
        return analyze_summaries(
            path, weights=weights or None, sequential=sequential, options=chosen
        )


def _numbers(text: str) -> list[float]:
    try:
        return [float(x) for x in text.replace(",", " ").split()]
    except ValueError as exc:
        raise InputError(f"p-values {text!r}: give numbers between 0 and 1") from exc


@router.get("/experiments/{experiment_id}")
def experiment_page(
    request: Request,
    experiment_id: str,
    window_days: int = Query(14, ge=1, le=365),
    scale: str = Query("relative", pattern="^(relative|absolute)$"),
    pooled: bool = False,
    sequential: bool = False,
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    options = Options(scale=scale, pooled=pooled)
    view = experiment_view(
        ws, experiment_id, window_days=window_days, sequential=sequential, options=options
    )
    return render(
        request,
        "pages/experiment.html",
        session=session,
        title=view["analysis"].experiment,
        window_days=window_days,
        scale=scale,
        pooled=pooled,
        sequential=sequential,
        **view,
    )
