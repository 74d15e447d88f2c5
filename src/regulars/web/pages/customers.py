"""Customers: search, a profile, export (analyst) and erase (owner, confirmed)."""

from __future__ import annotations

import json
import re
from typing import Annotated
from urllib.parse import quote

import anyio
from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from regulars.http.auth import get_workspace
from regulars.http.parameters import NO_NUL, CustomerId
from regulars.services import audit, customers, merges
from regulars.services.accounts import Session
from regulars.services.cache import cached
from regulars.services.workspace import Workspace
from regulars.web.kept import kept_page
from regulars.web.session import check_csrf, page_session, require_role
from regulars.web.templating import render

router = APIRouter()
NAV = ("Customers", "/customers", 20)


@router.get("/customers")
def search_page(
    request: Request,
    q: str | None = Query(None, max_length=200, pattern=NO_NUL),
    offset: int = Query(0, ge=0, le=1_000_000_000),
    erased: str | None = None,
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    found = customers.search_customers(ws, q, 50, offset)
    return render(
        request,
        "pages/customers.html",
        session=session,
        title="Customers",
        q=q or "",
        found=found,
        erased=erased,
        duplicates=merges.suggested_merges(ws) if not q and not offset else (),
        merged=request.query_params.get("merged"),
    )


@router.post("/customers/merge")
def merge(
    csrf_token: Annotated[str, Form()] = "",
    keep: Annotated[str, Form(max_length=200)] = "",
    merge: Annotated[str, Form(max_length=4000)] = "",
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    """The owner merges a suggested group of customers into the one kept."""
    check_csrf(session, csrf_token)
    require_role(session, "owner")
    result = merges.merge_customers(ws, keep, merge.split())
    return RedirectResponse(f"/customers?merged={len(result.merged)}", status_code=303)


@cached
def profile_context(ws: Workspace, customer_id: str) -> dict:
    view = customers.customer_view(ws, customer_id)
    return {
        "profile": view,
        "customer_id": customer_id,
        "predictions": view["predictions"],
        "segment": view["segment"],
    }


def _access_request(ws: Workspace, session: Session, customer_id: str) -> dict:
    """Everything held about the customer (analyst and up), its reading in the audit log."""
    require_role(session, "analyst")
    document = customers.export_customer(ws, customer_id)
    audit.viewed_customer(ws, session.user.username, customer_id, "access-request export")
    return document


@router.get("/customers/{customer_id:path}/export.json")
def export_download(
    customer_id: str = CustomerId,
    *,
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    document = _access_request(ws, session, customer_id)
    safe_id = re.sub(r"[^A-Za-z0-9._-]", "_", customer_id)
    return Response(
        json.dumps(document, indent=2),
        media_type="application/json",
        headers={"Content-Disposition": f'attachment; filename="customer-{safe_id}.json"'},
    )


@router.get("/customers/{customer_id:path}/export.html")
def export_page(
    customer_id: str = CustomerId,
    *,
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    """The access request as a readable page (the same document as the JSON, for the customer)."""
    from regulars.services.access_page import access_page

    return HTMLResponse(access_page(_access_request(ws, session, customer_id)))


@router.get("/customers/{customer_id:path}")
async def profile_page(
    customer_id: str = CustomerId,
    *,
    request: Request,
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    await anyio.to_thread.run_sync(audit.viewed_customer, ws, session.user.username, customer_id)
    return await kept_page(
        request,
        ws,
        session,
        "pages/customer.html",
        profile_context,
        customer_id,
        title=f"Customer {customer_id}",
    )


@router.post("/customers/{customer_id:path}/erase")
def erase(
    customer_id: str = CustomerId,
    *,
    csrf_token: Annotated[str, Form()] = "",
    confirm: Annotated[str, Form()] = "",
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    check_csrf(session, csrf_token)
    require_role(session, "owner")
    if confirm != customer_id:
        return RedirectResponse(
            f"/customers/{quote(customer_id, safe='')}?confirm=mismatch", status_code=303
        )
    customers.erase_customer(ws, customer_id)
    return RedirectResponse("/customers?erased=1", status_code=303)
