"""The server's connection pool: requests beyond its size wait on the event loop for a connection
given
back, a request cancelled while waiting loses no connection, and a wait that lasts too long is a
503."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from regulars.errors import PoolBusyError
from regulars.http import pool as pool_module
from regulars.http.pool import WorkspacePool
from regulars.http.problems import status_of
from regulars.settings import load_settings


@pytest.fixture
def pool(tmp_path):
    p = WorkspacePool(load_settings(tmp_path / "ws"), size=2)
    yield p
    p.close()


def run(main):
    """``asyncio.run(main())`` on a thread of its own: the browser tests' Playwright keeps an event
    loop running on this one, where asyncio.run refuses to start."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(lambda: asyncio.run(main())).result()


def test_requests_beyond_the_size_wait_for_a_connection_given_back(pool):
    async def request(n: int, held: list) -> int:
        ws = await pool.take()
        held.append(ws)
        await asyncio.sleep(0.01)
        pool.give_back(ws)
        return n

    async def main() -> tuple[list[int], list]:
        held: list = []
        done = await asyncio.gather(*(request(n, held) for n in range(8)))
        return done, held

    done, held = run(main)
    assert done == list(range(8))
    assert len({id(ws) for ws in held}) == 2  # never more connections than the size
    assert pool.in_use == 0


def test_a_request_cancelled_while_waiting_loses_no_connection(pool):
    async def main() -> None:
        a, b = await pool.take(), await pool.take()
        waiter = asyncio.create_task(pool.take())
        await asyncio.sleep(0)
        waiter.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiter
        pool.give_back(a)
        pool.give_back(b)
        assert pool.in_use == 0
        assert await pool.take() in (a, b)

    run(main)


def test_a_connection_handed_over_as_the_request_is_cancelled_goes_back(pool):
    async def main() -> None:
        a, b = await pool.take(), await pool.take()
        waiter = asyncio.create_task(pool.take())
        await asyncio.sleep(0)
        pool.give_back(a)  # handed to the waiter ...
        waiter.cancel()  # ... which is cancelled before it runs again
        with pytest.raises(asyncio.CancelledError):
            await waiter
        pool.give_back(b)
        assert pool.in_use == 0

    run(main)


def test_waiting_too_long_is_a_503(pool, monkeypatch):
    monkeypatch.setattr(pool_module, "WAIT_SECONDS", 0.05)

    async def main() -> None:
        await pool.take(), await pool.take()
        with pytest.raises(PoolBusyError) as raised:
            await pool.take()
        assert status_of(raised.value)[0] == 503

    run(main)
