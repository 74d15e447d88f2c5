"""Multiple-comparison corrections for many arms and metrics.

* ``holm``: Holm-Bonferroni adjusted p-values (family-wise error rate), as R ``p.adjust("holm")``.
* ``benjamini_hochberg``: BH adjusted p-values (false discovery rate), as R ``p.adjust("BH")``.
* ``holm_adjusted_alpha``: the confidence level GrowthBook uses for Holm-corrected intervals,
  the Bonferroni ``alpha / m`` (conservative: an interval valid for every comparison at once).
* ``fcr_adjusted_alpha``: Benjamini-Yekutieli (2005) false-coverage-rate intervals for the
  ``R`` comparisons declared significant by BH: level ``1 - R q / m``.
"""

from __future__ import annotations

import numpy as np


def holm(p_values) -> np.ndarray:
    """Holm step-down adjusted p-values, in the input order."""
    p = np.asarray(p_values, dtype=float)
    m = p.size
    if m == 0:
        return p.copy()
    order = np.argsort(p, kind="stable")
    stepped = np.maximum.accumulate((m - np.arange(m)) * p[order])
    out = np.empty(m)
    out[order] = np.minimum(stepped, 1.0)
    return out


def benjamini_hochberg(p_values) -> np.ndarray:
    """Benjamini-Hochberg step-up adjusted p-values (q-values), in the input order."""
    p = np.asarray(p_values, dtype=float)
    m = p.size
    if m == 0:
        return p.copy()
    order = np.argsort(p, kind="stable")
    scaled = p[order] * m / np.arange(1, m + 1)
    stepped = np.minimum.accumulate(scaled[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(stepped, 1.0)
    return out


def holm_adjusted_alpha(alpha: float, m: int) -> float:
    """Per-interval alpha for simultaneous (Bonferroni) intervals over ``m`` comparisons."""
    return alpha / max(m, 1)


def fcr_adjusted_alpha(q: float, m: int, n_selected: int) -> float:
    """Per-interval alpha for FCR-controlling intervals on the ``n_selected`` BH discoveries."""
    return q * max(n_selected, 1) / max(m, 1)
