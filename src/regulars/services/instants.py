"""Instants as numbers, for cheap time arithmetic inside the database.

Ibis' ``epoch_seconds()`` compiles on DuckDB to a cast through the session's time zone (the ICU
calendar) for every row. ``epoch_us`` (DuckDB) reads the stored instant as whole microseconds,
exact;
``epoch`` is ``date_part('epoch', ts)``, seconds with microseconds as a double, on DuckDB and
PostgreSQL alike.
"""

from __future__ import annotations

import ibis
import ibis.expr.datatypes as dtypes

DAY_US = 86_400_000_000


@ibis.udf.scalar.builtin(name="epoch_us")
def epoch_us(ts: dtypes.Timestamp(timezone="UTC")) -> dtypes.int64:  # DuckDB only
    """Microseconds since 1970-01-01 UTC of a timezone-aware timestamp (DuckDB's built-in)."""
    ...


@ibis.udf.scalar.builtin(name="date_part")
def _date_part(part: str, ts: dtypes.Timestamp(timezone="UTC")) -> dtypes.float64:
    """``date_part('epoch', ts)``: seconds with microseconds, a double on DuckDB and PostgreSQL
    alike (and,
    unlike ``epoch_seconds()``, without DuckDB's per-row cast through the session time zone)."""


def epoch(ts: ibis.Value) -> ibis.Value:
    """Epoch seconds (with microseconds) of a timestamp, as a double."""
    return _date_part("epoch", ts)
