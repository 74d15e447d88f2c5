"""Workspaces for concurrent requests: a few connections to the same database, each used by one
request at a time (DuckDB: cursors on one database file; PostgreSQL: separate connections)."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from regulars.services.workspace import Workspace
from regulars.settings import Settings


class WorkspacePool:
    def __init__(self, settings: Settings, size: int = 4):
        self.settings = settings
        self.size = size
        self._root = Workspace(settings)
        self._root.init()
        self._idle: queue.LifoQueue[Workspace] = queue.LifoQueue()
        self._created = 0
        self._lock = threading.Lock()

    @contextmanager
    def workspace(self) -> Iterator[Workspace]:
        ws = self.take()
        try:
            yield ws
        finally:
            self.give_back(ws)

    def take_idle(self) -> Workspace | None:
        """An idle connection, or None: never waits (safe on the event loop)."""
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            return None

    def give_back(self, ws: Workspace) -> None:
        self._idle.put(ws)

    def take(self) -> Workspace:
        """An idle connection, a new one while under ``size``, or the next one given back (may wait)."""
        idle = self.take_idle()
        if idle is not None:
            return idle
        with self._lock:
            if self._created < self.size:
                self._created += 1
                return self._root.sibling()
        return self._idle.get(timeout=30)

    @property
    def root(self) -> Workspace:
        """The pool's own workspace (start-up work: migrations, the first owner)."""
        return self._root

    def close(self) -> None:
        with self._lock:
            while not self._idle.empty():
                self._idle.get_nowait().close()
            self._created = 0  # the closed ones no longer count against the size
        self._root.close()
