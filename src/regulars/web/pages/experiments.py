"""Experiments: the list, and one experiment's verdict, arm table, effect and cumulative charts."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query, Request

from regulars.http.auth import get_workspace
from regulars.services.accounts import Session
from regulars.services.experiments import list_experiments
from regulars.services.experiments.evaluation import Options
from regulars.services.workspace import Workspace
from regulars.views.experiments import experiment_view
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
