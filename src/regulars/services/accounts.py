"""People who use the dashboard and the API: accounts, roles, API keys, sessions, login throttling.

Roles: ``owner`` (everything: users, erasure), ``analyst`` (import, run analyses), ``viewer``
(read).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from regulars.errors import AuthError, InputError, NotFoundError, ThrottledError
from regulars.services import cache
from regulars.services.workspace import Workspace
from regulars.store import accounts as rows
from regulars.vocabulary import ROLES, Role, choose

SESSION_LIFETIME = timedelta(hours=12)
THROTTLE_WINDOW = timedelta(minutes=15)
THROTTLE_FAILURES = 5  # per account being guessed
THROTTLE_CLIENT_FAILURES = 20  # per address: gentler, so one mistyping helper locks no one out
TRIM_EVERY_SECONDS = 60.0

_hasher = PasswordHasher()
# Who a key or session belongs to is remembered briefly, so a busy dashboard or API client does not
# query the accounts tables on every request. A change made through this process (removing a user,
# signing out) is seen at once; one made by another process on the same PostgreSQL database (the CLI
# removing a user) takes at most this long.
AUTH_MEMORY_SECONDS = 5.0
_known = cache.Recent(4096)  # (url, kind, secret digest) -> (valid until, answer)
_known_lock = threading.Lock()
_generation = [
    0
]  # bumped by every forget: an answer looked up before a change is not remembered after it


@dataclass(frozen=True)
class User:
    username: str
    role: str

    def can(self, role: str) -> bool:
        """Whether this user has at least ``role``."""
        return ROLES.index(self.role) >= ROLES.index(role)


@dataclass(frozen=True)
class Credentials:
    """Shown once, when an account is created: only hashes are kept."""

    username: str
    role: str
    password: str
    api_key: str


@dataclass(frozen=True, slots=True)
class Account:
    """A person as ``list_users`` shows them (never their password's hash)."""

    username: str
    role: str
    created_at: str
    disabled: bool


@dataclass(frozen=True)
class Session:
    token: str
    csrf_token: str
    user: User


def _now() -> datetime:
    return datetime.now(UTC)


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def has_users(ws: Workspace) -> bool:
    return rows.user_count(ws.store) > 0


def add_user(
    ws: Workspace, username: str, role: str = "viewer", password: str | None = None
) -> Credentials:
    role = choose(Role, role, "role")
    if not re.fullmatch(r"[A-Za-z0-9_.@-]{1,64}", username):
        raise InputError(f"username {username!r}: use 1-64 letters, digits and . _ @ -")
    if rows.get_user(ws.store, username):
        raise InputError(f"user {username!r} exists already")
    password = password or secrets.token_urlsafe(12)
    if len(password) < 10:
        raise InputError("a password needs at least 10 characters")
    with ws.store.transaction():
        rows.insert_user(ws.store, username, role, _hasher.hash(password), _now())
        api_key = _new_api_key(ws, username, "created with the account")
    return Credentials(username, role, password, api_key)


def ensure_owner(ws: Workspace) -> Credentials | None:
    """The first start creates an owner and returns its one-time credentials; later starts return
    None."""
    return None if has_users(ws) else add_user(ws, "owner", "owner")


def _new_api_key(ws: Workspace, username: str, label: str | None) -> str:
    key = "rk_" + secrets.token_urlsafe(32)
    rows.insert_api_key(ws.store, digest(key), username, label, _now())
    return key


def new_api_key(ws: Workspace, username: str, label: str | None = None) -> str:
    if not rows.get_user(ws.store, username):
        raise NotFoundError(f"no user {username!r}")
    with ws.store.transaction():
        return _new_api_key(ws, username, label)


def revoke_api_key(ws: Workspace, key: str, username: str | None = None) -> None:
    """End one API key (``username``: only if it is theirs); the person's other keys still work."""
    deleted = rows.delete_api_key(ws.store, digest(key), username)
    _forget_known()
    if not deleted:
        raise NotFoundError("no such API key")


def reset_password(ws: Workspace, username: str) -> str:
    """A new one-time password for someone who lost theirs (the owner's, from the CLI on the
    machine that holds the workspace); their sessions end."""
    password = secrets.token_urlsafe(12)
    set_password(ws, username, password)
    return password


def list_users(ws: Workspace) -> tuple[Account, ...]:
    return tuple(Account(u, r, c.isoformat(), d) for u, r, c, d in rows.list_users(ws.store))


def remove_user(ws: Workspace, username: str) -> None:
    deleted = rows.delete_user(ws.store, username)
    _forget_known()  # after the change, so a request in between cannot remember the old answer
    if not deleted:
        raise NotFoundError(f"no user {username!r}")


def _recall(ws: Workspace, kind: str, secret_digest: str) -> tuple[tuple, object, int]:
    """(key, the remembered answer or None, the generation it was read in): memory only, no
    query."""
    key, now = (ws.store.url, kind, secret_digest), time.monotonic()
    with _known_lock:
        generation = _generation[0]
    hit = _known.get(key)
    return key, (hit[1] if hit is not cache.MISSING and hit[0] > now else None), generation


def _remembered(ws: Workspace, kind: str, secret_digest: str, look_up):
    """``look_up()``'s answer for this secret, remembered for AUTH_MEMORY_SECONDS (failures are
    not)."""
    key, found, generation = _recall(ws, kind, secret_digest)
    if found:
        return found
    found = look_up()
    if found:
        with _known_lock:
            if generation != _generation[0]:
                return found
            _known.put(key, (time.monotonic() + AUTH_MEMORY_SECONDS, found))
    return found


def _forget_known() -> None:
    with _known_lock:
        _known.clear()
        _generation[0] += 1


def user_for_api_key(ws: Workspace, key: str) -> User:
    key_digest = digest(key)
    found = _remembered(
        ws, "api_key", key_digest, lambda: rows.user_for_api_key(ws.store, key_digest)
    )
    if not found:
        raise AuthError("invalid API key")
    return User(*found)


def remembered_api_key_user(ws: Workspace, key: str) -> User | None:
    """The key's user if it was checked in the last AUTH_MEMORY_SECONDS, else None: no query (a
    server
    answers this on its event loop and asks ``user_for_api_key`` only when it is None)."""
    found = _recall(ws, "api_key", digest(key))[1]
    return User(*found) if found else None


_throttle_lock = threading.Lock()
_trimmed = [0.0]


def _admit_attempt(ws: Workspace, username: str, client: str | None, now: datetime) -> str:
    """Count the failures and record this attempt as one, in one step: concurrent guesses cannot
    all pass the count before any is recorded. The attempt is marked a success once verified."""
    attempt = uuid.uuid4().hex
    with _throttle_lock:
        as_user, from_client = rows.failed_logins_since(
            ws.store, username, client, now - THROTTLE_WINDOW
        )
        if as_user >= THROTTLE_FAILURES or from_client >= THROTTLE_CLIENT_FAILURES:
            raise ThrottledError(
                "too many failed sign-ins; try again in 15 minutes",
                int(THROTTLE_WINDOW.total_seconds()),
            )
        rows.record_login_attempt(ws.store, attempt, username, client, now, False)
    if time.monotonic() - _trimmed[0] > TRIM_EVERY_SECONDS:
        _trimmed[0] = time.monotonic()
        rows.trim(ws.store, now - THROTTLE_WINDOW, now)
    return attempt


_dummy_hash: list[str] = []


def _verify_user(found: tuple | None, password: str) -> bool:
    """The password checked against the user's hash, or against a dummy one for an unknown or
    disabled user: the answer takes as long either way, so it tells no one who exists."""
    if found is None or found[3]:
        if not _dummy_hash:
            _dummy_hash.append(_hasher.hash(secrets.token_urlsafe(16)))
        _verify(_dummy_hash[0], password)
        return False
    return _verify(found[2], password)


def log_in(ws: Workspace, username: str, password: str, client: str | None = None) -> Session:
    """Check a password (throttled per user, and more gently per client) and open a session."""
    now = _now()
    attempt = _admit_attempt(ws, username, client, now)
    found = rows.get_user(ws.store, username)
    if not _verify_user(found, password):
        raise AuthError("wrong username or password")
    rows.mark_login_succeeded(ws.store, attempt)
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(24)
    rows.insert_session(ws.store, digest(token), username, csrf, now, now + SESSION_LIFETIME)
    return Session(token, csrf, User(found[0], found[1]))


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def session(ws: Workspace, token: str) -> Session:
    token_digest = digest(token)
    found = _remembered(
        ws, "session", token_digest, lambda: rows.session_user(ws.store, token_digest, _now())
    )
    if not found:
        raise AuthError("the session has ended; sign in again")
    return Session(token, found[2], User(found[0], found[1]))


def remembered_session(ws: Workspace, token: str) -> Session | None:
    """Like ``remembered_api_key_user`` for a dashboard session: no query; None when not
    remembered."""
    found = _recall(ws, "session", digest(token))[1]
    return Session(token, found[2], User(found[0], found[1])) if found else None


def change_password(ws: Workspace, username: str, current: str, new: str) -> None:
    """A user's new password (the current one checked); every session of theirs ends."""
    if not _verify_user(rows.get_user(ws.store, username), current):
        raise AuthError("the current password is wrong")
    set_password(ws, username, new)


def set_password(ws: Workspace, username: str, new: str) -> None:
    """Set a password without the old one (the owner's reset, from the machine that holds the
    workspace); every session of the user ends."""
    if len(new) < 10:
        raise InputError("a password needs at least 10 characters")
    if not rows.get_user(ws.store, username):
        raise NotFoundError(f"no user {username!r}")
    rows.set_password(ws.store, username, _hasher.hash(new))
    rows.delete_sessions_of(ws.store, username)
    _forget_known()


def log_out(ws: Workspace, token: str) -> None:
    rows.delete_session(ws.store, digest(token))
    _forget_known()
