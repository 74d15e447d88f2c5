"""The shop's calendar: the simulated window, seasonality, holidays, promotions and operational
time.

All times inside the generator are int64 microseconds since the Unix epoch, UTC. Seasonality is a
daily intensity (weekly x yearly x holiday peaks x slow growth) normalised to mean 1; "operational
time" is the cumulative intensity measured in weeks, so a Poisson process with rate ``lambda`` per
operational week has ``lambda`` purchases per week on an average day and more on peak days.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np

DAY_US = 86_400_000_000
HOUR_US = 3_600_000_000
NEVER = np.iinfo(np.int64).max  # "no such time" sentinel inside the generator
EPOCH = dt.date(1970, 1, 1)

#: Relative order intensity Monday..Sunday.
WEEKDAY_WEIGHTS = (1.05, 1.10, 1.05, 1.00, 0.95, 0.85, 1.00)
#: Relative intensity of each hour of the day (UTC, roughly North-American evenings and mornings).
HOUR_WEIGHTS = np.array(
    [5, 4, 3, 2, 1, 1, 1, 1, 1, 2, 3, 4, 5, 6, 7, 7, 7, 7, 7, 7, 6, 6, 6, 5], dtype=float
)
HOUR_P = HOUR_WEIGHTS / HOUR_WEIGHTS.sum()


def day_number(d: dt.date) -> int:
    return (d - EPOCH).days


def date_of(us: int) -> dt.date:
    return EPOCH + dt.timedelta(days=int(us // DAY_US))


def add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    return dt.date(d.year + y, m + 1, 1)


def black_friday(year: int) -> dt.date:
    """The day after the fourth Thursday of November."""
    first = dt.date(year, 11, 1)
    thursday = first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
    return thursday + dt.timedelta(days=1)


@dataclass(frozen=True)
class Promotion:
    code: str
    percent: int
    start: dt.date
    end: dt.date  # inclusive

    def as_dict(self) -> dict:
        return {
            "code": self.code,
            "percent": self.percent,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }


def promotions_between(start: dt.date, end: dt.date) -> list[Promotion]:
    """The shop's recurring sales: spring, summer, Black Friday to Cyber Monday, Boxing week."""
    out = []
    for y in range(start.year, end.year + 1):
        yy = y % 100
        bf = black_friday(y)
        for p in (
            Promotion(f"SPRING{yy}", 20, dt.date(y, 5, 10), dt.date(y, 5, 16)),
            Promotion(f"SUMMER{yy}", 15, dt.date(y, 7, 10), dt.date(y, 7, 16)),
            Promotion(f"BFCM{yy}", 25, bf, bf + dt.timedelta(days=3)),
            Promotion(f"BOXING{yy}", 20, dt.date(y, 12, 26), dt.date(y, 12, 31)),
        ):
            if p.start >= start and p.end <= end:
                out.append(p)
    return out


@dataclass(frozen=True)
class Window:
    """The simulated period, whole days from ``start`` to ``end`` inclusive."""

    start: dt.date
    end: dt.date
    promotions: tuple[Promotion, ...] = field(default=())

    @classmethod
    def ending(cls, end: dt.date, months: int) -> Window:
        start = add_months(end, -(months - 1))
        return cls(start, end, tuple(promotions_between(start, end)))

    @property
    def n_days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def start_us(self) -> int:
        return day_number(self.start) * DAY_US

    @property
    def end_us(self) -> int:
        """Exclusive end: midnight after the last day."""
        return (day_number(self.end) + 1) * DAY_US

    def dates(self) -> np.ndarray:
        return np.arange(self.n_days) + day_number(self.start)

    def us(self, d: dt.date) -> int:
        return day_number(d) * DAY_US

    def promo_index(self) -> np.ndarray:
        """Per day: the index of the promotion running that day, or -1."""
        idx = np.full(self.n_days, -1, dtype=np.int64)
        for i, p in enumerate(self.promotions):
            a, b = (p.start - self.start).days, (p.end - self.start).days
            idx[a : b + 1] = i
        return idx

    def holiday_factor(self) -> np.ndarray:
        """Black Friday to Cyber Monday x3, December 1-20 x1.6 (gift shipping deadline)."""
        f = np.ones(self.n_days)
        for y in range(self.start.year, self.end.year + 1):
            bf = black_friday(y)
            for d0, d1, k in (
                (bf, bf + dt.timedelta(days=3), 3.0),
                (dt.date(y, 12, 1), dt.date(y, 12, 20), 1.6),
            ):
                a, b = max((d0 - self.start).days, 0), min((d1 - self.start).days, self.n_days - 1)
                if a <= b:
                    f[a : b + 1] *= k
        return f

    def day_weights(self) -> np.ndarray:
        """Daily order intensity, mean 1: weekday x yearly (winter high) x holidays x 20% growth."""
        days = self.dates()
        weekday = np.asarray(WEEKDAY_WEIGHTS)[(days + 3) % 7]  # 1970-01-01 was a Thursday
        d64 = days.astype("datetime64[D]")
        doy = (d64 - d64.astype("datetime64[Y]").astype("datetime64[D]")).astype(np.int64) + 1
        yearly = 1.0 + 0.22 * np.cos(2 * np.pi * (doy - 15) / 365.25)
        growth = np.linspace(0.9, 1.1, self.n_days)
        w = weekday * yearly * self.holiday_factor() * growth
        return w / w.mean()


def intraday_us(rng: np.random.Generator, n: int) -> np.ndarray:
    """Time within the day following the hourly profile."""
    hours = rng.choice(24, size=n, p=HOUR_P)
    return hours * HOUR_US + rng.integers(0, HOUR_US, size=n)


def sample_days(rng: np.random.Generator, n: int, weights: np.ndarray) -> np.ndarray:
    """Day offsets drawn in proportion to ``weights``."""
    cdf = np.cumsum(weights)
    return np.minimum(np.searchsorted(cdf, rng.random(n) * cdf[-1], side="right"), len(weights) - 1)


def sample_times(
    rng: np.random.Generator, window: Window, n: int, weights: np.ndarray | None = None
) -> np.ndarray:
    """Timestamps (us) inside the window with a seasonal day distribution and hourly profile."""
    w = window.day_weights() if weights is None else weights
    return window.start_us + sample_days(rng, n, w) * DAY_US + intraday_us(rng, n)


@dataclass(frozen=True)
class Warp:
    """Operational time: cumulative intensity in weeks, with its inverse."""

    window: Window
    weights: np.ndarray

    @property
    def edges(self) -> np.ndarray:
        return np.concatenate([[0.0], np.cumsum(self.weights)]) / 7.0

    def of_us(self, t_us: np.ndarray) -> np.ndarray:
        day = (np.asarray(t_us, dtype=np.int64) - self.window.start_us) / DAY_US
        return np.interp(day, np.arange(self.window.n_days + 1), self.edges)

    def to_us(self, rng: np.random.Generator, u: np.ndarray) -> np.ndarray:
        """Operational time back to a timestamp: the day by intensity, the hour by the hourly
        profile."""
        day = np.interp(u, self.edges, np.arange(self.window.n_days + 1))
        day = np.clip(np.floor(day).astype(np.int64), 0, self.window.n_days - 1)
        return self.window.start_us + day * DAY_US + intraday_us(rng, len(day))
