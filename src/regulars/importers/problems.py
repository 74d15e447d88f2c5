"""Collecting the problems found in a file: the first ones listed in full, all of them counted."""

from __future__ import annotations

import numpy as np
import pyarrow as pa

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

    def add(self, line: int | None, column: str | None, value: str | None, reason: str) -> None:
        self.total += 1
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
