"""Who is asking: an API key (``Authorization: Bearer`` or ``X-API-Key``) or a dashboard session
cookie; and what their role allows."""

from __future__ import annotations

import hmac
from collections.abc import AsyncIterator

import anyio
from fastapi import Depends, Request

from regulars.errors import AuthError, ForbiddenError
from regulars.services import accounts, cache
from regulars.services.accounts import User
from regulars.services.workspace import Workspace

SESSION_COOKIE = "regulars_session"


async def get_workspace(request: Request) -> AsyncIterator[Workspace]:
    """A pooled connection for this request, taken and given back on the event loop (see
    ``pool``)."""
    pool = request.app.state.pool
    ws = await pool.take()
    request.state.workspace = ws  # the nav counts (web.templating) and the caller's key use it
    try:
        if request.method in (
            "GET",
            "HEAD",
        ):  # reads only: one data-version check for the whole request
            with cache.pinned(ws):
                if not cache.version_is_local(ws):  # PostgreSQL: a query, read on a worker thread
                    await anyio.to_thread.run_sync(cache.version, ws)
                yield ws
        else:
            yield ws
    finally:
        request.state.workspace = None
        pool.give_back(ws)


def _api_key(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.headers.get("x-api-key")


async def current_user(request: Request) -> User:
    """Async: a key or session checked in the last few seconds is answered from memory on the event
    loop, without a pooled connection (``/me`` never waits behind heavy pages); only a lookup in
    the accounts tables takes one, on a worker thread."""
    known = request.app.state.pool.root  # open since start-up: its URL keys what is remembered
    key = _api_key(request)
    if key:
        return accounts.remembered_api_key_user(known, key) or await _look_up(
            request, accounts.user_for_api_key, key
        )
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        session = accounts.remembered_session(known, token) or await _look_up(
            request, accounts.session, token
        )
        request.state.session = session
        unsafe = request.method not in ("GET", "HEAD", "OPTIONS")
        if (
            unsafe
            and request.url.path.startswith("/api/")
            and not hmac.compare_digest(
                request.headers.get("x-csrf-token", "").encode(), session.csrf_token.encode()
            )
        ):
            raise ForbiddenError(
                "a signed-in browser must send the X-CSRF-Token header with changes"
            )
        return session.user
    raise AuthError("sign in, or send an API key as 'Authorization: Bearer KEY'")


async def _look_up(request: Request, look_up, secret: str):
    """``look_up(ws, secret)`` on the request's pooled connection, or where it has none (``/me``)
    on one held for the lookup only: a request never holds two (four requests each waiting for a
    second connection would exhaust a pool of four)."""
    taken = getattr(request.state, "workspace", None)
    if taken is not None:
        return await anyio.to_thread.run_sync(look_up, taken, secret)
    pool = request.app.state.pool
    ws = await pool.take()
    try:
        return await anyio.to_thread.run_sync(look_up, ws, secret)
    finally:
        pool.give_back(ws)


def require(role: str):
    """Dependency: the current user, who must have at least ``role``."""

    async def check(user: User = Depends(current_user)) -> User:  # no I/O: stays on the event loop
        if not user.can(role):
            raise ForbiddenError(f"this needs the {role} role; {user.username} is {user.role}")
        return user

    return check


viewer = require("viewer")
analyst = require("analyst")
owner = require("owner")
