"""The signed-in account: who it is, its password, and ending one of its API keys."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response
from pydantic import BaseModel, Field

from regulars.http.answers import json_answer
from regulars.http.auth import current_user, get_workspace
from regulars.services import accounts
from regulars.services.accounts import User
from regulars.services.workspace import Workspace

router = APIRouter(prefix="/api/v1", tags=["account"])


class KeyToRevoke(BaseModel):
    api_key: str = Field(min_length=1, max_length=200)


class PasswordChange(BaseModel):
    current_password: str = Field(min_length=1, max_length=1000)
    new_password: str = Field(min_length=10, max_length=1000)


@router.get("/me", summary="Who is signed in, and their role", response_model=User)
def me(user: User = Depends(current_user)) -> Response:
    return json_answer(user)


@router.post(
    "/me/keys/revoke",
    summary="End one API key: your own (an owner: anyone's); your other keys keep working",
)
def revoke_key(
    body: KeyToRevoke, ws: Workspace = Depends(get_workspace), user: User = Depends(current_user)
) -> Response:
    accounts.revoke_api_key(ws, body.api_key, None if user.can("owner") else user.username)
    return json_answer({"revoked": True})


@router.post("/me/password", summary="Change your password; every session of yours ends")
def change_password(
    body: PasswordChange,
    ws: Workspace = Depends(get_workspace),
    user: User = Depends(current_user),
) -> Response:
    accounts.change_password(ws, user.username, body.current_password, body.new_password)
    return json_answer({"changed": True})
