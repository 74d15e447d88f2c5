"""Results that stay valid until the data changes: the dashboard and the API read them many times.

``@cached`` keys a service function's result on its arguments and the workspace's data version
(which
every write transaction of the store moves: an import, an erasure, a target, an audience, a saved
model), so a change is seen at once. Cached results are shared: callers must not change them.

A server request that only reads can ``pin`` its workspace: the data version is then read once for
the request, not once per cached call. ``peek`` answers from the cache only (never computes), so a
server can answer a repeated read without handing it to a worker thread; ``json_of`` keeps a
result's
JSON encoding too, so a repeated API read is not encoded again. ``MISSING`` is peek's answer when
the
result is not cached; ``Recent`` (``regulars.recent``) is the least-recently-used store they live
in.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import pydantic_core

from regulars.recent import MISSING, Recent
from regulars.results import plain
from regulars.services.workspace import Workspace
from regulars.store.connection import data_version

T = TypeVar("T")


_entries = Recent(8192)  # results, not bytes: most are one customer's profile or a page of a list
_lock = threading.Lock()
_in_flight: dict[tuple, threading.Lock] = {}  # results being computed: later callers wait for them
_UNPINNED = object()
_pins: dict[int, tuple | None] = {}  # id(workspace) -> its version, inside a pinned block


def _read_version(ws: Workspace) -> tuple:
    return (ws.store.url, data_version(ws.store))


def version(ws: Workspace) -> tuple:
    """The key cached results are valid for; read once per pinned block."""
    with _lock:
        pinned = _pins.get(id(ws), _UNPINNED)
    if pinned is _UNPINNED:
        return _read_version(ws)
    if pinned is None:
        pinned = _read_version(ws)
        with _lock:
            _pins[id(ws)] = pinned
    return pinned


def version_is_local(ws: Workspace) -> bool:
    """Whether the data version is known in this process (DuckDB) rather than asked of the database
    (PostgreSQL, which other processes write): a server must not wait on a query on its event
    loop."""
    return ws.store.dialect == "duckdb"


@contextmanager
def pinned(ws: Workspace) -> Iterator[Workspace]:
    """Read the data version at most once inside this block (for a request that changes nothing)."""
    with _lock:
        _pins[id(ws)] = None
    try:
        yield ws
    finally:
        with _lock:
            _pins.pop(id(ws), None)


def _key(fn: Callable, ws: Workspace, args: tuple, kwargs: dict) -> tuple:
    return (fn.__module__, fn.__qualname__, version(ws), args, tuple(sorted(kwargs.items())))


def _computed(key: tuple, compute: Callable[[], object]) -> object:
    """The cached result for ``key``, else ``compute()``'s, cached. Callers asking for the same
    missing
    result at once wait for the first one's answer instead of each computing it."""
    result = _entries.get(key)
    if result is not MISSING:
        return result
    with _lock:
        flight = _in_flight.setdefault(key, threading.Lock())
    try:
        with flight:
            result = _entries.get(key)
            if result is MISSING:
                result = compute()
                _entries.put(key, result)
    finally:
        with _lock:
            if _in_flight.get(key) is flight:
                del _in_flight[key]
    return result


def cached(fn: Callable[..., T]) -> Callable[..., T]:
    @functools.wraps(fn)
    def wrapper(ws: Workspace, *args, **kwargs) -> T:
        key = _key(fn, ws, args, kwargs)
        return _computed(key, lambda: fn(ws, *args, **kwargs))  # type: ignore[return-value]

    def peek(ws: Workspace, *args, **kwargs) -> T | object:
        """The cached result for these arguments, or ``MISSING``: never computes, never queries."""
        return _entries.get(_key(fn, ws, args, kwargs))

    wrapper.uncached = fn  # type: ignore[attr-defined]
    wrapper.peek = peek  # type: ignore[attr-defined]
    return wrapper


def _json_key(fn: Callable, ws: Workspace, args: tuple, kwargs: dict) -> tuple:
    return (*_key(fn.__wrapped__, ws, args, kwargs), "json")  # type: ignore[attr-defined]


def json_of(fn: Callable, ws: Workspace, *args, **kwargs) -> bytes:
    """A ``@cached`` function's result encoded as JSON (``regulars.results.plain``; NaN and
    infinities
    as null), itself cached."""
    return _computed(
        _json_key(fn, ws, args, kwargs),  # type: ignore[return-value]
        lambda: pydantic_core.to_json(plain(fn(ws, *args, **kwargs)), inf_nan_mode="null"),
    )


def peek_json(fn: Callable, ws: Workspace, *args, **kwargs) -> bytes | None:
    """``json_of``'s answer if it is cached, else None (never computes)."""
    body = _entries.get(_json_key(fn, ws, args, kwargs))
    return None if body is MISSING else body  # type: ignore[return-value]


_also_cleared: list[Callable[[], None]] = []


def also_clear(forget: Callable[[], None]) -> None:
    """Register what else ``clear`` empties: a copy kept outside this cache (rendered pages)."""
    _also_cleared.append(forget)


def clear() -> None:
    """Drop every cached result and every registered copy (an erasure leaves none behind)."""
    _entries.clear()
    for forget in _also_cleared:
        forget()
