"""Benchmark: lead scoring at scale against the issue's goals (fit 100,000 leads in at most 10 s,
score 1,000,000 in at most 5 s), both models (scikit-learn's logistic regression and gradient
boosting, the peers Regulars calls) fitted and checked on a time split, as ``regulars leads score``
does.

Usage: ``python benchmarks/leads_bench.py [--fit N] [--score N]``
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from regulars.analytics.leads import fit_lead_model

SOURCES = np.array(["referral", "trade show", "website form", "instagram", "cold outreach"])
KINDS = np.array(["café", "roastery", "bakery", "bar", "kitchen", "deli"])


def leads(n: int, seed: int):
    rng = np.random.default_rng(seed)
    source, kind = SOURCES[rng.integers(0, 5, n)], KINDS[rng.integers(0, 6, n)]
    owner = np.array(["A", "B", "C"])[rng.integers(0, 3, n)]
    logit = -1.5 + 1.2 * (source == "referral") - 0.7 * (source == "cold outreach") + 0.5 * (
        kind == "roastery")  # fmt: skip
    y = rng.random(n) < 1 / (1 + np.exp(-logit))
    return {"source": list(source), "owner": list(owner), "kind": list(kind)}, y


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fit", type=int, default=100_000)
    parser.add_argument("--score", type=int, default=1_000_000)
    args = parser.parse_args()
    attributes, y = leads(args.fit, 1)
    t0 = time.perf_counter()
    model = fit_lead_model(attributes, y, np.arange(args.fit))
    fit_s = time.perf_counter() - t0
    scoring, _ = leads(args.score, 2)
    t0 = time.perf_counter()
    p = model.predict(scoring)
    score_s = time.perf_counter() - t0
    verdict = "met" if fit_s <= 10 else "NOT met"
    print(f"fit {args.fit:,} leads (both models, time split, refit): {fit_s:.2f} s "
          f"(goal <= 10 s: {verdict}); chosen {model.name}")  # fmt: skip
    print(f"score {args.score:,} leads: {score_s:.2f} s (goal <= 5 s: "
          f"{'met' if score_s <= 5 else 'NOT met'}); mean score {p.mean():.3f}")  # fmt: skip


if __name__ == "__main__":
    main()
