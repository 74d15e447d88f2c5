"""Segments and audiences: RFM segments, their movement, personas; saved audiences with live counts
and
consent-checked CSV exports (analyst), each logged with the exporting user."""

from __future__ import annotations

from datetime import date

from fastapi import APIRouter, Depends, Path
from fastapi.responses import Response
from pydantic import BaseModel, Field

from regulars.api import documents
from regulars.errors import InputError
from regulars.http.answers import json_answer
from regulars.http.auth import analyst, get_workspace, viewer
from regulars.http.parameters import NO_NUL, end_of_day, export_headers, segment_query
from regulars.services import segments
from regulars.services.accounts import User
from regulars.services.workspace import Workspace

router = APIRouter(prefix="/api/v1", tags=["segments and audiences"])

AudienceName = Path(min_length=1, max_length=200, pattern=NO_NUL, description="The audience's name")


class AudienceRequest(BaseModel):
    name: str = Field(min_length=1, max_length=200, pattern=NO_NUL)
    rule: str = Field(
        min_length=1,
        max_length=5000,
        pattern=NO_NUL,
        description='e.g. segment = "At risk" AND spend > 200 (or the JSON list form)',
    )
    description: str | None = Field(None, max_length=1000, pattern=NO_NUL)
    replace: bool = False


class ExportRequest(BaseModel):
    hashed: bool = Field(
        False,
        description=(
            "one column, email_sha256 (trimmed, lower-cased, SHA-256), as ad platforms take it"
        ),
    )
    columns: list[str] | None = Field(
        None, max_length=30, description="fields to export (plain CSV); default id, email, names"
    )


@router.get(
    "/segments/rfm",
    summary=(
        "RFM segments: size, share of customers and revenue, average order; what each score covers"
    ),
    response_model=documents.Rfm,
)
def rfm(
    as_of: date | None = None, ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)
) -> Response:
    return json_answer(segments.rfm_report(ws, end_of_day(as_of)).to_dict())


@router.get(
    "/segments/movement",
    summary="Customers per (segment at start, segment at end); with from_segment and "
    "to_segment, the customers of that cell",
    response_model=documents.Movement,
)
def movement(
    start: date | None = None,
    end: date | None = None,
    from_segment: str | None = segment_query(),
    to_segment: str | None = segment_query(),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    s, e = end_of_day(start), end_of_day(end)
    body = segments.movement_matrix(ws, s, e).to_dict()
    if from_segment or to_segment:
        if not (from_segment and to_segment):
            raise InputError("give both from_segment and to_segment to list a cell's customers")
        body["cell"] = {
            "from_segment": from_segment,
            "to_segment": to_segment,
            "customers": segments.movement_customers(ws, from_segment, to_segment, s, e),
        }
    return json_answer(body)


@router.get(
    "/segments/personas",
    summary="Personas: k and how it was chosen, stability, one card per persona",
    response_model=documents.Personas,
)
def personas(ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)) -> Response:
    return json_answer(segments.cached_persona_report(ws).to_dict())


@router.get(
    "/audiences",
    summary="Saved audiences with live counts (matching, and marketable by consent)",
    response_model=documents.Audiences,
)
def audiences(ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)) -> Response:
    return json_answer(
        {"audiences": [a.to_dict() for a in segments.list_audiences(ws)], "fields": _fields()}
    )


@router.post(
    "/audiences",
    summary="Save an audience (analyst): the rule is checked against the data and counted",
)
def create(
    body: AudienceRequest, ws: Workspace = Depends(get_workspace), user: User = Depends(analyst)
) -> dict:
    return segments.create_audience(
        ws, body.name, body.rule, body.description, body.replace
    ).to_dict()


@router.get(
    "/audiences/{name}",
    summary="One audience, counted now, with its export log",
    response_model=documents.AudienceWithExports,
)
def audience(
    name: str = AudienceName, ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)
) -> Response:
    found = segments.get_audience(ws, name)
    return json_answer({**found.to_dict(), "exports": segments.audience_exports(ws, name)})


@router.delete(
    "/audiences/{name}",
    summary="Delete a saved audience (analyst); its export log stays",
)
def delete(
    name: str = AudienceName, ws: Workspace = Depends(get_workspace), user: User = Depends(analyst)
) -> dict:
    return {"deleted": segments.delete_audience(ws, name)}


@router.post(
    "/audiences/{name}/export",
    summary="Download the audience's marketable customers as CSV (analyst); logged",
    response_class=Response,
    responses={200: {"content": {"text/csv": {}}}},
)
def export(
    body: ExportRequest | None = None,
    name: str = AudienceName,
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(analyst),
) -> Response:
    body = body or ExportRequest()
    data, record = segments.export_audience_csv(
        ws, name, body.hashed, tuple(body.columns) if body.columns else None, user.username
    )
    return Response(
        data, media_type="text/csv; charset=utf-8", headers=export_headers(record, body.hashed)
    )


def _fields() -> dict[str, dict[str, str]]:
    from regulars.services.segments.audiences import FIELDS

    return {name: {"kind": kind, "description": text} for name, (kind, text) in FIELDS.items()}
