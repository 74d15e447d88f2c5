"""Turning generated numpy columns into Arrow tables shaped exactly as ``schema.TABLES`` declares.

Conventions inside the generator: timestamps are int64 microseconds (``clock.NEVER`` means null),
dates are int day numbers, strings are Arrow arrays, numpy string arrays or Python lists (None is
null), numbers are numpy arrays (NaN is a null float).
"""

from __future__ import annotations

import zlib

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from regulars import schema
from regulars.demo.clock import NEVER

ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "int": pa.int64(),
    "cents": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "timestamp": pa.timestamp("us", tz="UTC"),
    "date": pa.date32(),
}


def rng_for(seed: int, part: str) -> np.random.Generator:
    """An independent, reproducible random stream per part of the shop."""
    return np.random.default_rng([seed, zlib.crc32(part.encode())])


def ids(prefix: str, n: int, width: int = 6, start: int = 1) -> pa.Array:
    """Readable ids: ``ids("C", 3)`` -> C000001, C000002, C000003."""
    numbers = pc.cast(pa.array(np.arange(start, start + n, dtype=np.int64)), pa.string())
    return pc.binary_join_element_wise(prefix, pc.utf8_lpad(numbers, width, "0"), "")


def join(*parts, sep: str = "") -> pa.Array:
    """Element-wise string concatenation of arrays and scalars."""
    arrays = [
        p if isinstance(p, (str, pa.Array, pa.ChunkedArray)) else pa.array(p, pa.string())
        for p in parts
    ]
    return pc.binary_join_element_wise(*arrays, sep)


def pick(values, index: np.ndarray) -> pa.Array:
    """``values[index]`` as an Arrow string array (values: a list or array of strings)."""
    arr = (
        values
        if isinstance(values, (pa.Array, pa.ChunkedArray))
        else pa.array(list(values), pa.string())
    )
    return arr.take(pa.array(np.asarray(index, dtype=np.int64)))


def _timestamps(values) -> pa.Array:
    arr = np.asarray(values, dtype=np.int64)
    return pa.array(arr, pa.int64(), mask=arr == NEVER).view(ARROW_TYPES["timestamp"])


def _column(values, type_: str, n: int) -> pa.Array:
    target = ARROW_TYPES[type_]
    if values is None:
        return pa.nulls(n, target)
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    if isinstance(values, pa.Array):
        return values if values.type == target else values.cast(target)
    if type_ == "timestamp":
        return _timestamps(values)
    if type_ == "date":
        return pa.array(np.asarray(values, dtype=np.int32), pa.int32()).view(target)
    if type_ == "float":
        arr = np.asarray(values, dtype=np.float64)
        return pa.array(arr, target, mask=np.isnan(arr))
    if type_ in ("int", "cents", "bool"):
        return pa.array(np.asarray(values), target)
    return pa.array(
        values if isinstance(values, list) else np.asarray(values, dtype=object), target
    )


def build(name: str, columns: dict) -> pa.Table:
    """An Arrow table for canonical table ``name``: every declared column, in order, typed."""
    table = schema.table(name)
    unknown = set(columns) - set(table.column_names)
    if unknown:
        raise KeyError(f"{name}: unknown columns {sorted(unknown)}")
    given = [v for v in columns.values() if v is not None and not isinstance(v, (str, int, float))]
    n = len(given[0]) if given else 0
    arrays = []
    for col in table.columns:
        value = columns.get(col.name)
        if isinstance(value, (str, int, float)) and not isinstance(value, bool):
            value = (
                pa.repeat(pa.scalar(value, pa.string()), n)
                if col.type == "string"
                else np.full(n, value)
            )
        arrays.append(_column(value, col.type, n))
    return pa.Table.from_arrays(
        arrays, schema=pa.schema([(c.name, ARROW_TYPES[c.type]) for c in table.columns])
    )


def empty(name: str) -> pa.Table:
    return build(name, {})
