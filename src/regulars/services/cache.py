"""Results that stay valid until the data changes: the dashboard and the API read them many times.

``@cached`` keys a service function's result on its arguments and the workspace's data version (the
import and erasure logs, and the saved models), so an import, an erasure or a refitted model is seen
at once. Cached results are shared: callers must not change them.

A server request that only reads can ``pin`` its workspace: the data version is then read once for
the request, not once per cached call.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from regulars.services.workspace import Workspace
from regulars.store.connection import data_version

T = TypeVar("T")
_SIZE = 8192  # results, not bytes: most are one customer's profile or a page of a list
_entries: OrderedDict[tuple, object] = OrderedDict()
_lock = threading.Lock()
_UNPINNED = object()
_pins: dict[int, tuple | None] = {}  # id(workspace) -> its version, inside a pinned block


def _models_stamp(ws: Workspace) -> tuple:
    folder = ws.path / "models"
    if not folder.is_dir():
        return ()
    return tuple(sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir()))


def _read_version(ws: Workspace) -> tuple:
    return (ws.settings.database_url, data_version(ws.store), _models_stamp(ws))


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


def cached(fn: Callable[..., T]) -> Callable[..., T]:
    @functools.wraps(fn)
    def wrapper(ws: Workspace, *args, **kwargs) -> T:
        key = (fn.__module__, fn.__qualname__, version(ws), args, tuple(sorted(kwargs.items())))
        with _lock:
            if key in _entries:
                _entries.move_to_end(key)
                return _entries[key]  # type: ignore[return-value]
        result = fn(ws, *args, **kwargs)
        with _lock:
            _entries[key] = result
            while len(_entries) > _SIZE:
                _entries.popitem(last=False)
        return result

    wrapper.uncached = fn  # type: ignore[attr-defined]
    return wrapper


def clear() -> None:
    with _lock:
        _entries.clear()
