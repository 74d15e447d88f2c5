"""Workspace status, tables, imports (upload-and-import) and the overview numbers."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, Response, UploadFile
from fastapi.responses import FileResponse

from regulars.api import documents
from regulars.http.answers import json_answer
from regulars.http.auth import analyst, get_workspace, viewer
from regulars.http.uploads import limit_of, saved_upload
from regulars.importers.options import Reading, parse_mapping
from regulars.services import overview
from regulars.services.accounts import User
from regulars.services.imports import ImportReport, import_file
from regulars.services.rejected import rejected_file
from regulars.services.status import (
    ImportRecord,
    TableStatus,
    WorkspaceStatus,
    recent_imports,
    workspace_status,
)
from regulars.services.workspace import Workspace

router = APIRouter(prefix="/api/v1", tags=["data"])


@router.get(
    "/status",
    summary="Workspace status: tables, row counts, date ranges, warnings, recent imports",
    response_model=WorkspaceStatus,
)
def status(ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)) -> Response:
    return json_answer(workspace_status(ws))


@router.get(
    "/tables",
    summary="Canonical tables with row counts and date ranges",
    response_model=list[TableStatus],
)
def tables(ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)) -> Response:
    return json_answer(workspace_status(ws).tables)


@router.get("/imports", summary="Import history, newest first", response_model=list[ImportRecord])
def imports(
    limit: int = 50, ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)
) -> Response:
    return json_answer(recent_imports(ws, max(1, min(limit, 500))))


@router.post(
    "/imports",
    status_code=201,
    summary="Upload a file and import it (validated whole; all or nothing)",
    response_model=ImportReport,
)
def upload_import(
    request: Request,
    table: Annotated[str, Form(description="Canonical table, e.g. orders")],
    file: Annotated[UploadFile, File(description="CSV, Parquet or JSON-lines file")],
    format: Annotated[str, Form()] = "generic",
    map: Annotated[list[str] | None, Form(description="SOURCE_COLUMN=FIELD, repeatable")] = None,
    dry_run: Annotated[bool, Form()] = False,
    encoding: Annotated[str | None, Form(description="utf-8, utf-16, cp1252; detected")] = None,
    delimiter: Annotated[str | None, Form(description=", ; tab or |; detected")] = None,
    decimal: Annotated[str | None, Form(description=". or ,; detected per column")] = None,
    date_order: Annotated[str | None, Form(description="day-first or month-first")] = None,
    skip_invalid: Annotated[
        bool, Form(description="import the good rows; the others kept for download")
    ] = False,
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(analyst),
) -> Response:
    mapping = parse_mapping(map or [])
    reading = Reading(
        encoding or None, delimiter or None, decimal or None, date_order or None, skip_invalid
    )
    with saved_upload(file, limit_of(request)) as path:
        report = import_file(
            ws,
            table,
            path,
            format=format,
            mapping=mapping,
            dry_run=dry_run,
            reading=reading,
            keep_rejected=True,
        )
        return json_answer(report, 201)


@router.get(
    "/imports/rejected/{rejected_id}",
    summary="The rows an upload with skip_invalid set aside, with their problems (CSV)",
    response_class=FileResponse,
    responses={
        200: {
            "description": "The rejected rows as the file had them, with line and problems",
            "content": {"text/csv": {"schema": {"type": "string", "format": "binary"}}},
        }
    },
)
def rejected_rows(
    rejected_id: str, ws: Workspace = Depends(get_workspace), user: User = Depends(analyst)
) -> FileResponse:
    path = rejected_file(ws, rejected_id)
    return FileResponse(path, media_type="text/csv", filename=f"rejected-{rejected_id}.csv")


@router.get(
    "/overview",
    summary="Headline numbers, monthly sales and top products",
    response_model=documents.Overview,
)
def overview_numbers(
    ws: Workspace = Depends(get_workspace), user: User = Depends(viewer)
) -> Response:
    return json_answer(overview.dashboard_overview(ws))
