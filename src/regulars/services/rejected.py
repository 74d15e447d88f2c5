"""Rows an upload set aside (``--skip-invalid``), kept for the owner to download.

An upload's own folder is temporary, so the rejected rows of an upload are written into the
workspace folder, ``rejected/<id>.csv`` (owner-only), with their problems; the import's result names
the id, and analysts download the file from the API (``/api/v1/imports/rejected/<id>``) or the
dashboard (``/data/rejected/<id>``). A file given on the command line keeps its rejected rows
beside it (``FILE.rejected.csv``). Kept files older than ``rejected_days`` (a setting, 30 by
default; 0 keeps them) are removed when the next upload keeps its rejected rows.
"""

from __future__ import annotations

import os
import re
import time
import uuid
from pathlib import Path

import pyarrow as pa

from regulars.errors import NotFoundError
from regulars.importers.problems import write_rejected
from regulars.services.workspace import Workspace

FOLDER = "rejected"
_ID = re.compile(r"[0-9a-f]{32}")


def keep_rejected(ws: Workspace, rows: pa.Table) -> tuple[str, Path]:
    """Write the rows under a new id in the workspace's ``rejected/`` folder: (id, file)."""
    folder = ws.path / FOLDER
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    prune_rejected(ws)
    rid = uuid.uuid4().hex
    written = write_rejected(rows, folder / f"{rid}.csv", name=f"{rid}.csv")
    os.chmod(written, 0o600)
    return rid, written


def rejected_file(ws: Workspace, rejected_id: str) -> Path:
    """The kept file of one id; NotFoundError for an unknown (or malformed) id."""
    path = ws.path / FOLDER / f"{rejected_id}.csv"
    if not _ID.fullmatch(rejected_id) or not path.is_file():
        raise NotFoundError(f"no rejected rows with id {rejected_id!r}")
    return path


def prune_rejected(ws: Workspace, now: float | None = None) -> int:
    """Remove the kept files older than the ``rejected_days`` setting; how many were removed."""
    days = ws.settings.rejected_days
    folder = ws.path / FOLDER
    if not days or not folder.is_dir():
        return 0
    cutoff = (time.time() if now is None else now) - days * 86400
    removed = 0
    for path in folder.glob("*.csv"):
        if _ID.fullmatch(path.stem) and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed
