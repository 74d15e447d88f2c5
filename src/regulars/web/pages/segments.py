"""Segments: RFM segments (treemap and table), the movement matrix with the customers of a cell,
persona cards, and audiences (rule, live count, consent-checked export; creating and exporting need
an analyst). The page shows what the /api/v1/segments and /api/v1/audiences endpoints return: the
same service calls."""

from __future__ import annotations

from datetime import date
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from regulars.errors import InputError, RegularsError
from regulars.http.answers import cached_result
from regulars.http.auth import get_workspace
from regulars.http.parameters import end_of_day, export_headers, segment_query
from regulars.services import segments
from regulars.services.accounts import Session
from regulars.services.cache import cached
from regulars.services.segments.audiences import DEFAULT_COLUMNS, FIELDS
from regulars.services.workspace import Workspace
from regulars.views.segments import movement_heatmap, segment_treemap
from regulars.web.kept import kept_page
from regulars.web.session import check_csrf, page_session, require_role
from regulars.web.templating import render

router = APIRouter()
NAV = ("Segments", "/segments", 30)


def _personas(ws: Workspace) -> tuple[object | None, str | None]:
    try:
        return segments.cached_persona_report(ws), None
    except RegularsError as exc:
        return None, str(exc)


def _cell(
    ws: Workspace, from_segment: str | None, to_segment: str | None, start, end
) -> dict | None:
    if not (from_segment and to_segment):
        return None
    ids = segments.movement_customers(ws, from_segment, to_segment, start, end)
    return {"from_segment": from_segment, "to_segment": to_segment, "customers": ids}


@cached
def segments_context(
    ws: Workspace,
    start: date | None = None,
    end: date | None = None,
    from_segment: str | None = None,
    to_segment: str | None = None,
) -> dict:
    """Everything the page shows, built once per data version and address; ``status_code`` 422
    when the movement's dates are wrong (said beside them)."""
    rfm = segments.rfm_report(ws)
    context = {
        "rfm": rfm,
        "audiences": segments.list_audiences(ws),
        "fields": FIELDS,
        "default_columns": DEFAULT_COLUMNS,
        "start": start,
        "end": end,
        "status_code": 200,
    }
    if rfm.customers:
        s, e = end_of_day(start), end_of_day(end)
        try:
            movement, movement_error = segments.movement_matrix(ws, s, e), None
        except InputError as exc:  # the dates of the movement form: said beside them, as typed
            movement, movement_error = None, exc.message
            context["status_code"] = 422
        personas, persona_error = _personas(ws)
        charts = {"segments": segment_treemap(rfm)}
        if movement:
            charts["movement"] = movement_heatmap(movement)
            context["cell"] = _cell(ws, from_segment, to_segment, s, e)
        context |= {
            "movement": movement,
            "movement_error": movement_error,
            "personas": personas,
            "persona_error": persona_error,
            "charts": charts,
        }
    return context


def _render(request: Request, session: Session, context: dict, status_code: int = 200, **extra):
    shown = {k: v for k, v in context.items() if k != "status_code"}
    code = max(status_code, context["status_code"])
    return render(
        request,
        "pages/segments.html",
        status_code=code,
        session=session,
        title="Segments",
        **shown,
        **extra,
    )


@router.get("/segments")
async def segments_page(
    request: Request,
    start: date | None = None,
    end: date | None = None,
    from_segment: str | None = segment_query(),
    to_segment: str | None = segment_query(),
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    if not request.url.query:  # kept as rendered, per data version and session
        return await kept_page(
            request, ws, session, "pages/segments.html", _plain_context, title="Segments"
        )
    args = (start, end, from_segment, to_segment)
    return _render(request, session, await cached_result(segments_context, ws, *args))


@cached
def _plain_context(ws: Workspace) -> dict:
    """The page at its plain address (its status is 200: no dates were given)."""
    return {k: v for k, v in segments_context(ws).items() if k != "status_code"}


@router.post("/segments/audiences")
def create_audience(
    request: Request,
    csrf_token: Annotated[str, Form()] = "",
    name: Annotated[str, Form(max_length=200)] = "",
    rule: Annotated[str, Form(max_length=5000)] = "",
    description: Annotated[str, Form(max_length=1000)] = "",
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    check_csrf(session, csrf_token)
    require_role(session, "analyst")
    try:
        segments.create_audience(ws, name.strip(), rule, description.strip() or None)
    except InputError as exc:
        field = "rule" if exc.message.startswith("rule") else "name"
        typed = {
            "name": name,
            "rule": rule,
            "description": description,
            "error": exc.message,
            "field": field,
        }
        return _render(request, session, segments_context(ws), 422, typed=typed)
    return RedirectResponse(
        f"/segments?created={quote(name.strip(), safe='')}#audiences", status_code=303
    )


@router.post("/segments/audiences/{name}/delete")
def delete_audience(
    name: str,
    csrf_token: Annotated[str, Form()] = "",
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
) -> Response:
    check_csrf(session, csrf_token)
    require_role(session, "analyst")
    segments.delete_audience(ws, name)
    return RedirectResponse(f"/segments?deleted={quote(name, safe='')}#audiences", status_code=303)


@router.post("/segments/audiences/{name}/export")
def export_audience(
    name: str,
    csrf_token: Annotated[str, Form()] = "",
    hashed: Annotated[str, Form()] = "",
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
) -> Response:
    check_csrf(session, csrf_token)
    require_role(session, "analyst")
    as_hash = hashed == "1"
    data, record = segments.export_audience_csv(ws, name, as_hash, None, session.user.username)
    return Response(
        data, media_type="text/csv; charset=utf-8", headers=export_headers(record, as_hash)
    )
