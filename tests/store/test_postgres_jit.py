"""PostgreSQL's JIT compilation is off on Regulars' connections (issue 16): on the KPI query
(a few dozen CASE-heavy aggregates over the orders) compiling with LLVM took 36 s of a 38 s
answer; without it the query took 2 s. Our queries are many and short, so compiling never pays."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.postgres


def test_jit_is_off_on_every_connection(postgres_server_url, tmp_path):
    import uuid

    import psycopg

    from regulars.services.workspace import Workspace
    from regulars.settings import load_settings

    name = f"t_jit_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres_server_url, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
        assert con.execute("SHOW jit").fetchone()[0] == "on"  # the server's own default
    url = f"{postgres_server_url.rsplit('/', 1)[0]}/{name}"
    try:
        ws = Workspace(load_settings(tmp_path / "ws", url))
        try:
            ws.init()
            assert ws.store.execute("SHOW jit") == [("off",)]
        finally:
            ws.close()
    finally:
        with psycopg.connect(postgres_server_url, autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
