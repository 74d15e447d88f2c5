"""Sign in and out."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from regulars.errors import AuthError, ThrottledError
from regulars.http.auth import SESSION_COOKIE, get_workspace
from regulars.http.security import secure_cookie
from regulars.services import accounts
from regulars.services.workspace import Workspace
from regulars.web.session import check_csrf
from regulars.web.templating import render

router = APIRouter()
LOGIN_CSRF_COOKIE = "regulars_login_csrf"


def _safe_next(next_path: str | None) -> str:
    return (
        next_path
        if next_path and next_path.startswith("/") and not next_path.startswith("//")
        else "/"
    )


def _login_form(request: Request, next_path: str, error: str | None = None, status_code: int = 200):
    token = secrets.token_urlsafe(24)
    response = render(
        request,
        "pages/login.html",
        status_code=status_code,
        title="Sign in",
        next=_safe_next(next_path),
        error=error,
        login_csrf=token,
    )
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=secure_cookie(request),
        max_age=3600,
    )
    return response


@router.get("/login")
def login_page(request: Request, next: str = "/"):
    return _login_form(request, next)


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "/",
    ws: Workspace = Depends(get_workspace),
):
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not expected or not hmac.compare_digest(expected, csrf_token):
        return _login_form(request, next, "The form expired; please sign in again.", 400)
    client = request.client.host if request.client else None
    try:
        session = accounts.log_in(ws, username, password, client)
    except ThrottledError as exc:
        response = _login_form(request, next, str(exc), 429)
        response.headers["Retry-After"] = str(exc.retry_after)
        return response
    except AuthError:
        return _login_form(request, next, "Wrong username or password.", 401)
    response = RedirectResponse(_safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        session.token,
        httponly=True,
        samesite="lax",
        secure=secure_cookie(request),
        max_age=int(accounts.SESSION_LIFETIME.total_seconds()),
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE)
    return response


@router.post("/logout")
def logout(
    request: Request,
    csrf_token: Annotated[str, Form()] = "",
    ws: Workspace = Depends(get_workspace),
):
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        try:
            check_csrf(accounts.session(ws, token), csrf_token)
            accounts.log_out(ws, token)
        except AuthError:
            pass
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response
