"""Dashboard sign-in: the session cookie, CSRF tokens on every form, the signed-in user."""

from __future__ import annotations

import hmac
from urllib.parse import quote

import anyio
from fastapi import Depends, Request

from regulars.errors import AuthError, ForbiddenError, RegularsError
from regulars.http.auth import SESSION_COOKIE, get_workspace
from regulars.services import accounts
from regulars.services.accounts import Session
from regulars.services.workspace import Workspace


class LoginRequired(Exception):
    def __init__(self, next_path: str):
        self.next_path = quote(next_path, safe="/")


async def page_session(request: Request, ws: Workspace = Depends(get_workspace)) -> Session:
    """The signed-in session: from memory on the event loop when it was checked in the last few
    seconds, else looked up on a worker thread."""
    token = request.cookies.get(SESSION_COOKIE)
    if not token:
        raise LoginRequired(request.url.path)
    try:
        session = await _session(ws, token)
    except AuthError:
        raise LoginRequired(request.url.path) from None
    request.state.session = session
    return session


async def _session(ws: Workspace, token: str) -> Session:
    remembered = accounts.remembered_session(ws, token)
    return remembered or await anyio.to_thread.run_sync(accounts.session, ws, token)


async def signed_in(request: Request) -> Session | None:
    """The session of a page whose handler failed (or of an address no page answers), for the
    navigation of its error page; None when signed out or when it cannot be looked up."""
    found = getattr(request.state, "session", None)
    token = request.cookies.get(SESSION_COOKIE)
    if found is not None or not token:
        return found
    pool = request.app.state.pool
    try:
        ws = await pool.take()
    except RegularsError:
        return None
    try:
        return await _session(ws, token)
    except RegularsError:
        return None
    finally:
        pool.give_back(ws)


def check_csrf(session: Session, token: str | None) -> None:
    if not token or not hmac.compare_digest(token, session.csrf_token):
        raise ForbiddenError("the form has expired; reload the page and try again")


def require_role(session: Session, role: str) -> None:
    if not session.user.can(role):
        raise ForbiddenError(
            f"this needs the {role} role; {session.user.username} is {session.user.role}"
        )
