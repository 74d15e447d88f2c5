"""Errors as JSON problem details (RFC 9457) with a stable shape:
``{"type", "title", "status", "detail"}`` plus ``problems`` (file, line, column, value, reason)
for rejected input.

Errors on addresses outside ``/api/`` are shown by the page renderer the app factory passes to
``install`` (the dashboard's error page), when it passes one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from regulars.errors import (
    AuthError,
    ConfigError,
    ForbiddenError,
    InputError,
    NotFoundError,
    RegularsError,
    StoreError,
    ThrottledError,
    disk_full,
)

STATUS: dict[type, tuple[int, str]] = {
    InputError: (422, "Invalid input"),
    NotFoundError: (404, "Not found"),
    AuthError: (401, "Not signed in"),
    ForbiddenError: (403, "Not allowed"),
    ThrottledError: (429, "Too many attempts"),
    StoreError: (503, "Database unavailable"),
    ConfigError: (500, "Configuration problem"),
}


def problem(status: int, title: str, detail: str, **extra) -> JSONResponse:
    slug = title.lower().replace(" ", "-")
    body = {
        "type": f"https://regulars.invalid/problems/{slug}",
        "title": title,
        "status": status,
        "detail": detail,
        **extra,
    }
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else {}
    return JSONResponse(
        body, status_code=status, media_type="application/problem+json", headers=headers
    )


def status_of(exc: RegularsError) -> tuple[int, str]:
    return next((v for kind, v in STATUS.items() if isinstance(exc, kind)), (500, "Regulars error"))


def regulars_error_response(exc: RegularsError) -> JSONResponse:
    status, title = status_of(exc)
    extra = {}
    if isinstance(exc, InputError):
        extra = {"problems": [p.to_dict() for p in exc.problems], "total_problems": exc.total}
    response = problem(status, title, getattr(exc, "message", str(exc)), **extra)
    if isinstance(exc, ThrottledError):
        response.headers["Retry-After"] = str(exc.retry_after)
    return response


#: Renders an error as a page: (request, status, title, detail) -> response.
PageRenderer = Callable[[Request, int, str, str], Awaitable[Response]]


def install(app: FastAPI, error_page: PageRenderer | None = None) -> None:
    def as_page(request: Request) -> bool:
        path = request.url.path
        return error_page is not None and not path.startswith(("/api/", "/static/", "/assets/"))

    @app.exception_handler(RegularsError)
    async def _regulars(request: Request, exc: RegularsError):
        if as_page(request):
            status, title = status_of(exc)
            return await error_page(request, status, title, getattr(exc, "message", str(exc)))
        return regulars_error_response(exc)

    @app.exception_handler(OSError)
    async def _disk(request: Request, exc: OSError):
        full = disk_full(exc)
        if full is None:
            raise exc
        return await _regulars(request, full)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError):
        problems = [
            {
                "file": None,
                "line": None,
                "column": ".".join(str(x) for x in e["loc"]),
                "value": None,
                "reason": e["msg"],
            }
            for e in exc.errors()
        ]
        if as_page(request):
            detail = "; ".join(f"{p['column'].split('.')[-1]}: {p['reason']}" for p in problems)
            return await error_page(request, 422, "Invalid input", detail)
        return problem(
            422,
            "Invalid input",
            "the request is not valid",
            problems=problems,
            total_problems=len(problems),
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException):
        if as_page(request) and exc.status_code >= 400:
            missing = exc.status_code == 404
            title = "Not found" if missing else str(exc.detail)
            detail = f"no page at {request.url.path}" if missing else str(exc.detail)
            return await error_page(request, exc.status_code, title, detail)
        return problem(
            exc.status_code,
            str(exc.detail) if exc.status_code != 404 else "Not found",
            str(exc.detail),
        )
