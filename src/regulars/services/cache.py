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

import dataclasses
import functools
import sys
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


MAX_BYTES = 256 * 2**20  # what cached results may hold, about: the server's memory stays flat


def size_of(value: object, depth: int = 0) -> int:
    """About how many bytes ``value`` holds: Arrow and NumPy say so; containers and dataclasses are
    walked a few levels deep (long ones by a sample of their first items)."""
    if isinstance(value, (bytes, bytearray, str)):
        return len(value) + 49
    nbytes = getattr(value, "nbytes", None)
    if isinstance(nbytes, int):
        return nbytes
    size = sys.getsizeof(value, 64)
    if depth >= 5:
        return size
    if isinstance(value, dict):
        items = [*value.keys(), *value.values()]
    elif isinstance(value, (list, tuple, set, frozenset)):
        items = list(value)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        items = [getattr(value, f.name, None) for f in dataclasses.fields(value)]
    else:
        return size
    sample = items[:200]
    walked = sum(size_of(v, depth + 1) for v in sample)
    return size + (walked * len(items) // len(sample) if sample else 0)


class Results(Recent):
    """``Recent`` bounded by bytes too, keeping one data version per database: a result of a newer
    version drops every result of the older ones (an import frees what it made stale)."""

    def __init__(self, size: int, max_bytes: int):
        super().__init__(size)
        self.max_bytes, self.bytes = max_bytes, 0
        self._sizes: dict[object, int] = {}
        self._latest: dict[object, object] = {}  # database url -> the version last stored

    def put(self, key, value: object) -> None:
        weight = size_of(value)
        with self._lock:
            self._keep_version(key[2])
            self.bytes += weight - self._sizes.get(key, 0)
            self._values[key], self._sizes[key] = value, weight
            self._values.move_to_end(key)
            while self._values and (len(self._values) > self.size or self.bytes > self.max_bytes):
                self._drop(next(iter(self._values)))

    def _keep_version(self, version: tuple) -> None:
        url = version[0]
        if self._latest.get(url, version) != version:
            for key in [k for k in self._values if k[2][0] == url and k[2] != version]:
                self._drop(key)
        self._latest[url] = version

    def _drop(self, key) -> None:
        del self._values[key]
        self.bytes -= self._sizes.pop(key, 0)

    def forget(self, which) -> int:
        with self._lock:
            keys = [k for k in self._values if which(k)]
            for key in keys:
                self._drop(key)
        return len(keys)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()
            self._sizes.clear()
            self.bytes = 0


_entries = Results(8192, MAX_BYTES)  # most are one customer's profile or a page of a list
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
