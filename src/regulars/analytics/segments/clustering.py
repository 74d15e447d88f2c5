"""Clustering customers: robust scaling, the number of groups chosen by silhouette, bootstrap stability.

Criterion: k in 2..10 maximising the mean silhouette (on a sample), ties to the smaller k. Stability:
the chosen k is refitted on bootstrap resamples of the sample and each refit's labels on the sample
are compared with the reference labels by the adjusted Rand index (ARI); the mean ARI is reported and
a solution with mean ARI below ``STABLE_ARI`` is called unstable. The final fit labels every customer,
starting from the sample's centres (mini-batch k-means above ``MINIBATCH_FROM`` customers).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.metrics import adjusted_rand_score, silhouette_score
from threadpoolctl import threadpool_limits

#: Mean bootstrap ARI at or above which a clustering is called stable.
STABLE_ARI = 0.75
#: Robust z-scores are clipped to this many IQR-units, so a few extreme customers do not own a cluster.
CLIP = 5.0
#: Above this many customers the final fit is mini-batch k-means (the sample's k and centres stay).
MINIBATCH_FROM = 200_000


@dataclass(frozen=True)
class Clustering:
    k: int
    labels: np.ndarray
    centers: np.ndarray
    silhouette_by_k: dict[int, float]
    stability_ari: float
    stability_runs: tuple[float, ...]
    sample_size: int

    @property
    def stable(self) -> bool:
        return self.stability_ari >= STABLE_ARI


def robust_scale(values: np.ndarray) -> np.ndarray:
    """(x - median) / IQR per column; NaN becomes the median; a zero IQR falls back to 1.349 x std, then 1.

    Columns that do not vary at all are dropped by the caller (``informative_columns``).
    """
    x = np.array(values, dtype=float, copy=True)
    median = np.nanmedian(x, axis=0) if len(x) else np.zeros(x.shape[1])
    median = np.where(np.isnan(median), 0.0, median)
    rows, cols = np.where(np.isnan(x))
    x[rows, cols] = median[cols]
    q1, q3 = np.percentile(x, [25, 75], axis=0) if len(x) else (np.zeros(x.shape[1]),) * 2
    scale = q3 - q1
    fallback = 1.349 * x.std(axis=0) if len(x) else np.ones(x.shape[1])
    scale = np.where(scale > 0, scale, np.where(fallback > 0, fallback, 1.0))
    return np.clip((x - median) / scale, -CLIP, CLIP)


def informative_columns(values: np.ndarray) -> np.ndarray:
    """Indices of columns with at least two distinct known values."""
    keep = []
    for j in range(values.shape[1]):
        col = values[:, j]
        col = col[~np.isnan(col)]
        if len(col) and np.nanmax(col) > np.nanmin(col):
            keep.append(j)
    return np.asarray(keep, dtype=int)


def _fit(x: np.ndarray, k: int, seed: int, n_init: int = 2) -> KMeans:
    return KMeans(n_clusters=k, n_init=n_init, max_iter=100, random_state=seed).fit(x)


def silhouettes(x: np.ndarray, ks: range, seed: int, silhouette_sample: int) -> tuple[dict[int, float], dict[int, KMeans]]:
    scores, models = {}, {}
    for k in ks:
        if k >= len(x):
            break
        model = _fit(x, k, seed)
        if len(set(model.labels_)) < 2:
            continue
        scores[k] = float(silhouette_score(x, model.labels_, sample_size=min(silhouette_sample, len(x)), random_state=seed))
        models[k] = model
    return scores, models


def bootstrap_stability(x: np.ndarray, k: int, reference: np.ndarray, runs: int, seed: int) -> tuple[float, ...]:
    rng = np.random.default_rng(seed)
    out = []
    for b in range(runs):
        idx = rng.integers(0, len(x), len(x))
        model = _fit(x[idx], k, seed + 1 + b)
        out.append(float(adjusted_rand_score(reference, model.predict(x))))
    return tuple(out)


def cluster_customers(scaled: np.ndarray, ks: range = range(2, 11), sample: int = 10_000, silhouette_sample: int = 2_000,
                      bootstrap: int = 8, seed: int = 0) -> Clustering:
    """Choose k on a sample by silhouette, check it by bootstrap ARI, then label every row.

    The fits run on one thread: on a sample of 10,000 rows threads gain nothing, and on a busy machine
    OpenMP's waiting threads made the same fits 30x slower.
    """
    with threadpool_limits(limits=1):
        return _cluster(scaled, ks, sample, silhouette_sample, bootstrap, seed)


def _cluster(scaled: np.ndarray, ks: range, sample: int, silhouette_sample: int, bootstrap: int, seed: int) -> Clustering:
    n = len(scaled)
    if n < 4:
        raise ValueError("at least 4 customers are needed to form groups")
    rng = np.random.default_rng(seed)
    idx = np.sort(rng.choice(n, size=min(sample, n), replace=False))
    x = scaled[idx]
    scores, models = silhouettes(x, ks, seed, silhouette_sample)
    if not scores:
        raise ValueError("the customers do not differ enough to form groups")
    k = max(scores, key=lambda key: (round(scores[key], 4), -key))
    reference = models[k]
    runs = bootstrap_stability(x, k, reference.labels_, bootstrap, seed)
    final = _final_fit(scaled, reference.cluster_centers_, seed)
    return Clustering(k, final.predict(scaled), final.cluster_centers_, scores, float(np.mean(runs)) if runs else 1.0, runs,
                      len(idx))


def _final_fit(scaled: np.ndarray, centers: np.ndarray, seed: int) -> KMeans | MiniBatchKMeans:
    """Every row, started from the sample's centres: full k-means up to ``MINIBATCH_FROM`` rows, mini-batch above."""
    k = len(centers)
    if len(scaled) <= MINIBATCH_FROM:
        return KMeans(n_clusters=k, init=centers, n_init=1, max_iter=50, random_state=seed).fit(scaled)
    return MiniBatchKMeans(n_clusters=k, init=centers, n_init=1, batch_size=8192, max_iter=20, max_no_improvement=5,
                           random_state=seed).fit(scaled)
