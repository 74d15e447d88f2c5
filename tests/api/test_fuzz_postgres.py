"""The schemathesis property of ``test_fuzz`` on PostgreSQL: every API operation, signed in as the
owner, valid and invalid inputs, never answers 5xx (issue 16: "schemathesis over the whole API with
an owner key finds no 500", on both backends).

The demo shop is imported into a fresh database on the test server once for the module; 10
derandomized examples per operation keep it bounded.
"""

from __future__ import annotations

import time
import uuid
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from regulars.app import create_app
from regulars.settings import load_settings

from .conftest import build_demo_workspace
from .test_api import API_ROUTES
from .test_fuzz import problem_details_for_errors, without_lifespan

pytestmark = [pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture(scope="module")
def pg_fuzz_app(postgres_server_url, tmp_path_factory):
    import psycopg

    name = f"t_fuzz_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(postgres_server_url, autocommit=True) as con:
        con.execute(f'CREATE DATABASE "{name}"')
    url = f"{postgres_server_url.rsplit('/', 1)[0]}/{name}"
    path = tmp_path_factory.mktemp("fuzz-pg") / "ws"
    try:
        users = build_demo_workspace(path, customers=120, database=url)
        app = create_app(load_settings(path, url))
        app.state.owner_key = users["owner"].api_key
        yield app
        app.state.pool.close()
    finally:
        with psycopg.connect(postgres_server_url, autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="module")
def pg_schema(pg_fuzz_app):
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", without_lifespan(pg_fuzz_app))


@pytest.mark.parametrize(
    ("method", "path"), sorted(API_ROUTES), ids=[f"{m.upper()} {p}" for m, p in sorted(API_ROUTES)]
)
def test_api_never_fails_on_any_input_on_postgres(pg_schema, pg_fuzz_app, method, path):
    operation = pg_schema[path][method.upper()]
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )
    headers = {"Authorization": f"Bearer {pg_fuzz_app.state.owner_key}"}
    statuses = []

    @given(case=cases)
    @settings(
        max_examples=10,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def fuzz(case):
        response = case.call_and_validate(  # a first computation on a busy machine: > 10 s
            headers=headers, checks=[not_a_server_error, problem_details_for_errors], timeout=120
        )
        statuses.append(response.status_code)
        pool = pg_fuzz_app.state.pool
        for _ in range(200):
            if pool.in_use == 0:
                break
            time.sleep(0.01)
        assert pool.in_use == 0, f"a request kept its database connection: {case.as_curl_command()}"

    fuzz()
    print(method.upper(), path, sorted(Counter(statuses).items()))
    assert statuses
