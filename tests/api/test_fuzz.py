"""Property-based fuzzing of the REST API from its own OpenAPI document (schemathesis, in-process
ASGI).

Every operation, erase included, runs against this module's own copy of the demo workspace, signed
in as the owner, with valid and invalid (negative) inputs. Bounded and deterministic: 25 examples
per operation, derandomized. Whatever is sent, the API never answers 5xx, and every client error
under /api is a problem-details document.

(schemathesis' ``from_fixture`` lazy loader does not work with pytest 9, so each operation's
strategy is drawn directly with Hypothesis. schemathesis runs an ASGI app's lifespan itself and ends
it between tests, which would close the app's connection pool; the app is served through a wrapper
that leaves the lifespan to this module's fixture.)
"""

from __future__ import annotations

import shutil
import time
from collections import Counter

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error

from regulars.app import create_app
from regulars.settings import load_settings

from .test_api import API_ROUTES


@pytest.fixture(scope="module")
def fuzz_app(demo_template, tmp_path_factory):
    template, users = demo_template
    path = tmp_path_factory.mktemp("fuzz") / "ws"
    shutil.copytree(template, path)
    app = create_app(load_settings(path))
    app.state.owner_key = users["owner"].api_key
    yield app
    app.state.pool.close()


def without_lifespan(app):
    async def wrapper(scope, receive, send):
        if scope["type"] != "lifespan":
            return await app(scope, receive, send)
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})

    return wrapper


@pytest.fixture(scope="module")
def api_schema(fuzz_app):
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", without_lifespan(fuzz_app))


def problem_details_for_errors(ctx, response, case) -> None:
    if 400 <= response.status_code < 500 and case.path.startswith("/api/"):
        content_type = response.headers.get("content-type", [""])
        assert content_type[0].startswith("application/problem+json"), response.headers
        body = response.json()
        assert {"type", "title", "status", "detail"} <= body.keys() and body[
            "status"
        ] == response.status_code, body


@pytest.mark.parametrize(
    ("method", "path"), sorted(API_ROUTES), ids=[f"{m.upper()} {p}" for m, p in sorted(API_ROUTES)]
)
def test_api_never_fails_on_any_input(api_schema, fuzz_app, method, path):
    operation = api_schema[path][method.upper()]
    cases = st.one_of(
        operation.as_strategy(GenerationMode.POSITIVE),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )
    headers = {"Authorization": f"Bearer {fuzz_app.state.owner_key}"}
    statuses = []

    @given(case=cases)
    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )
    def fuzz(case):
        response = case.call_and_validate(
            headers=headers, checks=[not_a_server_error, problem_details_for_errors]
        )
        statuses.append(response.status_code)
        pool = fuzz_app.state.pool
        for _ in range(200):  # the connection goes back just after the response is sent
            if pool.in_use == 0:
                break
            time.sleep(0.01)
        assert pool.in_use == 0, f"a request kept its database connection: {case.as_curl_command()}"

    fuzz()
    print(method.upper(), path, sorted(Counter(statuses).items()))
    assert statuses  # the property was exercised
