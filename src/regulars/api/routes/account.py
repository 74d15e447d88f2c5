"""The signed-in account."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Response

from regulars.http.answers import json_answer
from regulars.http.auth import current_user
from regulars.services.accounts import User

router = APIRouter(prefix="/api/v1", tags=["account"])


@router.get("/me", summary="Who is signed in, and their role", response_model=User)
def me(user: User = Depends(current_user)) -> Response:
    return json_answer(user)
