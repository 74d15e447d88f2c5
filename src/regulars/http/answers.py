"""Answers from cached results (``regulars.services.cache``) without leaving the event loop.

A read the server has answered before, while the data is unchanged, is sent from the cache as the
JSON bytes kept with the result: no worker thread, no encoding. ``json_answer`` encodes any other
result the same way. Only the first read (or the first
after an import, an erasure or a refit) runs the service function, on a worker thread.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import anyio
import pydantic_core
from fastapi.responses import Response

from regulars.results import plain
from regulars.services import cache
from regulars.services.workspace import Workspace


def json_answer(result, status_code: int = 200) -> Response:
    """A service's result (a frozen dataclass, or a dict) as JSON, encoded as a cached result is
    (``regulars.results.plain``; NaN and infinities as null). A route returning this declares the
    dataclass as its ``response_model`` for the OpenAPI document: FastAPI sends the bytes as they
    are."""
    body = pydantic_core.to_json(plain(result), inf_nan_mode="null")
    return Response(body, status_code=status_code, media_type="application/json")


async def cached_json(fn: Callable, ws: Workspace, *args) -> Response:
    """``fn(ws, *args)`` (a ``@cached`` service function) as a JSON response."""
    body = cache.peek_json(fn, ws, *args)
    if body is None:
        body = await anyio.to_thread.run_sync(functools.partial(cache.json_of, fn, ws, *args))
    return Response(body, media_type="application/json")


async def cached_result(fn: Callable, ws: Workspace, *args):
    """``fn(ws, *args)`` (a ``@cached`` service function): from the cache on the event loop, else
    computed on a worker thread."""
    found = fn.peek(ws, *args)
    if found is cache.MISSING:
        found = await anyio.to_thread.run_sync(functools.partial(fn, ws, *args))
    return found
