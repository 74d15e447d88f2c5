"""Simulated shops with known adstock, saturation and ceilings per channel (the truth)."""

from __future__ import annotations

import numpy as np

from regulars.analytics.mmm.transforms import adstock, hill


def simulate(seed: int, n: int = 104, k: int = 3, noise: float = 800.0):
    rng = np.random.default_rng(seed)
    mean = rng.uniform(500, 3000, k)
    spend = mean * rng.gamma(2.0, 0.5, (n, k)) * (rng.random((n, k)) > 0.2)
    truth = {
        "decay": rng.uniform(0.1, 0.7, k),
        "half": mean * rng.uniform(0.5, 2.5, k),
        "beta": rng.uniform(2000, 8000, k),
    }
    t = np.arange(n)
    base = 20000 + 20 * t + 2500 * np.sin(2 * np.pi * t / 52.18)
    media = np.column_stack(
        [truth["beta"][c] * hill(adstock(spend[:, c], truth["decay"][c]), truth["half"][c])
         for c in range(k)]
    )  # fmt: skip
    y = base + media.sum(1) + rng.normal(0, noise, n)
    return spend, y, media, truth
