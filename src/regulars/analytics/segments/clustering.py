"""Choosing personas: a latent-class model per k, k chosen by ICL-BIC, bootstrap stability, every
customer labelled.

Criterion: k in 2..10 minimising ICL-BIC (``LatentClassModel.icl``) on a sample, ties to the smaller
k.
Stability: the chosen k is refitted on bootstrap resamples of the sample and each refit's labels on
the
sample are compared with the reference labels by the adjusted Rand index (ARI); the mean ARI is
reported and a solution with mean ARI below ``STABLE_ARI`` is called unstable. Every customer is
then
labelled by the most probable class of the chosen model (one pass over the counts).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.metrics import adjusted_rand_score
from threadpoolctl import threadpool_limits

from regulars.analytics.segments.latent_class import LatentClassModel

#: Mean bootstrap ARI at or above which a clustering is called stable.
STABLE_ARI = 0.75


@dataclass(frozen=True)
class Clustering:
    k: int
    labels: np.ndarray
    criterion_by_k: dict[int, float]
    stability_ari: float
    stability_runs: tuple[float, ...]
    sample_size: int

    @property
    def stable(self) -> bool:
        return self.stability_ari >= STABLE_ARI


def informative_blocks(blocks) -> list[np.ndarray]:
    """The blocks with at least two levels in use (a block every customer fills the same way says
    nothing)."""
    return [
        b for b in (np.asarray(b, dtype=float) for b in blocks) if (b.sum(axis=0) > 0).sum() >= 2
    ]


def cluster_customers(
    blocks, ks: range = range(2, 11), sample: int = 10_000, bootstrap: int = 8, seed: int = 0
) -> Clustering:
    """Choose k on a sample by ICL-BIC, check it by bootstrap ARI, then label every customer.

    The fits run on one thread: the matrices of a 10,000-customer sample are small, so BLAS threads
    only
    add start-up and waiting on a busy machine.
    """
    blocks = informative_blocks(blocks)
    if not blocks:
        raise ValueError("the customers do not differ enough to form groups")
    n = len(blocks[0])
    if n < 4:
        raise ValueError("at least 4 customers are needed to form groups")
    with threadpool_limits(limits=1):
        return _cluster(blocks, n, ks, sample, bootstrap, seed)


def _cluster(
    blocks: list[np.ndarray], n: int, ks: range, sample: int, bootstrap: int, seed: int
) -> Clustering:
    idx = np.sort(np.random.default_rng(seed).choice(n, size=min(sample, n), replace=False))
    part = [b[idx] for b in blocks]
    models = {k: LatentClassModel(k, random_state=seed).fit(part) for k in ks if k < len(idx)}
    criterion = {k: m.icl(part) for k, m in models.items()}
    k = min(criterion, key=lambda key: (round(criterion[key], 1), key))
    reference = models[k].predict(part)
    runs = bootstrap_stability(part, k, reference, bootstrap, seed)
    return Clustering(
        k,
        models[k].predict(blocks),
        criterion,
        float(np.mean(runs)) if runs else 1.0,
        runs,
        len(idx),
    )


def bootstrap_stability(
    blocks: list[np.ndarray], k: int, reference: np.ndarray, runs: int, seed: int
) -> tuple[float, ...]:
    rng = np.random.default_rng(seed)
    out = []
    for b in range(runs):
        drawn = np.bincount(
            rng.integers(0, len(reference), len(reference)), minlength=len(reference)
        )
        model = LatentClassModel(k, random_state=seed + 1 + b).fit(blocks, sample_weight=drawn)
        out.append(float(adjusted_rand_score(reference, model.predict(blocks))))
    return tuple(out)
