"""Your account: change your password (every session of yours ends, this one too), make an API
key (shown once) and revoke one. The same service calls as ``/api/v1/me/password``,
``/api/v1/me/keys/revoke``, ``regulars user key`` and ``regulars user revoke-key``."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse

from regulars.errors import AuthError, InputError, NotFoundError
from regulars.http.auth import SESSION_COOKIE, get_workspace
from regulars.services import accounts
from regulars.services.accounts import Session
from regulars.services.workspace import Workspace
from regulars.web.session import check_csrf, page_session
from regulars.web.templating import render

router = APIRouter()


def _page(request: Request, session: Session, status_code: int = 200, **shown):
    return render(
        request,
        "pages/account.html",
        status_code=status_code,
        session=session,
        title="Your account",
        **shown,
    )


@router.get("/account")
def account_page(request: Request, session: Session = Depends(page_session)):
    return _page(request, session)


@router.post("/account/password")
def change_password(
    request: Request,
    current_password: Annotated[str, Form()] = "",
    new_password: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    check_csrf(session, csrf_token)
    try:
        accounts.change_password(ws, session.user.username, current_password, new_password)
    except AuthError:
        return _page(request, session, 401, password_error="The current password is wrong.")
    except InputError as exc:
        return _page(request, session, 422, password_error=exc.message)
    response = RedirectResponse("/login?next=/account", status_code=303)  # sessions ended
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.post("/account/keys")
def make_key(
    request: Request,
    label: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    check_csrf(session, csrf_token)
    key = accounts.new_api_key(ws, session.user.username, label.strip() or "dashboard")
    return _page(request, session, 201, new_key=key)


@router.post("/account/keys/revoke")
def revoke_key(
    request: Request,
    api_key: Annotated[str, Form()] = "",
    csrf_token: Annotated[str, Form()] = "",
    ws: Workspace = Depends(get_workspace),
    session: Session = Depends(page_session),
):
    check_csrf(session, csrf_token)
    user = session.user
    try:
        accounts.revoke_api_key(ws, api_key.strip(), None if user.can("owner") else user.username)
    except NotFoundError:
        return _page(request, session, 404, revoke_error="No such API key of yours.")
    return _page(request, session, revoked=True)
