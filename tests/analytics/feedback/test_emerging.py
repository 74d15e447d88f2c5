"""Emerging issues on seeded synthetic feedback: a planted jump of one theme's share is found in
its first week; steady feedback (with seasonal swings of volume) and a handful of texts are not."""

from __future__ import annotations

import numpy as np

from regulars.analytics.feedback.emerging import episodes

DAYS = 400


def corpus(seed: int, jump_day: int | None, share=0.1, jumped=0.5, volume=None):
    rng = np.random.default_rng(seed)
    per_day = volume if volume is not None else np.full(DAYS, 20)
    counts = rng.poisson(per_day)
    day = np.repeat(np.arange(DAYS), counts)
    p = np.full(len(day), share)
    if jump_day is not None:
        p[(day >= jump_day) & (day < jump_day + 30)] = jumped
    theme = rng.random(len(day)) < p
    other = rng.random(len(day)) < 0.2
    return day, np.column_stack([theme, other])


def test_a_planted_jump_is_found_in_its_first_week():
    day, matrix = corpus(1, jump_day=250)
    found = [e for e in episodes(day, matrix, DAYS) if e.theme == 0]
    assert found and 250 <= found[-1].first_day <= 256
    assert found[-1].share > 2 * found[-1].usual_share
    assert all(e.theme == 0 and 250 <= e.first_day < 280 for e in episodes(day, matrix, DAYS))


def test_steady_feedback_with_seasonal_volume_raises_nothing():
    season = (
        20 + 15 * np.sin(np.arange(DAYS) * 2 * np.pi / 365) + 30 * (np.arange(DAYS) % 365 > 330)
    )
    for seed in range(5):
        day, matrix = corpus(seed, jump_day=None, volume=season)
        assert episodes(day, matrix, DAYS) == []


def test_a_handful_of_texts_is_not_an_issue():
    day = np.r_[np.arange(DAYS), [300, 300, 301]]
    theme = np.r_[np.zeros(DAYS, bool), [True, True, True]]
    assert episodes(day, theme[:, None], DAYS) == []
