"""Instants as whole numbers, for exact and cheap time arithmetic inside the database.

DuckDB's ``epoch`` of a timezone-aware timestamp goes through the ICU calendar for every row;
``epoch_us`` reads the stored instant (microseconds since 1970-01-01 UTC) directly. Other backends
use Ibis' ``epoch_seconds``.
"""

from __future__ import annotations

import ibis
import ibis.expr.datatypes as dtypes

DAY_US = 86_400_000_000


@ibis.udf.scalar.builtin(name="epoch_us")
def epoch_us(ts: dtypes.Timestamp(timezone="UTC")) -> dtypes.int64:  # DuckDB only
    """Microseconds since 1970-01-01 UTC of a timezone-aware timestamp (DuckDB's built-in)."""
    ...
