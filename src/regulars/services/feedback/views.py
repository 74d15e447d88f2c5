"""Summary, themes, one theme, trends: read from the shop's analysed feedback."""

from __future__ import annotations

from collections import Counter

import numpy as np

from regulars.analytics.feedback.lexicon import THRESHOLD
from regulars.services.feedback.analysis import Analysis, analyse
from regulars.services.feedback.results import (
    FeedbackSummary,
    FeedbackTrends,
    ThemeDetail,
    ThemeRow,
    ThemeTrend,
    TrendPoint,
)
from regulars.services.workspace import Workspace

QUOTES = 3


def quotes(a: Analysis, rows: np.ndarray, n: int = QUOTES) -> tuple[str, ...]:
    """The most repeated distinct texts among ``rows``, the more negative first on a tie."""
    counts = Counter(a.corpus.text[i] for i in rows)
    worst = {a.corpus.text[i]: a.score[i] for i in rows}
    ranked = sorted(counts, key=lambda t: (-counts[t], worst[t]))
    return tuple(ranked[:n])


def _mean(x: np.ndarray) -> float | None:
    return float(x.mean()) if len(x) else None


def theme_row(a: Analysis, k: int, mask: np.ndarray | None = None) -> ThemeRow:
    keep = a.matrix[:, k] if mask is None else a.matrix[:, k] & mask
    rows = np.flatnonzero(keep)
    total = len(a.corpus) if mask is None else int(mask.sum())
    s = a.score[rows]
    t = a.themes[k]
    negative = _mean((s <= -THRESHOLD).astype(float))
    return ThemeRow(
        t.name,
        t.title,
        len(rows),
        len(rows) / total if total else 0.0,
        _mean(s),
        negative,
        quotes(a, rows),
    )


def _counts(values: np.ndarray) -> dict[str, int]:
    return {str(k): int(v) for k, v in Counter(v or "unknown" for v in values).most_common()}


def feedback_summary(ws: Workspace) -> FeedbackSummary:
    a = analyse(ws)
    c = a.corpus
    rows = sorted((theme_row(a, k) for k in range(len(a.themes))), key=lambda r: -r.mentions)
    open_alerts = sum(1 for e in a.episodes if a.start is not None and _open(a, e))
    first = str(c.day.min()) if len(c) else None
    last = str(c.day.max()) if len(c) else None
    pos = _mean((a.score >= THRESHOLD).astype(float))
    neg = _mean((a.score <= -THRESHOLD).astype(float))
    words = (
        f"{len(c):,} texts from {first} to {last}. {a.choice.explanation}"
        if len(c)
        else "No feedback with words yet: regulars import feedback FILE."
    )
    return FeedbackSummary(
        len(c),
        first,
        last,
        _counts(c.kind),
        _counts(c.channel),
        a.choice.path,
        a.choice.lexicon_accuracy,
        a.choice.learned_accuracy,
        pos,
        neg,
        tuple(rows),
        open_alerts,
        words,
    )


def _open(a: Analysis, e) -> bool:
    return e.last_day >= int((a.corpus.day.max() - a.start).astype(int))


def feedback_themes(ws: Workspace, channel: str | None = None) -> tuple[ThemeRow, ...]:
    a = analyse(ws)
    mask = None if channel is None else a.corpus.channel == channel
    rows = (theme_row(a, k, mask) for k in range(len(a.themes)))
    return tuple(sorted(rows, key=lambda r: -r.mentions))


def _periods(a: Analysis, period: str) -> np.ndarray:
    unit = "M" if period == "month" else "W"
    return a.corpus.day.astype(f"datetime64[{unit}]")


def _trend(a: Analysis, k: int, labels: np.ndarray, mask: np.ndarray) -> tuple[TrendPoint, ...]:
    points = []
    for p in np.unique(labels[mask]):
        here = mask & (labels == p)
        hit = here & a.matrix[:, k]
        n, m = int(here.sum()), int(hit.sum())
        points.append(TrendPoint(str(p), m, m / n if n else 0.0, _mean(a.score[hit])))
    return tuple(points)


def feedback_trends(ws: Workspace, period: str = "month", channel: str | None = None):
    a = analyse(ws)
    labels = _periods(a, period)
    mask = np.ones(len(a.corpus), bool) if channel is None else a.corpus.channel == channel
    themes = tuple(
        ThemeTrend(t.name, t.title, _trend(a, k, labels, mask)) for k, t in enumerate(a.themes)
    )
    return FeedbackTrends(period, channel, themes)


def feedback_theme(ws: Workspace, name: str, period: str = "month") -> ThemeDetail:
    a = analyse(ws)
    k = a.theme_index(name)
    row = theme_row(a, k)
    everything = np.ones(len(a.corpus), bool)
    trend = _trend(a, k, _periods(a, period), everything)
    by_channel = _counts(a.corpus.channel[a.matrix[:, k]])
    words = (
        f"{row.title}: {row.mentions:,} texts ({row.share:.0%} of all), "
        f"{(row.negative_share or 0):.0%} of them negative."
    )
    return ThemeDetail(row, by_channel, trend, words)
