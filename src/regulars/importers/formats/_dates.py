"""Slashed dates (``12/1/2010 8:26``, ``01/02/2025``) as exports from US and European tools write
them, read without guessing one value at a time: the whole column decides which number is the
month."""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from regulars.importers.coercion import ARROW_TYPES
from regulars.importers.formats._common import clean, present, typed
from regulars.importers.problems import ProblemLog

_SLASHED = (
    r"^(?P<p0>\d{1,2})/(?P<p1>\d{1,2})/(?P<p2>\d{4}|\d{2})"
    r"(?:\s+(?P<p3>\d{1,2}):(?P<p4>\d{2})(?::(?P<p5>\d{2}))?)?$"
)


def slashed_dates(
    text: pa.Array, timezone: str, lines: pa.Array, log: ProblemLog, column: str
) -> tuple[pa.Array, tuple[str, ...]]:
    """Dates like ``12/1/2010 8:26``: month or day first decided from the whole column (a first
    number above 12 means day first, a second above 12 month first; both is a problem; neither:
    month first, with a warning). Other values are read by the usual coercion."""
    text = clean(text)
    parts = pc.extract_regex(text, _SLASHED)
    if pc.sum(pc.is_valid(parts)).as_py() in (0, None):
        return typed(text, "timestamp", lines, log, column, _DATE_REASON, timezone), ()
    a, b = (pc.cast(pc.struct_field(parts, f"p{i}"), pa.int64()) for i in (0, 1))
    day_first = bool(pc.any(pc.greater(a, 12)).as_py())
    month_first = bool(pc.any(pc.greater(b, 12)).as_py())
    if day_first and month_first:
        log.add(None, column, None, "some dates have the day first, others the month first")
    month, day = (b, a) if day_first else (a, b)
    warning = () if day_first or month_first else (
        f"{column}: no date settles day or month first; read month first (12/1/2010 is "
        "1 December 2010), as US exports write them",
    )  # fmt: skip
    stamps, ok = _local_times(parts, month, day, timezone)
    matched = present(parts)
    if matched.all() and ok.all():
        return stamps, warning
    rest = typed(pc.if_else(pa.array(matched), None, text), "timestamp", lines, log, column,
                 _DATE_REASON, timezone)  # fmt: skip
    log.add_rows(matched & ~ok, lines, text, column, _DATE_REASON)
    return pc.if_else(pa.array(matched), stamps, rest.cast(stamps.type)), warning


def _local_times(
    parts: pa.Array, month: pa.Array, day: pa.Array, timezone: str
) -> tuple[pa.Array, np.ndarray]:
    """Timestamps from the date's numbers (read in ``timezone``), and where they form a real
    date and time; computed on integers, not by parsing text again."""

    def number(values: pa.Array) -> np.ndarray:
        values = pc.fill_null(values, "0")
        values = pc.if_else(pc.equal(values, ""), "0", values)
        return np.asarray(pc.cast(values, pa.int64()).to_numpy(zero_copy_only=False))

    year, hour, minute, second = (number(pc.struct_field(parts, f"p{i}")) for i in (2, 3, 4, 5))
    year = np.where(year < 100, year + 2000, year)  # Etsy writes 03/14/25
    month, day = (
        np.asarray(pc.fill_null(v, 1).to_numpy(zero_copy_only=False)) for v in (month, day)
    )
    ok = (month >= 1) & (month <= 12) & (day >= 1) & (hour < 24) & (minute < 60) & (second < 60)
    ok &= (year >= 1900) & (year <= 2100)
    months = (np.clip(year, 1900, 2100) - 1970) * 12 + np.clip(month, 1, 12) - 1
    first = months.astype("datetime64[M]").astype("datetime64[D]")
    days = first + (np.clip(day, 1, 31) - 1).astype("timedelta64[D]")
    ok &= days.astype("datetime64[M]") == first.astype("datetime64[M]")  # no 31 April
    micros = days.astype("datetime64[us]").astype(np.int64) + (
        (hour * 3600 + minute * 60 + second) * 1_000_000
    )
    naive = pa.array(micros, pa.timestamp("us"), mask=~ok)
    local = pc.assume_timezone(naive, timezone, ambiguous="earliest", nonexistent="earliest")
    return local.cast(ARROW_TYPES["timestamp"]), ok


_DATE_REASON = "not a date and time Regulars can read (ISO 8601 or M/D/YYYY H:MM)"
