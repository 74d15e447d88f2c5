"""An erased customer's traces outside the database: the workspace's files and the files exported.

The database is erased and scrubbed by ``store.erasure``; this module covers the rest of the
workspace folder, byte by byte (UTF-8 and UTF-16-LE): a generated report (``report.html``) that
quotes them is removed (``regulars report`` writes it again without them), a JSON file (the demo's
truths) has every quoted identifier replaced, any other text file (the rejected rows of uploads,
logs) loses the lines that quote them. Files already exported that held them (audience exports the
audit log records) are listed for the owner, who must delete them or pass the erasure on: Regulars
cannot reach a file that left it.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from regulars.services.workspace import Workspace

#: The encodings an identifier is searched for in a file.
ENCODINGS = ("utf-8", "utf-16-le")
#: What replaces a quoted identifier in a JSON file.
ERASED = "erased"


@dataclass(frozen=True, slots=True)
class Traces:
    """What the workspace's files held and what was done (paths, never the values)."""

    reports_removed: tuple[str, ...] = ()
    files_rewritten: tuple[str, ...] = ()
    exported_files: tuple[str, ...] = ()
    exports_not_found: tuple[str, ...] = ()


def identifiers(ws: Workspace, customer_id: str) -> tuple[str, ...]:
    """What identifies the customer in a file: id, email (and its hash as audiences export it),
    phone."""
    from regulars.services.segments.audiences import email_sha256

    c = ws.store.table("customers")
    rows = ws.store.to_arrow(
        c.filter(c.customer_id == customer_id).select("email", "phone")
    ).to_pylist()
    values = [customer_id]
    for row in rows:
        values += [row["email"], row["phone"], email_sha256(row["email"])]
    return tuple(v for v in dict.fromkeys(values) if v and len(v) >= 4)


def holds(data: bytes, values) -> bool:
    return any(v.encode(enc) in data for v in values for enc in ENCODINGS)


def clean_files(ws: Workspace, values: tuple[str, ...]) -> Traces:
    """Remove the values from every file of the workspace but the database; list the exports."""
    removed, rewritten = [], []
    database = {ws.settings.database_url.removeprefix("duckdb://")}
    for path in sorted(p for p in ws.path.rglob("*") if p.is_file()):
        if str(path).startswith(tuple(database)) or not holds(path.read_bytes(), values):
            continue
        if path.suffix.lower() == ".html":
            path.unlink()
            removed.append(str(path))
        else:
            _rewrite(path, values)
            rewritten.append(str(path))
    exported, missing = _exports(ws, values)
    return Traces(tuple(removed), tuple(rewritten), exported, missing)


def _rewrite(path: Path, values) -> None:
    text = path.read_bytes().decode("utf-8", errors="replace")
    if path.suffix.lower() == ".json":
        for value in values:
            text = text.replace(json.dumps(value), json.dumps(ERASED))
    lines = text.splitlines(keepends=True)
    text = "".join(line for line in lines if not any(v in line for v in values))
    tmp = path.with_name(path.name + ".partial")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _exports(ws: Workspace, values) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Audience files exported (the audit log's entries) that hold the values, and those gone."""
    from regulars.services.audit import audit_entries

    files = [e.details.get("file") for e in audit_entries(ws) if e.action == "exported"]
    held, gone = [], []
    for file in dict.fromkeys(f for f in files if f):
        path = Path(file)
        if not path.is_file():
            gone.append(file)
        elif holds(path.read_bytes(), values):
            held.append(file)
    return tuple(held), tuple(gone)
