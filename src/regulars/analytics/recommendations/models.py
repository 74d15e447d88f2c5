"""The recommendation models, fitted on ``Interactions``, on the scikit-learn pattern: ``fit``
returns the model; ``score(rows)`` gives users x items scores, ``related(items)`` items x items,
``reason(row, item, names)`` a sentence a customer can read.

Every score adds a millionth of the item's popularity, so ties (and customers the model knows
nothing about) fall back to the bestsellers.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp

from regulars.analytics.recommendations import factors
from regulars.analytics.recommendations.interactions import Interactions
from regulars.analytics.recommendations.similarity import similarity, without_self

TIE = 1e-6
TRENDING_DAYS = 28.0
SAR_HALF_LIFE_DAYS = 30.0
DENSE_ITEMS = 2000  # catalogues up to this size keep their similarity dense for the reasons
REPEAT_SHARE = 0.15  # an item is replenishable when this share of its buyers bought it again


class Recommender:
    name = "model"
    words = "a model"

    def fit(self, data: Interactions) -> Recommender:
        self.data_ = data
        buyers = self.buyers_ = data.buyers()
        self.popularity_ = buyers / max(buyers.max(initial=0.0), 1.0)
        self._fit(data)
        return self

    def _fit(self, data: Interactions) -> None:
        pass

    def score(self, rows) -> np.ndarray:
        rows = np.asarray(rows, dtype=np.int64)
        return self._score(rows) + TIE * self.popularity_[None, :]

    def _score(self, rows: np.ndarray) -> np.ndarray:
        return np.zeros((len(rows), self.data_.shape[1]))

    def related(self, items) -> np.ndarray:
        items = np.asarray(items, dtype=np.int64)
        return self._related(items) + TIE * self.popularity_[None, :]

    def _related(self, items: np.ndarray) -> np.ndarray:
        return np.zeros((len(items), self.data_.shape[1]))

    def reason(self, row: int, item: int, names) -> str:
        n = int(self.buyers_[item])
        return f"a bestseller: {n} customers bought it"

    def reasons(self, row: int, items, names) -> list[str]:
        """The reason for each of ``items`` recommended to the customer of ``row``."""
        return [self.reason(row, int(i), names) for i in items]

    def related_reason(self, anchor: int, item: int, names) -> str:
        return self.reason(-1, item, names)


class Popularity(Recommender):
    name, words = "popularity", "bestsellers (how many customers bought each product)"

    def _score(self, rows):
        return np.tile(self.popularity_, (len(rows), 1))

    def _related(self, items):
        return np.tile(self.popularity_, (len(items), 1))


class Trending(Recommender):
    name, words = "trending", "popular lately (buyers in the last four weeks)"

    def _fit(self, data):
        last = data.last_day.tocsc()
        recent = last.copy()
        recent.data = (recent.data >= data.now - TRENDING_DAYS).astype(np.float64)
        self.recent_ = np.asarray(recent.sum(axis=0)).ravel()

    def _score(self, rows):
        recent = self.recent_ / max(self.recent_.max(initial=0.0), 1.0)
        return np.tile(recent + 1e-3 * self.popularity_, (len(rows), 1))

    def reason(self, row, item, names):
        return f"popular lately: {int(self.recent_[item])} customers bought it in the last 4 weeks"


class BuyAgain(Recommender):
    """Products a customer reorders, timed by their own interval (or the product's usual one)."""

    name, words = "buy_again", "buy again when due (each customer's own reorder interval)"

    def _fit(self, data):
        c = data.counts.tocoo()
        first, last = _aligned(data.first_day, c), _aligned(data.last_day, c)
        gap = np.where(c.data > 1, (last - first) / np.maximum(c.data - 1, 1), np.nan)
        repeat = np.bincount(c.col, weights=c.data > 1, minlength=data.shape[1])
        usual = _median_by(c.col[c.data > 1], gap[c.data > 1], data.shape[1])
        replenishable = repeat >= REPEAT_SHARE * np.maximum(data.buyers(), 1)
        interval = np.where(np.isnan(gap), usual[c.col], gap)
        interval = np.where(replenishable[c.col] | (c.data > 1), interval, np.nan)
        due = (data.now - last) / np.maximum(interval, 1.0)
        timing = np.where(due <= 1.0, np.maximum(due, 0.2), np.exp(-(due - 1.0) / 2.0))
        value = np.where(np.isnan(interval), 0.0, np.log1p(c.data) * timing)
        self.scores_ = sp.csr_matrix((value, (c.row, c.col)), shape=data.shape)
        self.interval_ = sp.csr_matrix((np.nan_to_num(interval), (c.row, c.col)), data.shape)
        self.replenishable_ = replenishable

    def _score(self, rows):
        return self.scores_[rows].toarray()

    def reason(self, row, item, names):
        days = float(self.interval_[row, item])
        n = int(self.data_.counts[row, item])
        if days <= 0:
            return super().reason(row, item, names)
        weeks = max(1, round(days / 7))
        if n > 1:
            return f"you usually reorder every ~{weeks} weeks ({n} orders so far)"
        return f"you bought it before; customers reorder it every ~{weeks} weeks"


class ItemItem(Recommender):
    """Customers who bought X also bought Y: co-purchase similarity, scored from the history."""

    def __init__(self, kind: str = "cosine", neighbours: int = 50):
        self.kind, self.neighbours = kind, neighbours
        self.name = kind if kind != "bm25" else "bm25"
        self.words = f"bought together ({kind} similarity of co-purchases)"

    def _affinity(self, data: Interactions) -> sp.csr_matrix:
        return data.binary()

    def _fit(self, data):
        self.similar_ = similarity(data.binary(), self.kind, self.neighbours)
        self.apart_ = without_self(self.similar_).tocsr()
        self.affinity_ = self._affinity(data).tocsr()
        self.dense_ = self.apart_.toarray() if data.shape[1] <= DENSE_ITEMS else None

    def _score(self, rows):
        return (self.affinity_[rows] @ self.apart_).toarray()

    def _related(self, items):
        return self.apart_[items].toarray()

    def reason(self, row, item, names):
        history = self.affinity_[row]
        weight = history.multiply(self.apart_[:, item].T).tocsr()
        if weight.nnz == 0:
            return super().reason(row, item, names)
        best = weight.indices[np.argsort(-weight.data, kind="stable")][:2]
        return "because you bought " + " and ".join(str(names[j]) for j in best)

    def reasons(self, row, items, names):
        hist, weights = _row(self.affinity_, row)
        if len(hist) == 0:
            return super().reasons(row, items, names)
        items = np.asarray(items, dtype=np.int64)
        if self.dense_ is not None:
            weight = self.dense_[hist][:, items] * weights[:, None]
        else:
            weight = self.apart_[hist][:, items].toarray() * weights[:, None]
        bought, orders = _row(self.data_.counts, row)
        mine = dict(zip(bought.tolist(), orders.tolist()))
        out = []
        for col, item in enumerate(items.tolist()):
            best = [j for j in np.argsort(-weight[:, col], kind="stable")[:2] if weight[j, col] > 0]
            if item in mine:
                out.append(f"you bought it before ({int(mine[item])} orders)")
            elif best:
                out.append("because you bought " + " and ".join(str(names[hist[j]]) for j in best))
            else:
                out.append(super().reason(row, item, names))
        return out

    def related_reason(self, anchor: int, item: int, names) -> str:
        x = self.data_.binary()
        n = int(x[:, anchor].multiply(x[:, item]).sum())
        return f"people who bought {names[anchor]} also bought it ({n} customers)"


class SAR(ItemItem):
    """Smart Adaptive Recommendations: Jaccard co-occurrence times time-decayed affinity."""

    def __init__(self, half_life_days: float = SAR_HALF_LIFE_DAYS, neighbours: int = 50):
        super().__init__("jaccard", neighbours)
        self.half_life_days = half_life_days
        self.name, self.words = "sar", "SAR (co-purchase with recent purchases weighing more)"

    def _affinity(self, data):
        decay = data.last_day.copy()
        decay.data = np.exp2(-(data.now - decay.data) / self.half_life_days)
        return sp.csr_matrix(data.counts.multiply(decay))

    def _score(self, rows):
        return (self.affinity_[rows] @ self.similar_).toarray()


class Factors(Recommender):
    """ALS or BPR factors: tastes learnt from everyone's baskets."""

    def __init__(self, method: str = "als", factors: int = 32, iterations: int = 10):
        self.method, self.factors, self.iterations = method, factors, iterations
        self.name = method
        self.words = f"matrix factorisation ({method.upper()}, {factors} factors)"

    def _fit(self, data):
        if self.method == "als":
            self.user_, self.item_ = factors.als(data.counts, self.factors,
                                                 iterations=self.iterations)  # fmt: skip
        else:
            x, y = factors.bpr(data.counts, self.factors, epochs=2 * self.iterations)
            self.user_, self.item_ = np.hstack([x, np.ones((len(x), 1), np.float32)]), y
        norm = np.linalg.norm(self.item_, axis=1, keepdims=True)
        self.unit_ = self.item_ / np.maximum(norm, 1e-12)

    def _score(self, rows):
        return (self.user_[rows] @ self.item_.T).astype(np.float64)

    def _related(self, items):
        s = (self.unit_[items] @ self.unit_.T).astype(np.float64)
        s[np.arange(len(items)), items] = 0.0
        return s

    def reason(self, row, item, names):
        return "popular with customers like you"

    def related_reason(self, anchor, item, names):
        return f"bought by customers with tastes like the buyers of {names[anchor]}"


def _row(m: sp.csr_matrix, r: int) -> tuple[np.ndarray, np.ndarray]:
    """Column indices and values of row ``r`` of ``m``."""
    lo, hi = m.indptr[r], m.indptr[r + 1]
    return m.indices[lo:hi], m.data[lo:hi]


def _aligned(m: sp.csr_matrix, c: sp.coo_matrix) -> np.ndarray:
    """The values of ``m`` at the entries of ``c`` (both of one sparsity, row by row)."""
    mc = m.tocoo()
    if mc.nnz == c.nnz and np.array_equal(mc.row, c.row) and np.array_equal(mc.col, c.col):
        return mc.data
    return np.asarray(m[c.row, c.col]).ravel()


def _median_by(group: np.ndarray, values: np.ndarray, n: int) -> np.ndarray:
    """The median of ``values`` per group 0..n-1 (NaN for a group without values)."""
    out = np.full(n, np.nan)
    if len(group) == 0:
        return out
    order = np.lexsort((values, group))
    g, v = group[order], values[order]
    start = np.searchsorted(g, np.arange(n))
    size = np.bincount(g, minlength=n)
    has = size > 0
    lo, hi = start + (size - 1) // 2, start + size // 2
    out[has] = (v[lo[has]] + v[hi[has]]) / 2.0
    return out


def make(name: str) -> Recommender:
    """A fresh model by its name in ``MODELS``."""
    if name not in MODELS:
        raise ValueError(f"unknown recommendation model {name!r}; use one of {', '.join(MODELS)}")
    return MODELS[name]()


MODELS = {
    "popularity": Popularity,
    "trending": Trending,
    "buy_again": BuyAgain,
    "cosine": lambda: ItemItem("cosine"),
    "jaccard": lambda: ItemItem("jaccard"),
    "lift": lambda: ItemItem("lift"),
    "bm25": lambda: ItemItem("bm25"),
    "sar": SAR,
    "als": lambda: Factors("als"),
    "bpr": lambda: Factors("bpr"),
}
