"""Marketing mix page: response curves, contributions over time and the budget split
(``views.mmm``, the same as the report's section); the owner queues the split for approval in
one click; a channel the data cannot separate links to its tests, and an analyst designs a geo
test (regions switched, power in words) and records it as a draft experiment in one click."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse

from regulars.errors import InputError
from regulars.http.auth import get_workspace
from regulars.services.accounts import Session
from regulars.services.workspace import Workspace
from regulars.units import minor_units
from regulars.views.mmm import mmm_context
from regulars.web.session import check_csrf, page_session, require_role
from regulars.web.templating import render

router = APIRouter()
NAV = ("Marketing mix", "/mmm", 45)


def _test_campaigns(ws: Workspace) -> dict[str, str]:
    """Each channel's latest campaign with sends: the one whose page designs its holdout."""
    from regulars.services.campaigns.performance import campaign_performance

    return {r.channel: r.campaign_id for r in campaign_performance(ws) if r.sends and r.channel}


def _amount(text: str | None) -> float | None:
    """The form's effect a week, in the currency's units; blank for none."""
    if text is None or not text.strip():
        return None
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        raise InputError(f"effect a week {text!r}: write an amount, e.g. 500") from None
    if not value > 0:
        raise InputError("the effect a week must be a positive amount (or blank)")
    return value


def _geo(ws: Workspace, context: dict, channel: str | None, weeks: int,
         effect: str | None) -> dict:  # fmt: skip
    """The geo test form's design: for ``channel`` (default the first the data cannot separate,
    else the first), ``effect`` a week in the shop's currency units; or the error in words."""
    from regulars.services.mmm.geo_test import design_geo_test

    report = context.get("mmm")
    names = [c.channel for c in report.channels] if report else []
    unsure = [c.channel for c in report.channels if not c.separable] if report else []
    channel = channel or (unsure or names or ["email"])[0]
    geo = {"channel": channel, "channels": names, "weeks": weeks, "effect": effect or "",
           "test": None, "error": None}  # fmt: skip
    try:
        geo["test"] = design_geo_test(ws, channel, weeks, _cents(ws, _amount(effect)))
    except InputError as exc:
        geo["error"] = exc.message
    return geo


def _cents(ws: Workspace, amount: float | None) -> float | None:
    return None if amount is None else amount * 10 ** minor_units(ws.settings.currency)


def _page(request, ws, session, channel, weeks, effect, status_code=200, error=None, **extra):
    context = mmm_context(ws)  # before a fit: the page says how to make one
    geo = _geo(ws, context, channel, weeks, effect)
    geo["error"] = error or geo["error"]
    return render(request, "pages/mmm.html", status_code=status_code, session=session,
                  title="Marketing mix", geo=geo, test_campaigns=_test_campaigns(ws),
                  **context, **extra)  # fmt: skip


@router.get("/mmm")
def mmm_page(
    request: Request,
    geo_channel: str | None = Query(None, max_length=100),
    geo_weeks: int = Query(8, ge=1, le=52),
    geo_effect: str | None = Query(None, max_length=30),
    geo_recorded: bool = False,
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    proposed = request.query_params.get("proposed")
    return _page(request, ws, session, geo_channel, geo_weeks, geo_effect, proposed=proposed,
                 geo_recorded=geo_recorded)  # fmt: skip


@router.post("/mmm/allocation/proposal")
def propose_split(
    request: Request,
    csrf_token: Annotated[str, Form()] = "",
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    """Queue the proposed split (today's total budget) for the owner's approval."""
    from regulars.services.mmm import allocate_budget, propose_allocation

    check_csrf(session, csrf_token)
    require_role(session, "owner")
    plan = propose_allocation(ws, allocate_budget(ws), session.user.username)
    return RedirectResponse(f"/mmm?proposed={plan.proposal_id}#mmm-allocation", status_code=303)


@router.post("/mmm/geo-test")
def record_geo(
    request: Request,
    csrf_token: Annotated[str, Form()] = "",
    channel: Annotated[str, Form(max_length=100)] = "",
    weeks: Annotated[int, Form(ge=1, le=52)] = 8,
    effect: Annotated[str, Form(max_length=30)] = "",
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    """Design the geo test (power first) and record it as a draft experiment (analyst)."""
    from regulars.services.mmm.geo_test import record_geo_test

    check_csrf(session, csrf_token)
    require_role(session, "analyst")
    try:
        record_geo_test(ws, channel, weeks, _cents(ws, _amount(effect)))
    except InputError as exc:
        return _page(request, ws, session, channel or None, weeks, effect, 422, exc.message)
    query = {"geo_channel": channel, "geo_weeks": weeks, "geo_recorded": 1}
    if effect.strip():
        query["geo_effect"] = effect.strip()
    return RedirectResponse(f"/mmm?{urlencode(query)}#geo-test", status_code=303)
