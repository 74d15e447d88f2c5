"""The checks an upload (a multipart body) passes before any of its body is read: credentials
that sign in (a present but wrong key or an ended session is refused unread), an announced size
under the limit, and, for a body without Content-Length (chunked), a count of what arrives that
stops it one piece past the limit (413)."""

from __future__ import annotations

from starlette.exceptions import HTTPException
from starlette.requests import Request

from regulars.errors import RegularsError

#: Room for the multipart framing and the other fields around the file.
FORM_OVERHEAD = 1 << 20


def is_upload(headers: dict[bytes, bytes]) -> bool:
    return headers.get(b"content-type", b"").lower().startswith(b"multipart/form-data")


def upload_limit(scope) -> int:
    """The largest upload body in bytes: the settings' ``upload_limit_mib`` plus the framing."""
    app = scope.get("app")
    mib = app.state.pool.settings.upload_limit_mib if app is not None else 512
    return (mib << 20) + FORM_OVERHEAD


def too_large(scope) -> tuple[int, str, str]:
    mib = upload_limit(scope) - FORM_OVERHEAD >> 20
    return 413, "Upload too large", f"larger than {mib} MiB; import it with the CLI"


async def refusal(scope, headers: dict[bytes, bytes]) -> tuple[int, str, str] | None:
    """(status, title, detail) when the upload is refused before its body, else None."""
    from regulars.http.auth import current_user  # the auth module imports FastAPI's routing

    signed = (
        headers.get(b"authorization")
        or headers.get(b"x-api-key")
        or b"regulars_session=" in headers.get(b"cookie", b"")
    )
    if not signed:
        return 401, "Not signed in", "sign in, or send an API key, before uploading a file"
    try:
        length = int(headers.get(b"content-length", b"0"))
    except ValueError:
        return 400, "Bad request", "Content-Length is not a number"
    if length > upload_limit(scope):
        return too_large(scope)
    try:
        await current_user(Request(scope))  # remembered afterwards: the route's check is free
    except RegularsError as exc:
        from regulars.http.problems import status_of

        status, title = status_of(exc)
        return status, title, getattr(exc, "message", str(exc))
    return None


def capped(scope, receive):
    """``receive`` counting the body: past the limit it raises a 413 the app answers as a
    problem (FastAPI passes an HTTPException raised while it reads the form through)."""
    limit, seen = upload_limit(scope), 0

    async def counted():
        nonlocal seen
        message = await receive()
        seen += len(message.get("body", b""))
        if seen > limit:
            raise HTTPException(413, too_large(scope)[2])
        return message

    return counted
