"""Choice by backtest: train up to a cut-off, test on the weeks after it, per placement.

Placements (where the list is shown): ``home`` (discovery: items the customer bought are left
out of the list and of the truth), ``email`` (anything, buying again included) and ``product``
(related products: the customer's last product before the cut-off is the page; it is left out).
Every model is scored on the same customers; its lift over popularity is the mean per-customer
difference in MAP@k with a 95% interval. A model is chosen only when that interval lies above
zero; otherwise popularity, and the explanation says so. With too few test customers the
backtest cannot tell, says so, and popularity is used.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import scipy.sparse as sp

from regulars.analytics.recommendations import metrics
from regulars.analytics.recommendations.interactions import Interactions, top_k
from regulars.analytics.recommendations.models import make

MIN_USERS = 30  # test customers needed, over all cut-offs, before the backtest can tell
MAX_USERS = 3000  # test customers scored per cut-off (a fixed sample beyond)
Z95 = 1.959964


@dataclass(frozen=True)
class Placement:
    name: str
    title: str
    models: tuple[str, ...]
    exclude_seen: bool = False
    related: bool = False


PLACEMENTS = {
    p.name: p
    for p in (
        Placement("home", "home page",
                  ("popularity", "trending", "cosine", "jaccard", "lift", "bm25", "sar", "als",
                   "bpr"), exclude_seen=True),
        Placement("email", "email",
                  ("popularity", "trending", "buy_again", "sar", "cosine", "als")),
        Placement("product", "product page",
                  ("popularity", "cosine", "jaccard", "lift", "bm25", "als"), related=True),
    )
}  # fmt: skip


@dataclass(frozen=True)
class Split:
    """One cut-off: what was known before it and what each customer bought after it."""

    label: str
    train: Interactions
    truth: sp.csr_matrix  # train.users x train.items: 1 where bought in the test weeks

    @classmethod
    def of(cls, label: str, train: Interactions, user_ids, item_ids) -> Split:
        u, i = train.user_index(user_ids), train.item_index(item_ids)
        ok = (u >= 0) & (i >= 0)
        truth = sp.csr_matrix((np.ones(int(ok.sum())), (u[ok], i[ok])), shape=train.shape)
        truth.data[:] = 1.0
        return cls(label, train, truth)


@dataclass(frozen=True)
class ModelScore:
    model: str
    words: str
    precision: float
    recall: float
    map: float
    ndcg: float
    coverage: float
    customers: int
    lift: float  # MAP@k minus popularity's, per customer, averaged
    lift_low: float
    lift_high: float


@dataclass(frozen=True)
class PlacementChoice:
    placement: str
    title: str
    k: int
    cutoffs: tuple[str, ...]
    customers: int
    scores: tuple[ModelScore, ...]
    chosen: str
    enough_data: bool
    explanation: str


def backtest(splits, placement: str, k: int = 10, models=None) -> PlacementChoice:
    """Every model of the placement on every split; the choice and why, in words."""
    where = PLACEMENTS[placement]
    names = tuple(models or where.models)
    names = names if "popularity" in names else ("popularity", *names)
    per = {name: [] for name in names}
    covered = {name: [] for name in names}
    for split in splits:
        rows, truth, page = _cases(split, where)
        for name in names:
            top = _recommend(make(name).fit(split.train), split.train, rows, page, where, k)
            per[name].append(metrics.per_user(top, truth, k))
            covered[name].append(metrics.coverage(top, split.train.shape[1]))
    scores = tuple(_summary(name, per, covered) for name in names)
    n = scores[0].customers
    chosen, explanation = _choose(scores, where, k, n)
    return PlacementChoice(placement, where.title, k, tuple(s.label for s in splits), n,
                           scores, chosen, n >= MIN_USERS, explanation)  # fmt: skip


def _cases(split: Split, where: Placement):
    """Test customers (rows), their truth, and their product page (last product) if related."""
    train, truth = split.train, split.truth
    seen = train.binary()
    if where.exclude_seen:
        truth = sp.csr_matrix(truth - truth.multiply(seen))
    page = None
    if where.related:
        last = train.last_day.tocsr()
        page = np.asarray(last.argmax(axis=1)).ravel()
        truth = sp.csr_matrix(truth - truth.multiply(sp.csr_matrix(
            (np.ones(len(page)), (np.arange(len(page)), page)), shape=truth.shape)))  # fmt: skip
    truth.eliminate_zeros()
    has_history = np.diff(seen.indptr) > 0
    rows = np.flatnonzero((np.diff(truth.indptr) > 0) & has_history)
    if len(rows) > MAX_USERS:
        rows = np.sort(np.random.default_rng(0).choice(rows, MAX_USERS, replace=False))
    return rows, truth[rows], None if page is None else page[rows]


def _recommend(model, train: Interactions, rows, page, where: Placement, k: int) -> np.ndarray:
    if where.related:
        scores = model.related(page)
        exclude = sp.csr_matrix((np.ones(len(page)), (np.arange(len(page)), page)),
                                shape=scores.shape)  # fmt: skip
    else:
        scores = model.score(rows)
        exclude = train.binary()[rows] if where.exclude_seen else None
    return top_k(scores, k, exclude)[0]


def _summary(name: str, per: dict, covered: dict) -> ModelScore:
    def joined(model: str, metric: str) -> np.ndarray:
        parts = [m[metric] for m in per[model]]
        return np.concatenate(parts) if parts else np.zeros(0)

    ap, base = joined(name, "map"), joined("popularity", "map")
    diff = ap - base
    n = len(diff)
    mean = float(diff.mean()) if n else 0.0
    half = float(Z95 * diff.std(ddof=1) / np.sqrt(n)) if n > 1 else 0.0  # n < MIN_USERS

    def avg(metric: str) -> float:
        values = joined(name, metric)
        return float(values.mean()) if len(values) else 0.0

    cov = float(np.mean(covered[name])) if covered[name] else 0.0
    return ModelScore(name, make(name).words, avg("precision"), avg("recall"), avg("map"),
                      avg("ndcg"), cov, n, mean, mean - half, mean + half)  # fmt: skip


def _choose(scores, where: Placement, k: int, n: int) -> tuple[str, str]:
    base = scores[0]
    if n < MIN_USERS:
        return "popularity", (
            f"Too little data to tell for the {where.title}: {n} customers bought again after "
            f"a cut-off (at least {MIN_USERS} are needed). Showing bestsellers (popularity)."
        )
    better = [s for s in scores[1:] if s.lift_low > 0]
    if not better:
        return "popularity", (
            f"For the {where.title}, no model beat bestsellers on MAP@{k} over {n} customers "
            f"(popularity MAP@{k} {base.map:.3f}): showing bestsellers."
        )
    best = max(better, key=lambda s: s.map)
    return best.model, (
        f"For the {where.title}, {best.words} beat bestsellers: MAP@{k} {best.map:.3f} against "
        f"{base.map:.3f} over {n} customers (lift {best.lift:+.3f}, 95% interval "
        f"{best.lift_low:+.3f} to {best.lift_high:+.3f}); precision@{k} {best.precision:.3f} "
        f"against {base.precision:.3f}.")  # fmt: skip
