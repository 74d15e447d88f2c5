"""Reading dates and times in the forms shops' exports write them, vectorised.

Day-first or month-first (03/02/2026) is decided from the whole column, never guessed: a value
above 12 in one place settles it, the user's ``--day-first`` / ``--month-first`` or the
workspace's ``date_order`` answer it otherwise, and failing both the column is one problem.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from regulars.importers.options import Reading
from regulars.importers.problems import ColumnProblem

TIMESTAMP_TYPE = pa.timestamp("us", tz="UTC")

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


def _day_first(fmt: TimestampFormat, sep: str = "/") -> TimestampFormat:
    """The same slash format read day first (03/02/2026: 3 February), or dotted (03.02.2026)."""
    regex = fmt.regex.replace("(?P<m>", "(?P<D>").replace("(?P<d>", "(?P<m>")
    regex = regex.replace("(?P<D>", "(?P<d>").replace("/", "\\." if sep == "." else "/")
    return TimestampFormat(
        regex,
        (fmt.strptime or "").replace("%m/%d/", f"%d{sep}%m{sep}"),
        fmt.has_offset,
        fmt.description.replace("US date", "day-first date").replace("MM/DD", "DD/MM"),
    )


_SLASH = tuple(f for f in TIMESTAMP_FORMATS if f.strptime and f.strptime.startswith("%m/%d"))
DAY_FIRST_FORMATS = {f: _day_first(f) for f in _SLASH}
DOTTED_FORMATS = tuple(_day_first(f, ".") for f in _SLASH)  # 03.02.2026: always day first
_SLASH_PARTS = r"^(?P<a>\d{1,2})/(?P<b>\d{1,2})/\d{4}"


def mask(array) -> np.ndarray:
    return np.asarray(pc.fill_null(array, False).to_numpy(zero_copy_only=False), dtype=bool)


def present(text: pa.Array) -> np.ndarray:
    return mask(pc.is_valid(text))


def only(text: pa.Array, ok: np.ndarray) -> pa.Array:
    if ok.all():
        return text
    return pc.if_else(pa.array(ok), text, pa.scalar(None, pa.string()))


def matches(text: pa.Array, regex: str) -> np.ndarray:
    """Where ``regex`` matches (its named groups only matter to ``extract_regex``: matching
    without capturing is faster)."""
    return mask(pc.match_substring_regex(text, re.sub(r"\(\?P<\w+>", "(?:", regex)))


def read_timestamps(
    text: pa.Array, timezone: str, style: Reading | None = None
) -> tuple[pa.Array, np.ndarray]:
    out = pa.nulls(len(text), TIMESTAMP_TYPE)
    parsed = np.zeros(len(text), dtype=bool)
    given = present(text)
    day_first: bool | None = None
    for fmt in (*TIMESTAMP_FORMATS, *DOTTED_FORMATS):
        if not (given & ~parsed).any():
            break
        hit = matches(text, fmt.regex) & ~parsed
        if not hit.any():
            continue
        if fmt in DAY_FIRST_FORMATS:
            if day_first is None:
                day_first = _slash_order(text, given & ~parsed, style or Reading())
            fmt = DAY_FIRST_FORMATS[fmt] if day_first else fmt
        values, ok = _read_format(only(text, hit), fmt, timezone)
        if fmt.strptime is not None:  # Arrow's ISO reader refuses impossible dates; strptime not
            ok &= _real_calendar_date(only(text, hit), fmt) | ~hit
        out = values if ok.all() else pc.if_else(pa.array(ok), values, out)
        parsed |= ok
    in_range = _plausible_years(out)
    if not in_range.all():
        out = pc.if_else(pa.array(in_range), out, pa.scalar(None, out.type))
    return out, given & ~(parsed & in_range)


DATE_ORDER_FIX = (
    'say which with --day-first or --month-first, or set date_order = "day-first" (or '
    '"month-first") in the workspace\'s regulars.toml'
)


def _slash_order(text: pa.Array, left: np.ndarray, style: Reading) -> bool:
    """Whether the column's nn/nn/yyyy dates are day first, from the whole column: a first
    number above 12 says day first, a second one above 12 month first; never a guess."""
    if style.date_order is not None:
        return style.date_order == "day-first"
    parts = pc.extract_regex(only(text, left), _SLASH_PARTS)
    first = _numbers(pc.struct_field(parts, "a"))
    second = _numbers(pc.struct_field(parts, "b"))
    days_first, months_first = first > 12, second > 12
    if days_first.any() and months_first.any():
        i, j = int(np.argmax(days_first)), int(np.argmax(months_first))
        raise ColumnProblem(
            j,
            text[j].as_py(),
            f"dates are written both day first ({text[i].as_py()}) and month first "
            f"({text[j].as_py()}); make them one way, or {DATE_ORDER_FIX}",
        )
    if days_first.any() or months_first.any():
        return bool(days_first.any())
    i = int(np.argmax(first > 0))
    value = text[i].as_py()
    a, b = value.split("/")[:2]
    raise ColumnProblem(
        i,
        value,
        f"every date could be day first or month first ({value}: {_day_name(a, b)} or "
        f"{_day_name(b, a)}); {DATE_ORDER_FIX}",
    )


def _numbers(parts: pa.Array) -> np.ndarray:
    values = pc.cast(parts, pa.float64()).to_numpy(zero_copy_only=False)
    return np.nan_to_num(values, nan=0).astype(int)


def _day_name(day: str, month: str) -> str:
    names = ["January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December"]  # fmt: skip
    return f"{int(day)} {names[int(month) - 1]}"


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
        target = TIMESTAMP_TYPE if fmt.has_offset else pa.timestamp("us")
        values = _iso_cast(
            text, target
        )  # Arrow and fromisoformat read "T" or " " between date and time
        values = values if fmt.has_offset else _localize(values, timezone)
    else:
        values = pc.strptime(text, format=fmt.strptime, unit="us", error_is_null=True)
        values = pc.cast(values, TIMESTAMP_TYPE) if fmt.has_offset else _localize(values, timezone)
    return values, mask(pc.is_valid(values))


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
    return pc.cast(local, TIMESTAMP_TYPE)


def read_dates(
    text: pa.Array, timezone: str, style: Reading | None = None
) -> tuple[pa.Array, np.ndarray]:
    stamps, bad = read_timestamps(text, timezone, style)
    return pc.cast(pc.local_timestamp(stamps), pa.date32()), bad
