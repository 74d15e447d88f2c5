"""A latent-class model of customers' orders: a finite mixture of multinomials over blocks of
counts.

Each customer is described by blocks of counts, one block per attribute of an order (for example the
order's channel and main category; whether it fell in the gift season; whether it used a discount).
A class has a probability for every level of every block; a customer's orders are independent draws
given the class, so a customer with 12 orders weighs 12 times as much evidence as a customer with
one
(Goodman 1974; McLachlan & Peel 2000, ch. 5). Fitted by EM with a small Dirichlet pseudo-count (a
MAP
estimate, so a level never seen in a class keeps a small probability), best of a few random starts.

Model choice: ICL-BIC (Biernacki, Celeux & Govaert 2000), BIC plus twice the entropy of the class
memberships, so k grows only for classes that are both better fitting and clearly told apart.
"""

from __future__ import annotations

import numpy as np
from scipy.special import logsumexp

#: Dirichlet pseudo-count added to every level of every block in the M-step.
PRIOR = 0.1


class LatentClassModel:
    """Mixture of products of multinomials; scikit-learn style (settings here, learned values end in
    ``_``).

    ``fit(blocks)`` takes a sequence of (customers x levels) count arrays, one per order attribute.
    Customers with the same counts are fitted once, weighted by how many there are (many customers
    share
    a pattern such as "one web order of beans"), so the cost grows with the distinct patterns.
    """

    def __init__(
        self,
        n_classes: int = 2,
        prior: float = PRIOR,
        restarts: int = 4,
        max_iter: int = 300,
        tol: float = 1e-7,
        random_state: int = 0,
    ):
        self.n_classes, self.prior, self.restarts = n_classes, prior, restarts
        self.max_iter, self.tol, self.random_state = max_iter, tol, random_state

    def fit(self, blocks, sample_weight=None) -> LatentClassModel:
        counts, edges = _stack(blocks)
        if len(counts) < self.n_classes:
            raise ValueError(
                f"{self.n_classes} classes need at least as many customers; there are {len(counts)}"
            )
        weight = (
            np.ones(len(counts))
            if sample_weight is None
            else np.asarray(sample_weight, dtype=float)
        )
        counts, inverse = np.unique(counts, axis=0, return_inverse=True)
        weight = np.bincount(inverse.ravel(), weights=weight, minlength=len(counts))
        rng = np.random.default_rng(self.random_state)
        best = None
        for _ in range(self.restarts):
            fit = self._em(
                counts, weight, edges, rng.dirichlet(np.ones(self.n_classes), len(counts))
            )
            if best is None or fit[0] > best[0]:
                best = fit
        self.log_likelihood_, self.weights_, log_p, self.n_iter_ = best
        self.log_probabilities_ = tuple(log_p[:, a:b] for a, b in zip(edges[:-1], edges[1:]))
        self.n_parameters_ = self.n_classes * (edges[-1] - (len(edges) - 1)) + self.n_classes - 1
        return self

    def _em(self, counts: np.ndarray, weight: np.ndarray, edges: np.ndarray, resp: np.ndarray):
        previous, iteration = -np.inf, 0
        while iteration < self.max_iter:
            iteration += 1
            weights, log_p = self._m_step(counts, edges, resp * weight[:, None])
            joint = counts @ log_p.T + np.log(weights)
            top = joint.max(axis=1, keepdims=True)
            resp = np.exp(joint - top)
            total = resp.sum(axis=1, keepdims=True)
            resp /= total
            ll = float(weight @ (np.log(total[:, 0]) + top[:, 0]))
            if ll - previous <= self.tol * abs(ll):
                break
            previous = ll
        return ll, weights, log_p, iteration

    def _m_step(self, counts: np.ndarray, edges: np.ndarray, resp: np.ndarray):
        weights = np.clip(resp.sum(axis=0) / resp.sum(), 1e-12, None)
        expected = resp.T @ counts + self.prior
        for a, b in zip(edges[:-1], edges[1:]):
            expected[:, a:b] /= expected[:, a:b].sum(axis=1, keepdims=True)
        return weights / weights.sum(), np.log(expected)

    def _joint(self, blocks) -> np.ndarray:
        counts, _ = _stack(blocks)
        return counts @ np.hstack(self.log_probabilities_).T + np.log(self.weights_)

    def predict_proba(self, blocks) -> np.ndarray:
        joint = self._joint(blocks)
        return np.exp(joint - logsumexp(joint, axis=1)[:, None])

    def predict(self, blocks) -> np.ndarray:
        return self._joint(blocks).argmax(axis=1)

    def score(self, blocks) -> float:
        """Total log-likelihood of ``blocks`` under the fitted model."""
        return float(logsumexp(self._joint(blocks), axis=1).sum())

    def bic(self, blocks) -> float:
        n = len(blocks[0])
        return -2 * self.score(blocks) + self.n_parameters_ * np.log(n)

    def icl(self, blocks) -> float:
        """BIC + 2 x entropy of the memberships (lower is better)."""
        proba = self.predict_proba(blocks)
        entropy = -float((proba * np.log(np.clip(proba, 1e-300, 1))).sum())
        return self.bic(blocks) + 2 * entropy


def _stack(blocks) -> tuple[np.ndarray, np.ndarray]:
    blocks = [np.asarray(b, dtype=float) for b in blocks]
    if not blocks or any(b.ndim != 2 or len(b) != len(blocks[0]) for b in blocks):
        raise ValueError("blocks must be 2-d count arrays with one row per customer")
    if any((b < 0).any() for b in blocks):
        raise ValueError("counts cannot be negative")
    edges = np.cumsum([0] + [b.shape[1] for b in blocks])
    return np.hstack(blocks), edges
