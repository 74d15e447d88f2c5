"""PostgreSQL's JIT compilation is off on Regulars' connections: issue 16's review reported the
KPI query taking 36 s with JIT and 2 s without. Our queries are many and short, so compiling them
never pays."""

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
