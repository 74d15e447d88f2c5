"""Cached results: ``peek`` never computes, ``json_of`` keeps the encoding, callers asking for the same
missing result at once compute it once, and saved models change the version."""

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
        threads = [threading.Thread(target=lambda ws=ws: results.append(_slow_answer(ws, 7))) for ws in siblings]
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


def test_a_saved_model_changes_the_version_at_once(duckdb_workspace):
    from regulars.services.clv.saved import save_model

    before = cache.version(duckdb_workspace)
    save_model(duckdb_workspace, {"model_key": "bgnbd", "format": "test"})
    assert cache.version(duckdb_workspace) != before  # written by this process: seen without waiting


def test_a_model_written_by_another_process_is_seen_within_the_memory(duckdb_workspace, monkeypatch):
    monkeypatch.setattr(cache, "MODELS_MEMORY_SECONDS", 60.0)
    cache.models_changed()
    before = cache.version(duckdb_workspace)
    (duckdb_workspace.path / "models" / "clv-pareto.json").write_text("{}", encoding="utf-8")  # not through save_model
    assert cache.version(duckdb_workspace) == before  # the listing is remembered briefly
    monkeypatch.setattr(cache, "MODELS_MEMORY_SECONDS", 0.0)
    cache.models_changed()  # forget the remembered listing, as its time running out would
    assert cache.version(duckdb_workspace) != before
