"""Draw (frequency, recency, T) summaries from the BG/NBD process, for tests and benchmarks.

Each customer has a purchase rate lambda ~ Gamma(r, alpha) and a dropout probability
p ~ Beta(a, b); after each repeat purchase they leave with probability p. The number of repeat
purchases they would make before leaving is K ~ Geometric(p) (counting the last one); the number of
Poisson arrivals in (0, T] is N ~ Poisson(lambda T); frequency x = min(K, N) and, given N = n
arrivals (sorted uniforms on (0, T]), recency is the x-th of them: T * Beta(x, n - x + 1).
"""

from __future__ import annotations

import numpy as np


def simulate_bgnbd(
    T,
    r: float,
    alpha: float,
    a: float,
    b: float,
    *,
    seed: int = 0,
    resolution: float | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(frequency, recency, T) for customers observed for ``T`` periods each.

    ``resolution`` (e.g. 1/7 for days when time is in weeks) rounds recency down to that grid, as
    dated transactions would be; None keeps continuous times.
    """
    rng = np.random.default_rng(seed)
    t_obs = np.asarray(T, dtype=float)
    n = t_obs.size
    lam = rng.gamma(r, 1.0 / alpha, n)
    p = np.clip(rng.beta(a, b, n), 1e-12, 1.0)
    k = rng.geometric(p)
    arrivals = rng.poisson(lam * t_obs)
    x = np.minimum(k, arrivals)
    has = x > 0
    recency = np.zeros(n)
    recency[has] = t_obs[has] * rng.beta(x[has], arrivals[has] - x[has] + 1)
    if resolution:
        recency = np.minimum(np.floor(recency / resolution) * resolution, t_obs)
    return x.astype(float), recency, t_obs
