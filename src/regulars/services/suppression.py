"""Suppression on erasure: an erased customer's identifiers (customer id, normalised email, phone
digits) are kept only as SHA-256 digests salted with a secret of this workspace, so re-importing
an old file does not bring the person back. Every import drops the rows of a suppressed person
(their customer row, and every row that names their customer id) and says how many it dropped.

The digests cannot be turned back into an identifier without the salt; the salt never leaves the
database (``regulars export`` leaves secret columns out)."""

from __future__ import annotations

import hashlib
import re

import pyarrow as pa
import pyarrow.compute as pc

from regulars.schema import TABLES_BY_NAME
from regulars.services.workspace import Workspace
from regulars.store import suppressions as saved
from regulars.store.aliases import aliases_of


def normalised(kind: str, value: str | None) -> str | None:
    """customer_id as given (trimmed), email trimmed and lower-cased, phone its digits."""
    if value is None:
        return None
    text = str(value).strip()
    if kind == "email":
        text = text.lower()
    elif kind == "phone":
        text = re.sub(r"\D", "", text)
    return text or None


def digest(salt: str, kind: str, value: str | None) -> str | None:
    text = normalised(kind, value)
    if text is None:
        return None
    return hashlib.sha256(f"{salt}\x1f{kind}\x1f{text}".encode()).hexdigest()


def suppress_customer(ws: Workspace, customer_id: str) -> int:
    """Keep the digests of the customer's identifiers, and of every id merged into them (before
    the erasure); how many."""
    salt = saved.salt(ws.store)
    email, phone = saved.identifiers(ws.store, customer_id)
    found = [
        (d, kind)
        for kind, value in (("customer_id", customer_id), ("email", email), ("phone", phone))
        if (d := digest(salt, kind, value))
    ]
    merged = aliases_of(ws.store, customer_id)
    found += [(digest(salt, "customer_id", a), "customer_id") for a in merged]
    saved.add_digests(ws.store, found)
    return len(found)


def _matching(salt: str, kind: str, column: pa.ChunkedArray, kept: set[str]) -> set[str]:
    """The distinct values of ``column`` whose digest is suppressed."""
    values = pc.unique(column.combine_chunks()).to_pylist()
    return {v for v in values if v is not None and digest(salt, kind, v) in kept}


def drop_suppressed(ws: Workspace, tables: dict[str, pa.Table]) -> tuple[dict[str, pa.Table], int]:
    """The file's tables without the rows of suppressed people, and how many rows were dropped.
    No cost beyond one query while nobody has been erased."""
    kept = saved.digests(ws.store)
    if not kept:
        return tables, 0
    salt = saved.salt(ws.store)
    ids: set[str] = set()
    for name, rows in tables.items():
        column = TABLES_BY_NAME[name].customer_column if name in TABLES_BY_NAME else None
        if column and column in rows.column_names:
            ids |= _matching(salt, "customer_id", rows[column], kept)
    people = tables.get("customers")
    for kind in ("email", "phone"):
        if people is not None and kind in people.column_names:
            hits = _matching(salt, kind, people[kind], kept)
            if hits:
                mask = pc.is_in(people[kind], pa.array(sorted(hits), pa.string()))
                ids |= set(people.filter(mask)["customer_id"].to_pylist())
    if not ids:
        return tables, 0
    out, dropped, idset = {}, 0, pa.array(sorted(ids), pa.string())
    for name, rows in tables.items():
        column = TABLES_BY_NAME[name].customer_column if name in TABLES_BY_NAME else None
        if column and column in rows.column_names:
            keep = pc.invert(pc.fill_null(pc.is_in(rows[column], idset), False))
            dropped += rows.num_rows - pc.sum(keep.cast(pa.int64())).as_py()
            rows = rows.filter(keep)
        out[name] = rows
    return out, dropped
