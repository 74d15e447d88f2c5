"""The one least-recently-used store of Regulars: cached results (``services.cache``), kept pages,
compiled lookups (``store.prepared``), drawn charts and remembered sign-ins all keep their values
here.

It sits below every layer (like ``errors``) so that the store and the adapters can use it too.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable

MISSING = object()  # ``get``'s answer when the key is not kept


class Recent:
    """At most ``size`` values by key, the least recently used dropped first; safe across
    threads."""

    def __init__(self, size: int):
        self.size = size
        self._values: OrderedDict[object, object] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key) -> object:
        """The value, or ``MISSING``."""
        with self._lock:
            if key in self._values:
                self._values.move_to_end(key)
                return self._values[key]
        return MISSING

    def put(self, key, value: object) -> None:
        with self._lock:
            self._values[key] = value
            while len(self._values) > self.size:
                self._values.popitem(last=False)

    def keys(self) -> list:
        with self._lock:
            return list(self._values)

    def forget(self, which: Callable[[object], bool]) -> int:
        """Drop the values whose key ``which`` accepts; how many."""
        with self._lock:
            keys = [k for k in self._values if which(k)]
            for key in keys:
                del self._values[key]
        return len(keys)

    def clear(self) -> None:
        with self._lock:
            self._values.clear()

    def __len__(self) -> int:
        with self._lock:
            return len(self._values)
