"""Answers from cached results (``regulars.services.cache``) without leaving the event loop.

A read the server has answered before, while the data is unchanged, is sent from the cache as the
JSON bytes kept with the result: no worker thread, no encoding. Only the first read (or the first
after an import, an erasure or a refit) runs the service function, on a worker thread.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import anyio
from fastapi.responses import Response

from regulars.services import cache
from regulars.services.workspace import Workspace


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
