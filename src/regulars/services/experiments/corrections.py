"""Holm or Benjamini-Hochberg on any list of p-values (``regulars experiment adjust``)."""

from __future__ import annotations

import numpy as np

from regulars.analytics.experiments import benjamini_hochberg, holm
from regulars.errors import InputError
from regulars.services.experiments.evaluation import CORRECTIONS


def adjusted_p_values(p_values: list[float], correction: str = "holm", alpha: float = 0.05):
    """Holm or Benjamini-Hochberg on a list of p-values (in their order), and which pass."""
    if correction not in CORRECTIONS:
        raise InputError(f"--correction {correction!r}: use {', '.join(CORRECTIONS)}")
    if not p_values:
        raise InputError("give at least one p-value")
    bad = [p for p in p_values if not 0 <= p <= 1]
    if bad:
        raise InputError(f"p-values lie between 0 and 1 (got {bad[0]:g})")
    method = {"holm": holm, "bh": benjamini_hochberg}.get(correction, lambda x: np.asarray(x))
    adjusted = [float(q) for q in method(np.asarray(p_values, dtype=float))]
    return {
        "correction": correction,
        "alpha": alpha,
        "p_values": list(p_values),
        "adjusted": adjusted,
        "significant": [q < alpha for q in adjusted],
    }
