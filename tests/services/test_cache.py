"""Cached results: ``peek`` never computes, ``json_of`` keeps the encoding, callers asking for the
same
missing result at once compute it once, and saved models change the version on both backends."""

from __future__ import annotations

import json
import math
import threading
import time

import pytest

from regulars.services import cache
from regulars.services.cache import cached


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


calls: list[tuple] = []


@cached
def _slow_answer(ws, n: int) -> dict:
    calls.append((n, threading.get_ident()))
    time.sleep(0.2)
    return {"n": n, "half": n / 2, "missing": math.nan}


def test_peek_answers_only_from_the_cache(duckdb_workspace):
    calls.clear()
    assert _slow_answer.peek(duckdb_workspace, 1) is cache.MISSING
    assert calls == []  # peeking computed nothing
    first = _slow_answer(duckdb_workspace, 1)
    assert _slow_answer.peek(duckdb_workspace, 1) is first
    assert _slow_answer.peek(duckdb_workspace, 2) is cache.MISSING
    assert len(calls) == 1


def test_json_of_encodes_once_and_writes_nan_as_null(duckdb_workspace):
    calls.clear()
    assert cache.peek_json(_slow_answer, duckdb_workspace, 3) is None
    body = cache.json_of(_slow_answer, duckdb_workspace, 3)
    assert json.loads(body) == {"n": 3, "half": 1.5, "missing": None}
    assert cache.peek_json(_slow_answer, duckdb_workspace, 3) is body
    assert cache.json_of(_slow_answer, duckdb_workspace, 3) is body
    assert len(calls) == 1


def test_callers_asking_at_once_compute_once(duckdb_workspace):
    calls.clear()
    siblings = [duckdb_workspace.sibling() for _ in range(4)]
    try:
        results: list[dict] = []
        threads = [
            threading.Thread(target=lambda ws=ws: results.append(_slow_answer(ws, 7)))
            for ws in siblings
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        for ws in siblings:
            ws.close()
    assert len(calls) == 1, calls  # the other three waited for the first one's answer
    assert len(results) == 4 and all(r is results[0] for r in results)


def test_a_failed_computation_is_not_cached(duckdb_workspace):
    attempts = []

    @cached
    def flaky(ws) -> int:
        attempts.append(1)
        if len(attempts) == 1:
            raise RuntimeError("first try fails")
        return 42

    with pytest.raises(RuntimeError):
        flaky(duckdb_workspace)
    assert flaky(duckdb_workspace) == 42 and len(attempts) == 2
    assert cache._in_flight == {}


def test_a_saved_model_changes_the_version_at_once(workspace):
    from regulars.services.clv.saved import save_model

    before = cache.version(workspace)
    save_model(workspace, {"model_key": "bgnbd", "format": "test"})
    assert cache.version(workspace) != before


def test_a_model_saved_over_another_connection_is_seen(workspace):
    """As a second server would: the model is in the database, not in one machine's folder."""
    from regulars.services.clv.saved import FORMAT, load_model, save_model

    before = cache.version(workspace)
    other = workspace.sibling()
    try:
        save_model(other, {"model_key": "pareto", "format": FORMAT, "fitted_at": "2026-01-01"})
    finally:
        other.close()
    assert cache.version(workspace) != before
    assert load_model(workspace)["model_key"] == "pareto"
    assert not (workspace.path / "models").exists()  # nothing written beside the database
