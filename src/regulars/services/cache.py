"""Results that stay valid until the data changes: the dashboard and the API read them many times.

``@cached`` keys a service function's result on its arguments and the workspace's data version (the
import and erasure logs, and the saved models), so an import, an erasure or a refitted model is seen
at once. Cached results are shared: callers must not change them.
"""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

from regulars.services.workspace import Workspace
from regulars.store.connection import data_version

T = TypeVar("T")
_SIZE = 512
_entries: OrderedDict[tuple, object] = OrderedDict()
_lock = threading.Lock()


def _models_stamp(ws: Workspace) -> tuple:
    folder = ws.path / "models"
    if not folder.is_dir():
        return ()
    return tuple(sorted((p.name, p.stat().st_mtime_ns) for p in folder.iterdir()))


def version(ws: Workspace) -> tuple:
    return (ws.settings.database_url, data_version(ws.store), _models_stamp(ws))


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
