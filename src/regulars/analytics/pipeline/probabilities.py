"""Stage-to-win probabilities learned from closed deals, against a CRM's fixed stage
probabilities, and the pipeline forecast of won revenue by month.

A learned probability of a stage is the share won among the closed deals that reached it, with a
Beta(1, 1) prior (Laplace's rule) so a stage seen a few times is not 0 or 1. The Brier score
(Brier 1950) scores each closed deal at every stage it passed, by the probability given then.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: HubSpot's default sales pipeline probabilities by position (appointment scheduled 20%,
#: qualified to buy 40%, presentation scheduled 60%, decision maker bought-in 80%, contract sent
#: 90%), applied to the open stages in order.
HUBSPOT_DEFAULTS = (0.2, 0.4, 0.6, 0.8, 0.9)


@dataclass(frozen=True)
class StageModel:
    stages: tuple[str, ...]
    learned: tuple[float, ...]
    fixed: tuple[float, ...]
    deals: tuple[int, ...]

    def probability(self, stage_index: np.ndarray, learned: bool = True) -> np.ndarray:
        table = np.array(self.learned if learned else self.fixed)
        return table[np.clip(stage_index, 0, len(table) - 1)]


def learn_stage_probabilities(stages: tuple[str, ...], depth: np.ndarray, closed: np.ndarray,
                              won: np.ndarray) -> StageModel:  # fmt: skip
    learned, counts = [], []
    for k in range(len(stages)):
        passed = closed & (depth >= k)
        learned.append(float((won[passed].sum() + 1) / (passed.sum() + 2)))
        counts.append(int(passed.sum()))
    fixed = tuple(HUBSPOT_DEFAULTS[min(k, len(HUBSPOT_DEFAULTS) - 1)] for k in range(len(stages)))
    return StageModel(stages, tuple(learned), fixed, tuple(counts))


def brier(model: StageModel, depth: np.ndarray, won: np.ndarray, learned: bool = True) -> float:
    """Mean squared error of the stage probabilities on closed deals, each scored at every stage
    it passed."""
    rows = [(k, w) for d, w in zip(depth, won) for k in range(int(d) + 1)]
    if not rows:
        return float("nan")
    k, w = np.array(rows).T
    p = model.probability(k.astype(int), learned)
    return float(np.mean((p - w) ** 2))


def pipeline_forecast(amount: np.ndarray, p: np.ndarray, month: np.ndarray, draws: int = 4000,
                      seed: int = 0) -> list[dict]:  # fmt: skip
    """Expected won revenue per expected close month, with a 10-90% interval from simulating each
    open deal as won with its probability (independent deals)."""
    rng = np.random.default_rng(seed)
    out = []
    for m in np.unique(month):
        mine = month == m
        wins = rng.random((draws, int(mine.sum()))) < p[mine]
        totals = wins @ amount[mine].astype(float)
        out.append({"month": int(m), "deals": int(mine.sum()),
                    "expected_cents": int(round(float(amount[mine] @ p[mine]))),
                    "low_cents": int(np.quantile(totals, 0.1)),
                    "high_cents": int(np.quantile(totals, 0.9))})  # fmt: skip
    return out
