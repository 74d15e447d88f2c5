"""Sample-ratio mismatch: did the arms get the traffic split they were supposed to?

A chi-square goodness-of-fit test of the observed unit counts against the planned weights, flagged
when p < 0.001 (GrowthBook's default threshold). A flag means the assignment or the tracking is
broken, and no effect estimate from the experiment should be trusted until it is explained.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats as st

SRM_THRESHOLD = 0.001


@dataclass(frozen=True)
class SampleRatioCheck:
    observed: tuple[int, ...]
    expected: tuple[float, ...]
    chi_square: float
    df: int
    p_value: float
    threshold: float
    flagged: bool
    message: str
    error: str | None = None


def _failed(observed, error: str) -> SampleRatioCheck:
    return SampleRatioCheck(tuple(observed), (), 0.0, 0, 1.0, SRM_THRESHOLD, False, error, error)


def sample_ratio_mismatch(
    observed, weights=None, threshold: float = SRM_THRESHOLD
) -> SampleRatioCheck:
    """Chi-square test of ``observed`` counts per arm against ``weights`` (equal if omitted)."""
    counts = np.asarray(observed, dtype=float)
    w = np.ones_like(counts) if weights is None else np.asarray(weights, dtype=float)
    if counts.size < 2 or w.shape != counts.shape:
        return _failed(observed, "Need at least two arms, and one weight per arm.")
    if (counts < 0).any() or (w <= 0).any() or counts.sum() == 0:
        return _failed(observed, "Counts must be non-negative with some units; weights positive.")
    expected = counts.sum() * w / w.sum()
    chi2 = float(((counts - expected) ** 2 / expected).sum())
    df = counts.size - 1
    p = float(st.chi2.sf(chi2, df))
    flagged = p < threshold
    shares = ", ".join(f"{c / counts.sum():.1%}" for c in counts)
    planned = ", ".join(f"{x / w.sum():.1%}" for x in w)
    message = (
        f"Sample ratio mismatch: traffic split {shares} instead of {planned} (p = {p:.2g}). "
        "Assignment or tracking is broken; do not trust these results until it is fixed."
        if flagged
        else f"No sample ratio mismatch: split {shares} against planned {planned} (p = {p:.2g})."
    )
    return SampleRatioCheck(
        tuple(int(c) for c in counts),
        tuple(float(e) for e in expected),
        chi2,
        df,
        p,
        threshold,
        flagged,
        message,
    )
