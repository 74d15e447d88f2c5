"""Turning text columns into typed canonical columns, vectorised, with a problem per bad value.

Every function takes a text array and returns ``(typed array, bad mask)``: ``bad`` is true where a
value was present but could not be read. Empty values become nulls; whether a null is allowed is
decided by the caller (required columns).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from regulars.schema import Column

ARROW_TYPES: dict[str, pa.DataType] = {
    "string": pa.string(),
    "int": pa.int64(),
    "cents": pa.int64(),
    "float": pa.float64(),
    "bool": pa.bool_(),
    "timestamp": pa.timestamp("us", tz="UTC"),
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
_YEAR_MIN, _YEAR_MAX = 1900, 2100
#: [1900-01-01, 2101-01-01) UTC in microseconds since the epoch
_EPOCH_US = tuple(
    int((datetime(y, 1, 1, tzinfo=UTC) - datetime(1970, 1, 1, tzinfo=UTC)).total_seconds()) * 10**6
    for y in (_YEAR_MIN, _YEAR_MAX + 1)
)


@dataclass(frozen=True)
class TimestampFormat:
    """A pattern recognised in timestamp columns: a regex that selects values and how to read them.

    ``regex`` names the groups ``y``, ``m`` (number or month name) and ``d`` so that impossible
    calendar dates (2025-09-31) are refused: Arrow's strptime would roll them over to the next
    month.
    """

    regex: str
    strptime: str | None  # None: ISO 8601, read by Arrow's cast
    has_offset: bool
    description: str


TIMESTAMP_FORMATS: tuple[TimestampFormat, ...] = (
    TimestampFormat(
        r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})[T "
        r"]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})$",
        None,
        True,
        "ISO 8601 with offset",
    ),
    TimestampFormat(
        r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$",
        None,
        False,
        "ISO 8601 local time",
    ),
    TimestampFormat(
        r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2}) \d{2}:\d{2}:\d{2} [+-]\d{4}$",
        "%Y-%m-%d %H:%M:%S %z",
        True,
        "Shopify (2025-10-07 09:50:26 +0200)",
    ),
    TimestampFormat(
        r"^(?P<m>[A-Za-z]{3}) (?P<d>\d{2}), (?P<y>\d{4}) \d{2}:\d{2} [AaPp][Mm]$",
        "%b %d, %Y %I:%M %p",
        False,
        "Mailchimp (Jun 09, 2018 09:30 pm)",
    ),
    TimestampFormat(
        r"^(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})$", "%Y%m%d", False, "compact date (19970101)"
    ),
    TimestampFormat(
        r"^(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})$", "%m/%d/%Y", False, "US date (MM/DD/YYYY)"
    ),
    TimestampFormat(
        r"^(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}) \d{1,2}:\d{2}:\d{2}$",
        "%m/%d/%Y %H:%M:%S",
        False,
        "US date and time",
    ),
    TimestampFormat(
        r"^(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4}) \d{1,2}:\d{2}$",
        "%m/%d/%Y %H:%M",
        False,
        "US date and time",
    ),
)


def coerce(values: pa.Array, column: Column, timezone: str) -> tuple[pa.Array, np.ndarray]:
    """Typed values for ``column`` and the mask of values that could not be read."""
    text = _trimmed(values.cast(pa.string()))
    reader = _READERS[column.type]
    typed, bad = reader(text, timezone) if column.type in ("timestamp", "date") else reader(text)
    if column.choices and column.type == "string":
        typed, bad = _choice(typed, bad, column.choices)
    if column.name == "email":
        typed, bad = _email(typed)
    return typed, bad


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


def _mask(array) -> np.ndarray:
    return np.asarray(pc.fill_null(array, False).to_numpy(zero_copy_only=False), dtype=bool)


def _present(text: pa.Array) -> np.ndarray:
    return _mask(pc.is_valid(text))


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


def _only(text: pa.Array, ok: np.ndarray) -> pa.Array:
    if ok.all():
        return text
    return pc.if_else(pa.array(ok), text, pa.scalar(None, pa.string()))


def _matches(text: pa.Array, regex: str) -> np.ndarray:
    """Where ``regex`` matches (its named groups only matter to ``extract_regex``: matching
    without capturing is faster)."""
    return _mask(pc.match_substring_regex(text, re.sub(r"\(\?P<\w+>", "(?:", regex)))


def _int(text: pa.Array) -> tuple[pa.Array, np.ndarray]:
    cleaned = pc.replace_substring(text, ",", "")
    ok = _mask(pc.match_substring_regex(cleaned, _INT))
    values = pc.cast(pc.cast(_only(cleaned, ok), pa.float64()), pa.int64())
    return values, _present(text) & ~ok


def _float(text: pa.Array) -> tuple[pa.Array, np.ndarray]:
    cleaned = pc.replace_substring_regex(text, r"[,%]", "")
    ok = _mask(pc.match_substring_regex(cleaned, _NUMBER))
    return pc.cast(_only(cleaned, ok), pa.float64()), _present(text) & ~ok


def _cents(text: pa.Array) -> tuple[pa.Array, np.ndarray]:
    """Money in major units ("1,234.50", "$12", "(3.00)", "-3.00 EUR") as integer cents."""
    ok = _matches(text, _PLAIN_AMOUNT)
    if (ok | ~_present(text)).all():  # plain numbers only ("12.50"): nothing to clean
        cleaned, negative = text, np.zeros(len(text), dtype=bool)
    else:
        negative = _mask(pc.match_substring_regex(text, r"^\(.*\)$"))
        cleaned = pc.replace_substring_regex(text, r"[\s,$€£¥()]|[A-Za-z]{3}$|^[A-Za-z]{3}", "")
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


def _timestamp(text: pa.Array, timezone: str) -> tuple[pa.Array, np.ndarray]:
    out = pa.nulls(len(text), ARROW_TYPES["timestamp"])
    parsed = np.zeros(len(text), dtype=bool)
    present = _present(text)
    for fmt in TIMESTAMP_FORMATS:
        if not (present & ~parsed).any():
            break
        hit = _matches(text, fmt.regex) & ~parsed
        if not hit.any():
            continue
        values, ok = _read_format(_only(text, hit), fmt, timezone)
        if (
            fmt.strptime is not None
        ):  # Arrow's ISO reader refuses impossible dates itself; strptime rolls them over
            ok &= _real_calendar_date(_only(text, hit), fmt) | ~hit
        out = values if ok.all() else pc.if_else(pa.array(ok), values, out)
        parsed |= ok
    in_range = _plausible_years(out)
    if not in_range.all():
        out = pc.if_else(pa.array(in_range), out, pa.scalar(None, out.type))
    return out, present & ~(parsed & in_range)


def _plausible_years(stamps: pa.Array) -> np.ndarray:
    """True where a timestamp is missing or falls in 1900-2100 (UTC; a cheap bound check first)."""
    bounds = pc.min_max(stamps.cast(pa.int64()))
    low, high = bounds["min"].as_py(), bounds["max"].as_py()
    if low is None or (_EPOCH_US[0] <= low and high < _EPOCH_US[1]):
        return np.ones(len(stamps), dtype=bool)
    years = pc.year(stamps).to_numpy(zero_copy_only=False)
    plausible = np.nan_to_num(years.astype(float), nan=-1)
    return (plausible >= _YEAR_MIN) & (plausible <= _YEAR_MAX)


_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_DAYS_IN_MONTH = np.array([0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31])


def _real_calendar_date(text: pa.Array, fmt: TimestampFormat) -> np.ndarray:
    """True where the year, month and day in the text name a day that exists."""
    parts = pc.extract_regex(text, fmt.regex)
    year = np.nan_to_num(
        pc.cast(pc.struct_field(parts, "y"), pa.float64()).to_numpy(zero_copy_only=False), nan=0
    ).astype(int)
    month_text = pc.utf8_lower(pc.struct_field(parts, "m"))
    by_name = pc.add(pc.index_in(month_text, value_set=pa.array(_MONTHS)), 1)
    month = pc.coalesce(
        by_name,
        pc.cast(
            pc.if_else(pc.match_substring_regex(month_text, r"^\d+$"), month_text, None), pa.int64()
        ),
    )
    month = np.nan_to_num(
        pc.cast(month, pa.float64()).to_numpy(zero_copy_only=False), nan=0
    ).astype(int)
    day = np.nan_to_num(
        pc.cast(pc.struct_field(parts, "d"), pa.float64()).to_numpy(zero_copy_only=False), nan=0
    ).astype(int)
    valid_month = (month >= 1) & (month <= 12)
    leap = (year % 4 == 0) & ((year % 100 != 0) | (year % 400 == 0))
    longest = _DAYS_IN_MONTH[np.where(valid_month, month, 0)] + ((month == 2) & leap)
    return valid_month & (day >= 1) & (day <= longest)


def _read_format(
    text: pa.Array, fmt: TimestampFormat, timezone: str
) -> tuple[pa.Array, np.ndarray]:
    if fmt.strptime is None:
        target = ARROW_TYPES["timestamp"] if fmt.has_offset else pa.timestamp("us")
        values = _iso_cast(
            text, target
        )  # Arrow and fromisoformat read "T" or " " between date and time
        values = values if fmt.has_offset else _localize(values, timezone)
    else:
        values = pc.strptime(text, format=fmt.strptime, unit="us", error_is_null=True)
        values = (
            pc.cast(values, ARROW_TYPES["timestamp"])
            if fmt.has_offset
            else _localize(values, timezone)
        )
    return values, _mask(pc.is_valid(values))


def _iso_cast(text: pa.Array, target: pa.DataType) -> pa.Array:
    """Arrow's ISO cast fails whole on one bad value (e.g. month 13); then read value by value."""
    try:
        return pc.cast(text, target)
    except pa.ArrowInvalid:
        return pa.array([_iso_value(v) for v in text.to_pylist()], target)


def _iso_value(value: str | None) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed


def _localize(naive: pa.Array, timezone: str) -> pa.Array:
    if pa.types.is_timestamp(naive.type) and naive.type.tz is not None:
        return naive
    local = pc.assume_timezone(naive, timezone=timezone, ambiguous="earliest", nonexistent="latest")
    return pc.cast(local, ARROW_TYPES["timestamp"])


def _date(text: pa.Array, timezone: str) -> tuple[pa.Array, np.ndarray]:
    stamps, bad = _timestamp(text, timezone)
    return pc.cast(pc.local_timestamp(stamps), pa.date32()), bad


_READERS = {
    "string": _string,
    "int": _int,
    "float": _float,
    "cents": _cents,
    "bool": _bool,
    "timestamp": _timestamp,
    "date": _date,
}
