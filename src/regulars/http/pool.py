"""Workspaces for concurrent requests: a few connections to the same database, each used by one
request at a time (DuckDB: cursors on one database file; PostgreSQL: separate connections).

The pool lives on the server's event loop: a request takes a connection there and gives it back
there,
so an idle connection costs no lock and no worker thread. A request that finds none idle while all
are in use waits on the loop (not in a thread) for the next one given back.
"""

from __future__ import annotations

import asyncio
import threading
from collections import deque

import anyio

from regulars.errors import PoolBusyError
from regulars.services.workspace import Workspace
from regulars.settings import Settings

WAIT_SECONDS = 30.0
#: A DuckDB file is let go after this long without requests, so that CLI commands run while the
#: server does (DuckDB allows one process at a time); the next request opens it again.
RELEASE_IDLE_SECONDS = 0.5


class WorkspacePool:
    def __init__(self, settings: Settings, size: int = 4):
        self.settings = settings
        self.size = size
        self._root = Workspace(settings)
        self._root.init()
        self._idle: list[Workspace] = []
        self._waiting: deque[asyncio.Future] = deque()
        self._created = 0
        self._release: asyncio.TimerHandle | None = None
        self._opening = threading.Lock()
        if settings.is_embedded:
            self._root.close()  # opened again by the first request

    async def take(self) -> Workspace:
        """A workspace for one request, with the currency its settings file names now (changed
        by ``regulars currency set`` while the server runs: no restart)."""
        from regulars.services.shop_currency import refresh_currency

        return refresh_currency(await self._take())

    async def _take(self) -> Workspace:
        """An idle connection, a new one while under ``size`` (opened on a worker thread), or the
        next
        one given back."""
        if self._release is not None:
            self._release.cancel()
            self._release = None
        if self._idle:
            return self._idle.pop()
        if self._created < self.size:
            self._created += 1
            try:
                return await anyio.to_thread.run_sync(self._sibling)
            except BaseException:
                self._created -= 1
                raise
        loop = asyncio.get_running_loop()
        turn = loop.create_future()
        self._waiting.append(turn)
        timer = loop.call_later(WAIT_SECONDS, self._time_out, turn)
        try:
            return await turn
        except asyncio.CancelledError:
            if turn.done() and not turn.cancelled() and turn.exception() is None:
                self.give_back(turn.result())  # handed over just as this request was cancelled
            raise
        finally:
            timer.cancel()

    def _sibling(self) -> Workspace:
        with self._opening:  # the first requests after a release open the file once
            return self._root.sibling()

    @staticmethod
    def _time_out(turn: asyncio.Future) -> None:
        if not turn.done():
            turn.set_exception(
                PoolBusyError(
                    f"every database connection stayed busy for {WAIT_SECONDS:.0f} s; try again"
                )
            )

    def give_back(self, ws: Workspace) -> None:
        while self._waiting:
            turn = self._waiting.popleft()
            if not turn.done():
                turn.set_result(ws)
                return
        self._idle.append(ws)
        if self.settings.is_embedded and self.in_use == 0:
            try:
                loop = asyncio.get_running_loop()
            except RuntimeError:
                return
            if self._release is None:
                self._release = loop.call_later(RELEASE_IDLE_SECONDS, self._let_go)

    def _let_go(self) -> None:
        """Close every connection while none is in use (the DuckDB file is free for others)."""
        self._release = None
        if self.in_use == 0 and not self._waiting:
            self.close()

    @property
    def in_use(self) -> int:
        """Connections taken and not given back."""
        return self._created - len(self._idle)

    @property
    def root(self) -> Workspace:
        """The pool's own workspace (start-up work: migrations, the first owner)."""
        return self._root

    def close(self) -> None:
        while self._idle:
            self._idle.pop().close()
        self._created = 0  # the closed ones no longer count against the size
        self._root.close()
