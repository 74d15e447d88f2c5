"""Matrix factorisation for implicit feedback: ALS (Hu, Koren & Volinsky 2008) solved by
conjugate gradient (Takács, Pilászy & Tikk 2011) as ``implicit`` does, and BPR (Rendle et al. 2009)
by stochastic gradient steps on sampled triples; both in NumPy and SciPy, every user at once.

ALS: confidence ``c = 1 + alpha r`` on bought pairs (``r`` the orders), preference 1 there and 0
elsewhere; each half-step solves ``(Y'Y + Y'(C_u - I)Y + lambda I) x_u = Y' C_u p_u`` for every
user with a few conjugate-gradient steps from the last solution.
"""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp


def als(r: sp.csr_matrix, factors=32, regularization=5.0, alpha=10.0, iterations=15,
        cg_steps=3, seed=0):  # fmt: skip
    """User and item factors of the users x items matrix ``r``."""
    rng = np.random.default_rng(seed)
    r = sp.csr_matrix(r, dtype=np.float32)
    x = (rng.standard_normal((r.shape[0], factors)) * 0.01).astype(np.float32)
    y = (rng.standard_normal((r.shape[1], factors)) * 0.01).astype(np.float32)
    rt = sp.csr_matrix(r.T)
    for _ in range(iterations):
        x = _half_step(r, y, x, regularization, alpha, cg_steps)
        y = _half_step(rt, x, y, regularization, alpha, cg_steps)
    return x, y


def _half_step(r, y, x, reg, alpha, steps):
    gram = y.T @ y + reg * np.eye(y.shape[1], dtype=np.float32)
    rows = np.repeat(np.arange(r.shape[0]), np.diff(r.indptr))
    w = (alpha * r.data).astype(np.float32)
    yi = y[r.indices]  # each bought pair's item factors, gathered once per half-step

    def times(p):
        dots = np.einsum("nf,nf->n", p[rows], yi) * w
        return p @ gram + sp.csr_matrix((dots, r.indices, r.indptr), shape=r.shape) @ y

    b = sp.csr_matrix((w + 1.0, r.indices, r.indptr), shape=r.shape) @ y
    x = x.copy()
    res = b - times(x)
    p = res.copy()
    rs = np.einsum("nf,nf->n", res, res)
    for _ in range(steps):
        ap = times(p)
        step = rs / np.maximum(np.einsum("nf,nf->n", p, ap), 1e-20)
        x += step[:, None] * p
        res -= step[:, None] * ap
        new = np.einsum("nf,nf->n", res, res)
        p = res + (new / np.maximum(rs, 1e-20))[:, None] * p
        rs = new
    return x


def bpr(r: sp.csr_matrix, factors=32, learning_rate=0.05, regularization=0.01, epochs=40,
        seed=0):  # fmt: skip
    """User and item factors (items with a bias column) by BPR on the bought pairs of ``r``."""
    rng = np.random.default_rng(seed)
    r = sp.csr_matrix(r)
    r.sort_indices()
    users = np.repeat(np.arange(r.shape[0]), np.diff(r.indptr))
    items = r.indices
    x = (rng.standard_normal((r.shape[0], factors)) * 0.01).astype(np.float32)
    y = (rng.standard_normal((r.shape[1], factors)) * 0.01).astype(np.float32)
    bias = np.zeros(r.shape[1], dtype=np.float32)
    seen = users.astype(np.int64) * r.shape[1] + items
    for _ in range(epochs):
        pick = rng.integers(0, len(users), len(users))
        u, i = users[pick], items[pick]
        j = rng.integers(0, r.shape[1], len(u))
        code = u.astype(np.int64) * r.shape[1] + j
        pos = np.minimum(np.searchsorted(seen, code), len(seen) - 1)
        ok = seen[pos] != code
        u, i, j = u[ok], i[ok], j[ok]
        z = np.einsum("nf,nf->n", x[u], y[i] - y[j]) + bias[i] - bias[j]
        g = (1.0 / (1.0 + np.exp(z))).astype(np.float32)[:, None]
        du = g * (y[i] - y[j]) - regularization * x[u]
        di, dj = g * x[u] - regularization * y[i], -g * x[u] - regularization * y[j]
        np.add.at(x, u, learning_rate * du)
        np.add.at(y, i, learning_rate * di)
        np.add.at(y, j, learning_rate * dj)
        np.add.at(bias, i, learning_rate * (g[:, 0] - regularization * bias[i]))
        np.add.at(bias, j, learning_rate * (-g[:, 0] - regularization * bias[j]))
    return x, np.hstack([y, bias[:, None]])
