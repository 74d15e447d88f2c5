"""What the feedback services return: frozen dataclasses, JSON-native fields."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ThemeRow:
    name: str
    title: str
    mentions: int
    share: float  # of all texts
    sentiment: float | None  # mean score in [-1, 1]
    negative_share: float | None
    quotes: tuple[str, ...]


@dataclass(frozen=True)
class FeedbackSummary:
    texts: int
    first_day: str | None
    last_day: str | None
    by_kind: dict[str, int]
    by_channel: dict[str, int]
    sentiment_path: str
    lexicon_accuracy: float | None
    learned_accuracy: float | None
    positive_share: float | None
    negative_share: float | None
    themes: tuple[ThemeRow, ...]
    open_alerts: int
    explanation: str


@dataclass(frozen=True)
class TrendPoint:
    period: str
    mentions: int
    share: float
    sentiment: float | None


@dataclass(frozen=True)
class ThemeDetail:
    theme: ThemeRow
    by_channel: dict[str, int]
    trend: tuple[TrendPoint, ...]
    explanation: str


@dataclass(frozen=True)
class ThemeTrend:
    name: str
    title: str
    points: tuple[TrendPoint, ...]


@dataclass(frozen=True)
class FeedbackTrends:
    period: str
    channel: str | None
    themes: tuple[ThemeTrend, ...]


@dataclass(frozen=True)
class FeedbackAlert:
    theme: str
    title: str
    first_day: str
    last_day: str
    still_open: bool
    count: int
    share: float
    usual_share: float
    p_value: float
    quotes: tuple[str, ...]
    orders: tuple[str, ...]
    by_kind: dict[str, int]
    by_channel: dict[str, int]
    explanation: str


@dataclass(frozen=True)
class FeedbackAlerts:
    alerts: tuple[FeedbackAlert, ...]
    explanation: str


@dataclass(frozen=True)
class DriverRow:
    theme: str
    title: str
    with_theme: int
    unhappy_with: int
    without_theme: int
    unhappy_without: int
    difference: float
    low: float
    high: float
    clear: bool


@dataclass(frozen=True)
class FeedbackDrivers:
    drivers: tuple[DriverRow, ...]
    explanation: str


@dataclass(frozen=True)
class ScoredText:
    line: int
    text: str  # masked
    score: float
    label: str  # positive, neutral, negative
    themes: tuple[str, ...]


@dataclass(frozen=True)
class ScoredFile:
    file: str
    path: str
    texts: tuple[ScoredText, ...]
