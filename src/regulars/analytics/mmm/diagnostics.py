"""Honest limits: can the data separate the channels at all?

A channel whose spend barely varies (coefficient of variation under ``MIN_CV``) has no contrast to
learn from; two channels whose spend moves together (correlation above ``MAX_CORRELATION``) or a
channel whose spend the others explain (variance inflation factor above ``MAX_VIF``) cannot be told
apart. A channel whose spend moves with one of the baseline's control columns (promotion or holiday
weeks) is confounded with it: the control's coefficient and the channel's share the same weeks, and
the fit hands those weeks' revenue to one or the other without the data saying which. The check:
the share of the channel's spend that the control's ups account for (the slope of spend on the
control times the control's total, over the channel's spend; for a 0/1 column, the spend in its
weeks beyond the channel's usual level). Above ``MAX_ALIASED`` (a tenth of the spend) the channel's
number rests on the assumption that its spend in those weeks works as it does elsewhere; the
sentence says so and names the test that would tell: a holdout or a geo test.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

MIN_CV = 0.15
MAX_CORRELATION = 0.9
MAX_VIF = 10.0
MAX_ALIASED = 0.10
TESTS = ("run a holdout test on one of its campaigns (its campaign page, or regulars campaigns "
         "test design --campaign ID --record) or a geo test (the Marketing mix page, or "
         "regulars campaigns test design --kind geo --record)")  # fmt: skip


@dataclass(frozen=True, slots=True)
class Separability:
    """Per channel: spend variation, the most correlated other channel, the VIF, the control column
    its spend moves with most and the share of its spend that control accounts for; overall: the
    condition number of the spend matrix; ``limits``: the sentences where the data cannot tell;
    ``limit``: each channel's own sentence (None where it can)."""

    channels: tuple[str, ...]
    variation: tuple[float, ...]
    max_correlation: tuple[float, ...]
    correlated_with: tuple[str | None, ...]
    vif: tuple[float, ...]
    condition_number: float
    limits: tuple[str, ...]
    separable: tuple[bool, ...]
    confounded_with: tuple[str | None, ...] = ()
    aliased_share: tuple[float, ...] = ()
    limit: tuple[str | None, ...] = ()


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


def aliased(spend: np.ndarray, controls: np.ndarray) -> np.ndarray:
    """(channels, controls): the share of each channel's spend each control's ups account for."""
    x, z = np.asarray(spend, float), np.asarray(controls, float).reshape(len(spend), -1)
    zc, xc = z - z.mean(0), x - x.mean(0)
    var = np.maximum((zc**2).sum(0), 1e-12)
    slope = (xc.T @ zc) / var  # (channels, controls)
    lift = (z - z.min(0)).sum(0)
    return slope * lift / np.maximum(x.sum(0), 1e-12)[:, None]


def _confounded(name, control, spend_c, z) -> str:
    on = z > z.min()
    inside = float(spend_c[on].sum() / max(spend_c.sum(), 1e-12))
    return (f"{name}'s spend moves with your {control}: {inside:.0%} of it falls in the "
            f"{int(on.sum())} {control} ({on.mean():.0%} of the weeks), so what it caused there "
            f"cannot be told from the {control}' own lift, and the model's number for {name} is "
            f"not a measurement; to learn what {name} causes, {TESTS}.")  # fmt: skip


def _controls(spend, z, names):
    k = spend.shape[1]
    if z is None or not z.size:
        return [None] * k, np.zeros(k)
    share = aliased(spend, z)
    top = share.argmax(1)
    return [names[j] for j in top], share[np.arange(k), top]


def separability(spend: np.ndarray, channels: tuple[str, ...], controls: np.ndarray | None = None,
                 control_names: tuple[str, ...] = ()) -> Separability:  # fmt: skip
    """Check a (weeks, channels) spend matrix for the contrast a model needs, against each other
    and against the baseline's (weeks, controls) columns named ``control_names``."""
    spend = np.asarray(spend, float)
    mean = spend.mean(0)
    cv = np.where(mean > 0, spend.std(0) / np.where(mean > 0, mean, 1.0), 0.0)
    k = spend.shape[1]
    corr = np.nan_to_num(np.corrcoef(spend.T)) if k > 1 else np.ones((1, 1))
    np.fill_diagonal(corr, 0.0)
    best = np.abs(corr).argmax(1) if k > 1 else np.zeros(1, int)
    vif = _vif(spend) if k > 1 else np.ones(1)
    scaled = spend / np.where(mean > 0, mean, 1.0)
    cond = float(np.linalg.cond(scaled - scaled.mean(0))) if k > 1 else 1.0
    z = None if controls is None else np.asarray(controls, float).reshape(len(spend), -1)
    width = 0 if z is None else z.shape[1]
    names = tuple(control_names) or tuple(f"control {j + 1}" for j in range(width))
    with_control, share = _controls(spend, z, names)
    own: list[str | None] = []
    for j, name in enumerate(channels):
        r, other = float(corr[j, best[j]]), channels[best[j]] if k > 1 else None
        if cv[j] < MIN_CV:
            own.append(f"{name}: spend barely varies (variation {cv[j]:.0%}), so the data "
                       f"cannot say what it causes; vary it on purpose for 8 weeks or run a "
                       f"geo test (regulars campaigns test design --kind geo).")  # fmt: skip
        elif with_control[j] is not None and share[j] > MAX_ALIASED:
            col = names.index(with_control[j])
            own.append(_confounded(name, with_control[j], spend[:, j], z[:, col]))
        elif abs(r) > MAX_CORRELATION or vif[j] > MAX_VIF:
            own.append(f"{name}: spend moves with {other} (correlation {r:.2f}, VIF "
                       f"{vif[j]:.0f}), so the data cannot separate the two; switch one off in "
                       f"some regions (regulars campaigns test design --kind geo).")  # fmt: skip
        else:
            own.append(None)
    return Separability(tuple(channels), tuple(map(float, cv)),
                        tuple(float(abs(corr[j, best[j]])) for j in range(k)),
                        tuple(channels[best[j]] if k > 1 else None for j in range(k)),
                        tuple(map(float, vif)), cond, tuple(s for s in own if s),
                        tuple(s is None for s in own), tuple(with_control),
                        tuple(map(float, share)), tuple(own))  # fmt: skip
