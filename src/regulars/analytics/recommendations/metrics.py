"""Ranking metrics at k on binary relevance, per user, as Microsoft recommenders reports them:
precision, recall, MAP (the mean over hits of the precision at their rank, divided by the
number of relevant items, as Spark's ranking metrics and recommenders' published tables do) and
NDCG; and catalogue coverage."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp


def per_user(top: np.ndarray, truth: sp.csr_matrix, k: int) -> dict[str, np.ndarray]:
    """Metrics per row of ``top`` (recommended item indices, best first) against ``truth``."""
    truth = sp.csr_matrix(truth)
    hits = np.asarray(truth[np.arange(top.shape[0])[:, None], top].todense() > 0, dtype=float)
    relevant = np.diff(truth.indptr).astype(float)
    ranks = np.arange(1, top.shape[1] + 1)
    found = hits.sum(axis=1)
    precision_at = np.cumsum(hits, axis=1) / ranks
    ap = (precision_at * hits).sum(axis=1) / np.maximum(relevant, 1.0)
    gain = 1.0 / np.log2(ranks + 1.0)
    dcg = (hits * gain).sum(axis=1)
    ideal = np.cumsum(np.concatenate([[0.0], 1.0 / np.log2(np.arange(1, k + 1) + 1.0)]))
    idcg = ideal[np.minimum(relevant, k).astype(int)]
    return {
        "precision": found / k,
        "recall": found / np.maximum(relevant, 1.0),
        "map": ap,
        "ndcg": dcg / np.maximum(idcg, 1e-12),
    }


def coverage(top: np.ndarray, n_items: int) -> float:
    """Share of the catalogue recommended to at least one user."""
    return float(len(np.unique(top)) / n_items) if n_items else 0.0
