"""Turning text columns into typed canonical columns, vectorised, with a problem per bad value.

Every function takes a text array and returns ``(typed array, bad mask)``: ``bad`` is true where a
value was present but could not be read. Empty values become nulls; whether a null is allowed is
decided by the caller (required columns).
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from regulars.importers.options import Reading
from regulars.importers.timestamps import (
    TIMESTAMP_TYPE,
    read_dates,
    read_timestamps,
)
from regulars.importers.timestamps import (
    mask as _mask,
)
from regulars.importers.timestamps import (
    matches as _matches,
)
from regulars.importers.timestamps import (
    only as _only,
)
from regulars.importers.timestamps import (
    present as _present,
)
from regulars.schema import Column

ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "int": pa.int64(),
    "cents": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "timestamp": TIMESTAMP_TYPE,
    "date": pa.date32(),
}

_INT = r"^[+-]?\d+(\.0*)?$"
_NUMBER = r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$"
_TRUE = ["true", "t", "yes", "y", "1", "subscribed", "granted", "opted_in", "opt_in", "confirmed"]
_FALSE = [
    "false",
    "f",
    "no",
    "n",
    "0",
    "unsubscribed",
    "not_subscribed",
    "refused",
    "withdrawn",
    "opted_out",
    "opt_out",
    "pending",
    "never_subscribed",
]
#: What utf8_trim_whitespace trims among ASCII characters (tab to carriage return, separators,
#: space)
_ASCII_WHITESPACE = "\t\n\v\f\r\x1c\x1d\x1e\x1f "
_PLAIN_AMOUNT = r"^[+-]?(?:\d+\.?\d*|\.\d+)$"


def coerce(
    values: pa.Array, column: Column, timezone: str, style: Reading | None = None
) -> tuple[pa.Array, np.ndarray]:
    """Typed values for ``column`` and the mask of values that could not be read.

    Raises ``ColumnProblem`` when the column as a whole cannot be read without a guess."""
    style = style or Reading()
    text = _trimmed(values.cast(pa.string()))
    reader = _READERS[column.type]
    if column.type in ("timestamp", "date"):
        typed, bad = reader(text, timezone, style)
    elif column.type in ("cents", "float"):
        typed, bad = reader(text, style)
    else:
        typed, bad = reader(text)
    if column.choices and column.type == "string":
        typed, bad = _choice(typed, bad, column.choices)
    if column.name == "email":
        typed, bad = _email(typed)
    if column.bounds and column.type in ("int", "float"):
        bad = bad | _outside(typed, column.bounds)
    return typed, bad


def _outside(typed: pa.Array, bounds: tuple[float, float]) -> np.ndarray:
    """Where a value read lies outside (low, high]."""
    inside = pc.and_(pc.greater(typed, bounds[0]), pc.less_equal(typed, bounds[1]))
    return _present(typed) & ~_mask(inside)


def _trimmed(text: pa.Array) -> pa.Array:
    """Without surrounding whitespace; empty values as nulls."""
    if pc.all(pc.string_is_ascii(text)).as_py() is not False:
        text = pc.ascii_trim(
            text, characters=_ASCII_WHITESPACE
        )  # as utf8_trim_whitespace, several times faster
    else:
        text = pc.utf8_trim_whitespace(text)
    empty = pc.equal(text, "")
    return pc.if_else(empty, pa.scalar(None, pa.string()), text) if pc.any(empty).as_py() else text


def _string(text: pa.Array) -> tuple[pa.Array, np.ndarray]:
    return text, np.zeros(len(text), dtype=bool)


def _choice(
    typed: pa.Array, bad: np.ndarray, choices: tuple[str, ...]
) -> tuple[pa.Array, np.ndarray]:
    lowered = pc.replace_substring(pc.utf8_lower(typed), " ", "_")
    ok = _mask(pc.is_in(lowered, value_set=pa.array(choices)))
    return lowered, bad | (_present(typed) & ~ok)


def _email(text: pa.Array) -> tuple[pa.Array, np.ndarray]:
    lowered = pc.utf8_lower(text)
    ok = _mask(pc.match_substring_regex(lowered, r"^[^@\s]+@[^@\s]+\.[^@\s]+$"))
    return lowered, _present(text) & ~ok


def _int(text: pa.Array) -> tuple[pa.Array, np.ndarray]:
    cleaned = pc.replace_substring(text, ",", "")
    ok = _mask(pc.match_substring_regex(cleaned, _INT))
    values = pc.cast(pc.cast(_only(cleaned, ok), pa.float64()), pa.int64())
    return values, _present(text) & ~ok


def _float(text: pa.Array, style: Reading) -> tuple[pa.Array, np.ndarray]:
    text = pc.replace_substring(text, "%", "")
    if _comma_decimal(text, style):
        cleaned = _comma_to_point(text)
    else:
        cleaned = pc.replace_substring_regex(text, r",(\d{3})", r"\1")
    ok = _mask(pc.match_substring_regex(cleaned, _NUMBER))
    return pc.cast(_only(cleaned, ok), pa.float64()), _present(text) & ~ok


#: A number written with a decimal comma (1.234,50 / 12,5) or a decimal point (1,234.50 / 12.5),
#: told apart where a value leaves no doubt: 1-2 digits after the last separator, or both kinds.
_COMMA_EVIDENCE = r"(^|[^\d.,])\d+,\d{1,2}(\D|$)|\d\.\d{3},\d"
_POINT_EVIDENCE = r"(^|[^\d.,])\d+\.\d{1,2}(\D|$)|\d,\d{3}\.\d"
_COMMA_NUMBER = r"^[+-]?(\d{1,3}(\.\d{3})+|\d+)(,\d+)?$"
_POINT_NUMBER = r"^[+-]?((\d{1,3}(,\d{3})+|\d+)(\.\d*)?|\.\d+)$"
_SPACES = r"[\s\x{00a0}\x{202f}]"


def _comma_decimal(text: pa.Array, style: Reading) -> bool:
    """Whether this column writes decimals with a comma (said by the user, or by its values)."""
    if style.decimal is not None:
        return style.decimal == ","
    if not _mask(pc.match_substring_regex(text, _COMMA_EVIDENCE)).any():
        return False
    return not _mask(pc.match_substring_regex(text, _POINT_EVIDENCE)).any()


def _comma_to_point(text: pa.Array) -> pa.Array:
    """1.234,50 -> 1234.50; a value not written that way becomes unreadable (never misread)."""
    squeezed = pc.replace_substring_regex(text, _SPACES, "")
    ok = _mask(pc.match_substring_regex(squeezed, _COMMA_NUMBER))
    point = pc.replace_substring(pc.replace_substring(squeezed, ".", ""), ",", ".")
    return _only(point, ok | ~_present(text))


def _cents(text: pa.Array, style: Reading) -> tuple[pa.Array, np.ndarray]:
    """Money in major units ("1,234.50", "$12", "(3.00)", "-3.00 EUR", "1.234,50 €") as integer
    cents."""
    ok = _matches(text, _PLAIN_AMOUNT)
    if style.decimal != "," and (ok | ~_present(text)).all():  # plain numbers: nothing to clean
        cleaned, negative = text, np.zeros(len(text), dtype=bool)
    else:
        negative = _mask(pc.match_substring_regex(text, r"^\(.*\)$"))
        cleaned = pc.replace_substring_regex(text, r"[$€£¥()]|[A-Za-z]{3}$|^[A-Za-z]{3}", "")
        cleaned = pc.utf8_trim_whitespace(cleaned)
        if _comma_decimal(cleaned, style):
            cleaned = _comma_to_point(cleaned)
        else:
            cleaned = pc.replace_substring_regex(cleaned, _SPACES, "")
            good = _mask(pc.match_substring_regex(cleaned, _POINT_NUMBER))
            cleaned = _only(pc.replace_substring(cleaned, ",", ""), good)
        ok = _matches(cleaned, _PLAIN_AMOUNT)
    amounts = pc.cast(_only(cleaned, ok), pa.float64()).to_numpy(zero_copy_only=False)
    with np.errstate(invalid="ignore"):
        cents = np.round(amounts * 100.0)
    cents = np.where(negative, -cents, cents)
    valid = ok & np.isfinite(cents) & (np.abs(np.nan_to_num(cents)) < 9e15)
    out = pa.array(np.where(valid, cents, 0).astype(np.int64), mask=~valid)
    return out, _present(text) & ~valid


def _bool(text: pa.Array) -> tuple[pa.Array, np.ndarray]:
    lowered = pc.replace_substring(pc.utf8_lower(text), "-", "_")
    is_true = _mask(pc.is_in(lowered, value_set=pa.array(_TRUE)))
    is_false = _mask(pc.is_in(lowered, value_set=pa.array(_FALSE)))
    ok = is_true | is_false
    return pa.array(is_true, mask=~ok), _present(text) & ~ok


_READERS = {
    "string": _string,
    "int": _int,
    "float": _float,
    "cents": _cents,
    "bool": _bool,
    "timestamp": read_timestamps,
    "date": read_dates,
}
