"""The signed-in account."""

from __future__ import annotations

from fastapi import APIRouter, Depends

from regulars.http.auth import current_user
from regulars.services.accounts import User

router = APIRouter(prefix="/api/v1", tags=["account"])


@router.get("/me", summary="Who is signed in, and their role")
def me(user: User = Depends(current_user)) -> dict:
    return {"username": user.username, "role": user.role}
