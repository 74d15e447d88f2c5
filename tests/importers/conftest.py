"""Helpers for the export-format tests: fixture files, edited copies, row counts, problem checks.

The tests get them through the ``ex`` fixture (the suite imports test modules with importlib, so
a helper module next to them could not be imported by name)."""

from __future__ import annotations

import csv
import shutil
import types
from pathlib import Path

import pytest

from regulars.errors import InputError
from regulars.services.imports import import_file

EXPORTS = Path(__file__).resolve().parents[1] / "data" / "exports"


def export(name: str) -> Path:
    return EXPORTS / name


def copy_export(name: str, tmp_path: Path, as_name: str | None = None) -> Path:
    target = tmp_path / (as_name or name)
    shutil.copyfile(export(name), target)
    return target


def edited_csv(
    name: str,
    tmp_path: Path,
    edits: dict[tuple[int, str], str | None] | None = None,
    append: list[dict[str, str]] | None = None,
    drop_lines: tuple[int, ...] = (),
) -> Path:
    """A copy of a fixture CSV with cells changed by (line, column); line 2 is the first record."""
    with export(name).open(newline="") as f:
        reader = csv.DictReader(f)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    for (line, column), value in (edits or {}).items():
        assert column in header, f"{column} is not a column of {name}"
        rows[line - 2][column] = value or ""
    rows = [r for i, r in enumerate(rows) if i + 2 not in drop_lines] + list(append or [])
    target = tmp_path / f"edited_{name}"
    with target.open("w", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return target


def row_counts(ws, tables: tuple[str, ...]) -> dict[str, int]:
    return {t: ws.store.execute(f'SELECT count(*) FROM "{t}"')[0][0] for t in tables}


def rows_of(ws, table: str, key: str) -> dict[str, dict]:
    data = ws.store.to_arrow(ws.store.table(table)).to_pylist()
    return {r[key]: r for r in data}


def assert_rejected(
    ws,
    table: str,
    path: Path,
    fmt: str,
    tables: tuple[str, ...],
    *,
    line: int | None,
    column: str | None,
    value: str | None,
    reason: str,
) -> InputError:
    """The import fails with a problem naming file, line, column, value and reason; nothing is
    written."""
    before = row_counts(ws, tables)
    with pytest.raises(InputError) as caught:
        import_file(ws, table, path, format=fmt)
    matching = [
        p
        for p in caught.value.problems
        if p.file == path.name
        and p.line == line
        and p.column == column
        and p.value == value
        and reason in p.reason
    ]
    assert matching, f"no problem ({line}, {column!r}, {value!r}, ~{reason!r}) in:\n{caught.value}"
    assert row_counts(ws, tables) == before
    return caught.value


def iso(value) -> str | None:
    return None if value is None else value.isoformat()


@pytest.fixture
def ex() -> types.SimpleNamespace:
    return types.SimpleNamespace(
        export=export,
        copy_export=copy_export,
        edited_csv=edited_csv,
        row_counts=row_counts,
        rows_of=rows_of,
        assert_rejected=assert_rejected,
        iso=iso,
    )
