"""Emerging issues: a theme whose share of all feedback in the last ``WINDOW`` days rises beyond
its share in the ``BASELINE`` days before. The count test is Fisher's exact test, one-sided (a
handful of texts never alarms on its own, and the baseline's own noise is allowed for), corrected
over themes and weeks (Bonferroni), and the share must at least double. Judging the share rather
than the volume keeps seasonal swings of all feedback from raising alarms."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.stats import hypergeom

WINDOW, BASELINE = 7, 56  # days
MIN_COUNT, MIN_RATIO, ALPHA = 5, 2.0, 0.05  # ALPHA: family-wise, over themes x weeks


@dataclass(frozen=True)
class Episode:
    theme: int  # column of the theme matrix
    first_day: int  # first day whose trailing window was flagged
    last_day: int
    count: int  # texts of the theme in the first flagged window
    share: float  # their share of all texts then
    usual_share: float  # in the baseline before it
    p_value: float


def _window(c: np.ndarray, end: np.ndarray, width: int) -> np.ndarray:
    """Sums of c over the ``width`` days ending at each day of ``end`` (0 before day 0)."""
    cum = np.concatenate([[0], np.cumsum(c)])
    hi = np.clip(end + 1, 0, len(c))
    lo = np.clip(end + 1 - width, 0, len(c))
    return cum[hi] - cum[lo]


def _flags(theme_daily: np.ndarray, total_daily: np.ndarray, tests: int) -> tuple:
    days = np.arange(len(total_daily))
    win_c, win_t = _window(theme_daily, days, WINDOW), _window(total_daily, days, WINDOW)
    base_end = days - WINDOW
    base_c, base_t = (
        _window(theme_daily, base_end, BASELINE),
        _window(total_daily, base_end, BASELINE),
    )
    usual = (base_c + 0.5) / (base_t + 1.0)
    # Fisher's exact test, one-sided: the window's count given both counts and both totals
    p = hypergeom.sf(win_c - 1, win_t + base_t, win_c + base_c, win_t)
    share = np.divide(win_c, win_t, out=np.zeros(len(days)), where=win_t > 0)
    ok = (days >= WINDOW + BASELINE // 2) & (win_c >= MIN_COUNT) & (share >= MIN_RATIO * usual)
    return ok & (p < ALPHA / tests), win_c, share, usual, p


def episodes(day: np.ndarray, matrix: np.ndarray, n_days: int) -> list[Episode]:
    """Every run of flagged days per theme. ``day``: each text's day number (0-based);
    ``matrix``: texts x themes booleans."""
    total = np.bincount(day, minlength=n_days)[:n_days]
    tests = max(1, matrix.shape[1] * max(1, n_days // WINDOW))
    found = []
    for k in range(matrix.shape[1]):
        daily = np.bincount(day[matrix[:, k]], minlength=n_days)[:n_days]
        flag, win_c, share, usual, p = _flags(daily, total, tests)
        starts = np.flatnonzero(flag & ~np.r_[False, flag[:-1]])
        for s in starts:
            e = s
            while e + 1 < n_days and flag[e + 1]:
                e += 1
            found.append(
                Episode(
                    k, int(s), int(e), int(win_c[s]), float(share[s]), float(usual[s]), float(p[s])
                )
            )
    return sorted(found, key=lambda ep: (-ep.first_day, ep.theme))
