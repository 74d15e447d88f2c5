"""Collecting the problems found in a file: the first ones listed in full, all of them counted."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from regulars.errors import InputError, Problem

LISTED_PROBLEMS = 200


class ColumnProblem(Exception):
    """A whole column cannot be read as it is (dates that are all ambiguous): one problem, said
    once, at the row ``row`` of the column."""

    def __init__(self, row: int, value: str | None, reason: str):
        super().__init__(reason)
        self.row, self.value, self.reason = row, value, reason


class ProblemLog:
    def __init__(self, file: str, limit: int = LISTED_PROBLEMS):
        self.file = file
        self.limit = limit
        self.problems: list[Problem] = []
        self.total = 0
        #: Every problem's line, column and reason (all of them, listed or not), for setting the
        #: bad rows aside; None once a problem concerns no row of its own (a whole column).
        self.by_row: list[tuple[np.ndarray, str, str]] | None = []

    def add(
        self,
        line: int | None,
        column: str | None,
        value: str | None,
        reason: str,
        *,
        whole_column: bool = False,
    ) -> None:
        self.total += 1
        if self.by_row is not None:
            if line is None or whole_column:
                self.by_row = None
            else:
                self.by_row.append((np.array([line], np.int64), column or "", reason))
        if len(self.problems) < self.limit:
            self.problems.append(Problem(self.file, line, column, value, reason))

    def add_rows(
        self,
        bad: np.ndarray,
        lines: pa.Array,
        values: pa.Array | None,
        column: str | None,
        reason: str,
    ) -> None:
        """One problem per row where ``bad`` is true."""
        where = np.flatnonzero(bad)
        if where.size == 0:
            return
        self.total += int(where.size)
        if self.by_row is not None:
            taken = lines.take(pa.array(where)).to_numpy(zero_copy_only=False)
            self.by_row.append((taken.astype(np.int64), column or "", reason))
        room = max(self.limit - len(self.problems), 0)
        for i in where[:room]:
            value = None if values is None else values[int(i)].as_py()
            line = lines[int(i)].as_py()
            self.problems.append(
                Problem(self.file, line, column, None if value is None else str(value), reason)
            )

    def __bool__(self) -> bool:
        return self.total > 0

    def raise_if_any(self, what: str) -> None:
        if self.total:
            noun = "problem" if self.total == 1 else "problems"
            raise InputError(
                f"{self.file}: {self.total} {noun} in {what}; nothing was imported",
                sorted(self.problems, key=lambda p: (p.line or 0, p.column or "")),
                self.total,
            )


def rejected_rows(log: ProblemLog, columns: pa.Table, lines: pa.Array) -> pa.Table | None:
    """The file's rows that have problems, as the file wrote them, after their line and their
    reasons (``--skip-invalid``); None when a problem is not about rows of its own."""
    if log.by_row is None:
        return None
    reasons: dict[int, list[str]] = {}
    for where, column, reason in log.by_row:
        for line in where.tolist():
            reasons.setdefault(line, []).append(f"{column}: {reason}" if column else reason)
    bad = pc.is_in(lines, value_set=pa.array(sorted(reasons), pa.int64()))
    rows = columns.filter(bad)
    found = lines.filter(bad)
    problems = pa.array(["; ".join(reasons[n]) for n in found.to_pylist()], pa.string())
    return rows.add_column(0, "problems", problems).add_column(0, "line", found)


def write_rejected(rows: pa.Table, beside: Path, name: str | None = None) -> Path:
    """The rejected rows as ``NAME.rejected.csv`` beside the input file (or as ``name``)."""
    import pyarrow.csv as pacsv

    target = beside.with_name(name or f"{beside.stem}.rejected.csv")
    try:
        pacsv.write_csv(rows, target)
    except OSError as exc:
        raise InputError(
            f"{target}: cannot write the rejected rows there ({exc.strerror}); the good rows "
            "were imported: copy the file to a folder you can write and import it again"
        ) from exc
    return target
