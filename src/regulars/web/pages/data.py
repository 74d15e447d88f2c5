"""Data: import history, data-quality warnings, and the upload form with its validation report."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import FileResponse

from regulars.errors import InputError
from regulars.http.auth import get_workspace
from regulars.http.uploads import limit_of, saved_upload
from regulars.importers import FORMATS
from regulars.importers.options import Reading, parse_mapping
from regulars.schema import TABLES
from regulars.services.accounts import Session
from regulars.services.imports import import_file
from regulars.services.rejected import rejected_file
from regulars.services.status import workspace_status
from regulars.services.workspace import Workspace
from regulars.web.session import check_csrf, page_session, require_role
from regulars.web.templating import render

router = APIRouter()
NAV = ("Data", "/data", 900)


def _page(request: Request, ws: Workspace, session: Session, status_code: int = 200, **extra):
    return render(
        request,
        "pages/data.html",
        status_code=status_code,
        session=session,
        title="Data",
        status=workspace_status(ws, imports=20),
        tables=[t.name for t in TABLES],
        formats=list(FORMATS),
        **extra,
    )


@router.get("/data")
def data_page(
    request: Request,
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    return _page(request, ws, session)


@router.post("/data/import")
def upload(
    request: Request,
    table: Annotated[str, Form()],
    file: Annotated[UploadFile, File()],
    format: Annotated[str, Form()] = "generic",
    mapping: Annotated[str, Form()] = "",
    dry_run: Annotated[bool, Form()] = False,
    skip_invalid: Annotated[bool, Form()] = False,
    csrf_token: Annotated[str, Form()] = "",
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    check_csrf(session, csrf_token)
    require_role(session, "analyst")
    typed = {"table": table, "format": format, "mapping": mapping, "dry_run": dry_run}
    typed["skip_invalid"] = skip_invalid
    field = "mapping"
    try:
        columns = parse_mapping(mapping.split())
        field = "file"
        with saved_upload(file, limit_of(request)) as path:
            report = import_file(
                ws,
                table,
                path,
                format=format,
                mapping=columns,
                dry_run=dry_run,
                reading=Reading(skip_invalid=skip_invalid),
                keep_rejected=True,
            )
    except InputError as exc:
        field = _field_of(exc, field, table, format)
        typed |= {"field": field, "error": exc.message}
        return _page(request, ws, session, 422, typed=typed, rejected=exc)
    return _page(request, ws, session, imported=report, typed=typed)


@router.get("/data/rejected/{rejected_id}")
def rejected_rows(
    rejected_id: str,
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    """The rows an upload set aside, with their problems, as a CSV download (analysts)."""
    require_role(session, "analyst")
    path = rejected_file(ws, rejected_id)
    return FileResponse(path, media_type="text/csv", filename=f"rejected-{rejected_id}.csv")


def _field_of(exc: InputError, field: str, table: str, format: str) -> str:
    """The form field a rejected upload is about: the table, the format, the mapping or the file."""
    if field == "mapping" or exc.problems:
        return field
    if table not in {t.name for t in TABLES}:
        return "table"
    return "format" if format not in FORMATS or exc.message.startswith("format ") else field
