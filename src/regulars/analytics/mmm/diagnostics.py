"""Honest limits: can the data separate the channels at all?

A channel whose spend barely varies (coefficient of variation under ``MIN_CV``) has no contrast to
learn from; two channels whose spend moves together (correlation above ``MAX_CORRELATION``) or a
channel whose spend the others explain (variance inflation factor above ``MAX_VIF``) cannot be told
apart. For each, the sentence says so and names the test that would tell: switch the channel off in
some regions (a geo test) or vary its spend on purpose for a few weeks.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MIN_CV = 0.15
MAX_CORRELATION = 0.9
MAX_VIF = 10.0


@dataclass(frozen=True, slots=True)
class Separability:
    """Per channel: spend variation, the most correlated other channel, the VIF; overall: the
    condition number of the spend matrix; ``limits``: the sentences where the data cannot tell."""

    channels: tuple[str, ...]
    variation: tuple[float, ...]
    max_correlation: tuple[float, ...]
    correlated_with: tuple[str | None, ...]
    vif: tuple[float, ...]
    condition_number: float
    limits: tuple[str, ...]
    separable: tuple[bool, ...]


def _vif(x: np.ndarray) -> np.ndarray:
    z = (x - x.mean(0)) / np.where(x.std(0) > 0, x.std(0), 1.0)
    out = np.ones(x.shape[1])
    for j in range(x.shape[1]):
        others = np.column_stack([np.ones(len(z)), np.delete(z, j, axis=1)])
        coef, *_ = np.linalg.lstsq(others, z[:, j], rcond=None)
        resid = z[:, j] - others @ coef
        r2 = 1.0 - resid.var() / max(z[:, j].var(), 1e-12)
        out[j] = 1.0 / max(1.0 - r2, 1e-9)
    return out


def separability(spend: np.ndarray, channels: tuple[str, ...]) -> Separability:
    """Check a (weeks, channels) spend matrix for the contrast a model needs."""
    spend = np.asarray(spend, float)
    mean = spend.mean(0)
    cv = np.where(mean > 0, spend.std(0) / np.where(mean > 0, mean, 1.0), 0.0)
    k = spend.shape[1]
    corr = np.corrcoef(spend.T) if k > 1 else np.ones((1, 1))
    corr = np.nan_to_num(corr)
    np.fill_diagonal(corr, 0.0)
    best = np.abs(corr).argmax(1) if k > 1 else np.zeros(1, int)
    vif = _vif(spend) if k > 1 else np.ones(1)
    scaled = spend / np.where(mean > 0, mean, 1.0)
    cond = float(np.linalg.cond(scaled - scaled.mean(0))) if k > 1 else 1.0
    limits, ok = [], []
    for j, name in enumerate(channels):
        r, other = float(corr[j, best[j]]), channels[best[j]] if k > 1 else None
        if cv[j] < MIN_CV:
            limits.append(f"{name}: spend barely varies (variation {cv[j]:.0%}), so the data "
                          f"cannot say what it causes; vary it on purpose for 8 weeks or run a "
                          f"geo test (regulars campaigns test design --kind geo).")  # fmt: skip
        elif abs(r) > MAX_CORRELATION or vif[j] > MAX_VIF:
            limits.append(f"{name}: spend moves with {other} (correlation {r:.2f}, VIF "
                          f"{vif[j]:.0f}), so the data cannot separate the two; switch one off in "
                          f"some regions (regulars campaigns test design --kind geo).")  # fmt: skip
        else:
            ok.append(True)
            continue
        ok.append(False)
    return Separability(tuple(channels), tuple(map(float, cv)),
                        tuple(float(abs(corr[j, best[j]])) for j in range(k)),
                        tuple(channels[best[j]] if k > 1 else None for j in range(k)),
                        tuple(map(float, vif)), cond, tuple(limits), tuple(ok))  # fmt: skip
