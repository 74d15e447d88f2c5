"""Sign-in hardening (issue 16): timing that reveals no usernames, a throttle that concurrent
guesses cannot pass, a lock-out per account (gentler per address), password changes that end
sessions, and sign-in bookkeeping that is trimmed. On DuckDB and PostgreSQL."""

from __future__ import annotations

import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest

from regulars.errors import AuthError, ThrottledError
from regulars.services import accounts
from regulars.services.accounts import THROTTLE_FAILURES, add_user, log_in, session
from regulars.store import accounts as rows

PASSWORD = "a long password"


def _attempt(ws, username: str, password: str, client: str | None = "10.0.0.1") -> str:
    try:
        log_in(ws, username, password, client)
        return "ok"
    except ThrottledError:
        return "throttled"
    except AuthError:
        return "refused"


def _seconds(ws, username: str, runs: int = 3) -> float:
    start = time.perf_counter()
    for i in range(runs):
        _attempt(ws, username, "wrong password", client=f"10.1.0.{i}-{username}")
    return (time.perf_counter() - start) / runs


def test_unknown_usernames_take_as_long_as_known_ones(workspace):
    add_user(workspace, "ana", "viewer", PASSWORD)
    known, unknown = _seconds(workspace, "ana"), _seconds(workspace, "nobody-here")
    assert unknown > 0.5 * known, (known, unknown)


def test_concurrent_guesses_cannot_pass_the_throttle(workspace):
    add_user(workspace, "ana", "viewer", PASSWORD)
    siblings = [workspace.sibling() for _ in range(8)]
    try:
        with ThreadPoolExecutor(8) as pool:
            results = list(
                pool.map(lambda i: _attempt(siblings[i % 8], "ana", f"guess {i}"), range(16))
            )
    finally:
        for s in siblings:
            s.close()
    assert results.count("refused") == THROTTLE_FAILURES, results
    assert results.count("throttled") == 16 - THROTTLE_FAILURES


def test_a_mistyping_helper_does_not_lock_the_owner_out(workspace):
    add_user(workspace, "helper", "viewer", PASSWORD)
    add_user(workspace, "boss", "owner", PASSWORD)
    office = "192.0.2.7"
    tries = [_attempt(workspace, "helper", "typo typo", office) for _ in range(THROTTLE_FAILURES)]
    assert tries == ["refused"] * THROTTLE_FAILURES
    assert _attempt(workspace, "helper", PASSWORD, office) == "throttled"  # that account is
    assert _attempt(workspace, "boss", PASSWORD, office) == "ok"  # the owner is not


def test_changing_a_password_ends_every_session(workspace):
    add_user(workspace, "ana", "viewer", PASSWORD)
    token = log_in(workspace, "ana", PASSWORD).token
    assert session(workspace, token).user.username == "ana"
    with pytest.raises(AuthError):
        accounts.change_password(workspace, "ana", "not the password", "another long one")
    accounts.change_password(workspace, "ana", PASSWORD, "another long one")
    with pytest.raises(AuthError):
        session(workspace, token)
    assert _attempt(workspace, "ana", PASSWORD, "10.9.9.9") == "refused"
    assert _attempt(workspace, "ana", "another long one", "10.9.9.9") == "ok"
    accounts.set_password(workspace, "ana", "reset by the owner")  # no current password needed
    assert _attempt(workspace, "ana", "reset by the owner", "10.9.9.9") == "ok"


def test_old_attempts_and_expired_sessions_are_trimmed(workspace, monkeypatch):
    add_user(workspace, "ana", "viewer", PASSWORD)
    long_ago = datetime.now(UTC) - timedelta(days=2)
    rows.record_login_attempt(workspace.store, "old-attempt", "ana", "x", long_ago, False)
    rows.insert_session(workspace.store, "old-session", "ana", "c", long_ago, long_ago)
    monkeypatch.setattr(accounts, "_trimmed", [0.0])
    log_in(workspace, "ana", PASSWORD, "10.0.0.2")
    store = workspace.store
    assert (
        store.execute(
            'SELECT count(*) FROM "_login_attempts" WHERE attempt_id = ?', ("old-attempt",)
        )[0][0]
        == 0
    )
    assert (
        store.execute('SELECT count(*) FROM "_sessions" WHERE session_hash = ?', ("old-session",))[
            0
        ][0]
        == 0
    )
