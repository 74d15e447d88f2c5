"""Customers: search, profile, export (everything held), erase."""

from __future__ import annotations

import anyio
from fastapi import APIRouter, Depends, Query, Response
from pydantic import BaseModel, Field

from regulars.api import documents
from regulars.http.answers import cached_json, json_answer
from regulars.http.auth import analyst, get_workspace, owner, viewer
from regulars.http.parameters import NO_NUL, CustomerId
from regulars.services import audit, customers, merges, why
from regulars.services.accounts import User
from regulars.services.workspace import Workspace

router = APIRouter(prefix="/api/v1/customers", tags=["customers"])


@router.get(
    "", summary="Search customers by id, email or name", response_model=customers.CustomerPage
)
async def search(
    q: str | None = Query(None, max_length=200, pattern=NO_NUL),
    limit: int = Query(25, ge=1, le=500),
    offset: int = Query(0, ge=0, le=1_000_000_000),
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return await cached_json(customers.search_customers, ws, q, limit, offset)


@router.get(
    "/duplicates",
    summary="Customers that look like one person (same email or phone under several ids)",
    response_model=list[merges.MergeSuggestion],
)
async def duplicates(
    ws: Workspace = Depends(get_workspace), user: User = Depends(analyst)
) -> Response:
    return await cached_json(merges.suggested_merges, ws)


class MergeRequest(BaseModel):
    keep: str = Field(max_length=200)
    merge: list[str] = Field(min_length=1, max_length=100)


@router.post(
    "/merge",
    summary="Merge customers into one kept id: history follows (owner only)",
    response_model=merges.CustomerMerge,
)
def merge(
    body: MergeRequest, ws: Workspace = Depends(get_workspace), user: User = Depends(owner)
) -> Response:
    return json_answer(merges.merge_customers(ws, body.keep, body.merge))


@router.get(
    "/{customer_id:path}/export",
    summary="Everything held about a customer (data-subject access request)",
    response_model=documents.CustomerExport,
)
def export(
    customer_id: str = CustomerId,
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(analyst),
) -> Response:
    document = customers.export_customer(ws, customer_id)
    audit.viewed_customer(ws, user.username, customer_id, "access-request export")
    return json_answer(document)


@router.get(
    "/{customer_id:path}/why",
    summary="Why a customer sees the shop's messages, in plain words to show them",
    response_model=why.WhyAnswer,
)
def why_seeing(
    customer_id: str = CustomerId,
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    return json_answer(why.why(ws, customer_id))


@router.get(
    "/{customer_id:path}",
    summary="A customer's profile: details, orders, consents, feedback, predictions, segment",
    response_model=documents.CustomerProfile,
)
async def profile(
    customer_id: str = CustomerId,
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(viewer),
) -> Response:
    await anyio.to_thread.run_sync(audit.viewed_customer, ws, user.username, customer_id)
    return await cached_json(customers.customer_view, ws, customer_id)


@router.delete(
    "/{customer_id:path}",
    summary="Erase a customer everywhere (owner only)",
    response_model=customers.Erasure,
)
def erase(
    customer_id: str = CustomerId,
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(owner),
) -> Response:
    return json_answer(customers.erase_customer(ws, customer_id))
