"""Per-customer-item summaries as sparse matrices: what every recommendation model is fitted on.

The database sums the orders to one row per customer and product (orders holding it, first and
last day bought); here they become users x items matrices of the same sparsity. Days are float
day numbers on any clock (the service uses days since 1970); ``now`` is the cut-off on it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp


@dataclass(frozen=True)
class Interactions:
    users: np.ndarray  # customer ids, one per row
    items: np.ndarray  # product ids, one per column
    counts: sp.csr_matrix  # orders holding the product (float32)
    first_day: sp.csr_matrix  # first day bought, same sparsity as counts
    last_day: sp.csr_matrix  # last day bought
    now: float  # the cut-off day: what the models know ends here

    @classmethod
    def from_rows(cls, user_ids, item_ids, orders, first_day, last_day, now, items=None):
        """One row per (customer, product); ``items`` fixes the columns (the catalogue), else
        the products seen. Rows of products outside ``items`` are left out."""
        users, u = np.unique(np.asarray(user_ids, dtype=object), return_inverse=True)
        items = np.unique(np.asarray(item_ids, dtype=object)) if items is None else items
        items = np.asarray(items, dtype=object)
        order = np.argsort(items)
        pos = np.searchsorted(items[order], np.asarray(item_ids, dtype=object))
        pos = np.minimum(pos, max(len(items) - 1, 0))
        known = (len(items) > 0) & (items[order][pos] == np.asarray(item_ids, dtype=object))
        col = order[pos][known]
        shape = (len(users), len(items))

        def matrix(values) -> sp.csr_matrix:
            data = np.asarray(values, dtype=np.float64)[known]
            return sp.csr_matrix((data, (u[known], col)), shape=shape)

        counts = matrix(orders).astype(np.float32)
        return cls(users, items, counts, matrix(first_day), matrix(last_day), float(now))

    @property
    def shape(self) -> tuple[int, int]:
        return self.counts.shape

    @property
    def nnz(self) -> int:
        return int(self.counts.nnz)

    def binary(self) -> sp.csr_matrix:
        x = self.counts.copy()
        x.data[:] = 1.0
        return x

    def buyers(self) -> np.ndarray:
        """Customers who bought each item."""
        return np.asarray(self.binary().sum(axis=0)).ravel()

    def user_index(self, ids) -> np.ndarray:
        """Row of each customer id; -1 where unknown."""
        return _lookup(self.users, ids)

    def item_index(self, ids) -> np.ndarray:
        return _lookup(self.items, ids)


def _lookup(known: np.ndarray, ids) -> np.ndarray:
    ids = np.asarray(ids, dtype=object)
    if len(known) == 0:
        return np.full(len(ids), -1)
    order = np.argsort(known)
    pos = np.minimum(np.searchsorted(known[order], ids), len(known) - 1)
    return np.where(known[order][pos] == ids, order[pos], -1)


def top_k(scores: np.ndarray, k: int, exclude: sp.csr_matrix | None = None):
    """Column indices of the ``k`` best scores per row, best first, and their scores;
    ``exclude`` (rows x items, nonzero where left out) scores those -inf."""
    scores = np.asarray(scores)
    if exclude is not None and exclude.nnz:
        scores = np.array(scores, copy=True)
        r, c = exclude.nonzero()
        scores[r, c] = -np.inf
    k = min(k, scores.shape[1])
    if k <= 0:
        empty = np.zeros((scores.shape[0], 0))
        return empty.astype(np.int64), empty
    part = np.argpartition(-scores, k - 1, axis=1)[:, :k]
    best = np.take_along_axis(scores, part, axis=1)
    order = np.argsort(-best, axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1), np.take_along_axis(best, order, axis=1)
