"""DuckDB commits that a kill cannot tear, and the check that says so when a workspace is not whole.

DuckDB 1.5 writes a transaction to its write-ahead log (``<file>.wal``) at COMMIT, big appends as
references to blocks already written to the database file. A process killed while that log is being
written leaves a torn entry; on the next open DuckDB replays the log up to the tear and keeps
what it read (upstream: a torn tail is swallowed as a serialization error, duckdb/duckdb#25432,
#25931). An import killed there came back with its orders but without its log row, its customer
stubs or its updates.

So every write transaction on a DuckDB file runs as a *guarded commit*, under one lock per file in
this process (DuckDB lets one process write a file):

1. ``CHECKPOINT``: the database file holds every earlier commit, and the log is empty;
2. a marker file ``<file>.commit`` is written and synced;
3. BEGIN ... COMMIT;
4. the marker is removed (after COMMIT returns the log holds the whole transaction).

Opening a file whose marker is still there (its writer was killed between 2 and 4) first deletes the
log, which can hold nothing but the interrupted transaction: the file opens in its state before that
transaction, or after it where DuckDB had already checkpointed it. Either way whole. This was chosen
over writing a copy of the database and renaming it: the server keeps its connections to the file
open, and a copy costs the size of the whole database per import.

Whenever the last process did not close the file (a log or a marker was left), opening it checks
the import log against the rows (``integrity_problems``) and warns if they disagree.
"""

from __future__ import annotations

import fcntl
import logging
import os
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from regulars.errors import StoreError

log = logging.getLogger("regulars.store")

_LOCKS: dict[str, threading.RLock] = {}
_OPEN: dict[str, int] = {}  # database files this process has open, by how many connections
_GUARD = threading.Lock()


def database_file(url: str) -> str:
    return str(Path(url.removeprefix("duckdb://")).resolve())


def writer_lock(url: str) -> threading.RLock:
    """The lock every write to this DuckDB file takes, in this process."""
    with _GUARD:
        return _LOCKS.setdefault(database_file(url), threading.RLock())


def marker(path: str | Path) -> Path:
    return Path(f"{path}.commit")


def _wal(path: str | Path) -> Path:
    return Path(f"{path}.wal")


def opened(path: str) -> None:
    with _GUARD:
        _OPEN[path] = _OPEN.get(path, 0) + 1


def closed(path: str) -> None:
    with _GUARD:
        _OPEN[path] = max(_OPEN.get(path, 0) - 1, 0)


def _held_elsewhere(path: str) -> bool:
    """Whether another process holds the file (DuckDB locks it with fcntl). Asked only when this
    process has it open on no connection, since closing any descriptor of a file drops the
    process's fcntl locks on it."""
    if not os.path.exists(path):
        return False
    fd = os.open(path, os.O_RDONLY)
    try:
        probe = struct.pack("hhqqi", fcntl.F_WRLCK, 0, 0, 0, 0)
        kind = struct.unpack("hhqqi", fcntl.fcntl(fd, fcntl.F_GETLK, probe))[0]
        return kind != fcntl.F_UNLCK
    finally:
        os.close(fd)


def recover(path: str) -> bool:
    """Before opening: undo a commit that its process did not finish. True when the file was left
    open by its last writer (so its contents are worth a check)."""
    with _GUARD:
        if _OPEN.get(path):
            return False  # open here: a marker is a commit in flight on another thread
    unclean = _wal(path).exists()
    flag = marker(path)
    if not flag.exists() or _held_elsewhere(path):
        return unclean
    _wal(path).unlink(missing_ok=True)
    flag.unlink()
    _sync_folder(flag.parent)
    log.warning(
        "%s: a write was interrupted during its commit; it was undone (the database is as it "
        "was before that write, or after it where it had already reached the file)",
        path,
    )
    return True


@contextmanager
def guarded_commit(store) -> Iterator[None]:
    """Steps 1, 2 and 4 above around the caller's BEGIN ... COMMIT."""
    path = database_file(store.url)
    with writer_lock(store.url):
        guarded_checkpoint(store)
        flag = marker(path)
        with open(flag, "w") as out:
            out.write(str(os.getpid()))
            out.flush()
            os.fsync(out.fileno())
        _sync_folder(flag.parent)
        try:
            yield
        finally:
            flag.unlink(missing_ok=True)


def checkpoint(store, *, attempts: int = 40) -> bool:
    """CHECKPOINT, waiting while another connection's write transaction is active (DuckDB refuses
    then). False if it never could: the caller decides whether that matters."""
    import duckdb

    for attempt in range(attempts):
        try:
            store.raw.execute("CHECKPOINT")
            return True
        except duckdb.TransactionException:
            time.sleep(min(0.005 * 2**attempt, 0.1))
        except duckdb.Error as exc:
            raise StoreError(f"the database could not be checkpointed: {exc}") from exc
    return False


def guarded_checkpoint(store) -> None:
    """A CHECKPOINT that must happen before a guarded commit: busy means try again later."""
    if not checkpoint(store):
        raise StoreError("the database is busy with another write; try again")


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_ORPHANS = (
    'SELECT count(*) FROM {table} WHERE "_import_id" IS NOT NULL AND "_import_id" NOT IN '
    '(SELECT import_id FROM "_imports")'
)


def integrity_problems(store) -> list[str]:
    """Rows written by an import the import log does not know: a write that was torn."""
    from regulars.schema import TABLES
    from regulars.store.ddl import quote

    tables = set(store.list_tables())
    if "_imports" not in tables:
        return []
    problems = []
    for table in TABLES:
        if table.name in tables:
            n = store.execute(_ORPHANS.format(table=quote(table.name)))[0][0]
            if n:
                problems.append(f"{table.name}: {n} rows written by an import missing from the log")
    for problem in problems:
        log.warning("%s: %s", store.url, problem)
    return problems
