"""Benchmark: Regulars' customer-lifetime models against lifetimes 0.11.3, on the same data.

1,000,000 synthetic customers drawn from the BG/NBD process with the CDNOW parameters (Fader, Hardie
& Lee 2005: r=0.243, alpha=4.414, a=0.793, b=2.426), first purchases spread over the first 12 weeks
of a 39-week calibration period, dates at daily resolution (time in weeks). lifetimes runs in its
own
virtualenv (``benchmarks/.venv-lifetimes``, made from ``benchmarks/requirements-lifetimes.txt`` when
missing) in a subprocess that reads the same arrays from a .npz file and times itself.

Usage: ``python benchmarks/clv_bench.py [--customers N] [--seed S]``
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
import venv
from pathlib import Path

import numpy as np

from regulars.analytics.clv import BetaGeoModel, ParetoNBDModel, merge_identical_rows
from regulars.analytics.clv.simulation import simulate_bgnbd

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv-lifetimes"
REQUIREMENTS = HERE / "requirements-lifetimes.txt"
CDNOW = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}
HORIZON = 39.0

LIFETIMES_SCRIPT = r"""
import json, sys, time, warnings
import numpy as np
warnings.filterwarnings("ignore")
from lifetimes import BetaGeoFitter
d = np.load(sys.argv[1])
out = {}
def fit(key, x, tx, T, w=None):
    t0 = time.perf_counter()
    m = BetaGeoFitter(penalizer_coef=0.0).fit(x, tx, T, weights=w)
    params = {k: float(v) for k, v in m.params_.items()}
    out[key] = {"seconds": time.perf_counter() - t0, "params": params}
    return m
fit("merged", d["ux"], d["utx"], d["uT"], d["uw"])
m = fit("unmerged", d["x"], d["tx"], d["T"])
t0 = time.perf_counter()
e = m.conditional_expected_number_of_purchases_up_to_time(
    float(d["horizon"]), d["x"], d["tx"], d["T"]
)
p = m.conditional_probability_alive(d["x"], d["tx"], d["T"])
out["score"] = {
    "seconds": time.perf_counter() - t0,
    "total_expected": float(np.sum(e)),
    "mean_p_alive": float(np.mean(p)),
}
print(json.dumps(out))
"""


def ensure_lifetimes_venv() -> Path:
    python = VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {VENV} (lifetimes 0.11.3) ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", "-r", str(REQUIREMENTS)], check=True
        )
    return python


def synthetic_customers(n: int, seed: int):
    first_day = np.random.default_rng(seed).integers(0, 84, n)  # first purchases in weeks 1-12
    T = (272 - first_day) / 7.0  # calibration ends on day 272 (as 1997-09-30 in CDNOW)
    return simulate_bgnbd(T, **CDNOW, seed=seed + 1, resolution=1 / 7)


def timed(f):
    t0 = time.perf_counter()
    result = f()
    return result, time.perf_counter() - t0


def run_lifetimes(python: Path, data: dict) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "customers.npz"
        np.savez(path, **data)
        script = Path(tmp) / "run_lifetimes.py"
        script.write_text(LIFETIMES_SCRIPT)
        done = subprocess.run(
            [str(python), str(script), str(path)], check=True, capture_output=True, text=True
        )
    return json.loads(done.stdout.strip().splitlines()[-1])


def ratio_line(label: str, ours: float, theirs: float, goal: float) -> str:
    ratio = theirs / ours
    verdict = "met" if ratio >= goal else "NOT met"
    return (
        f"{label}: regulars {ours:.2f} s, lifetimes {theirs:.2f} s, "
        f"ratio {ratio:.1f}x (goal >= {goal:g}x: {verdict})"
    )


def same_optimum_line(label: str, ours: dict, theirs: dict) -> str:
    gap = max(abs(ours[k] - theirs[k]) for k in ours)
    shown = ", ".join(f"{k} {ours[k]:.4f}/{theirs[k]:.4f}" for k in ours)
    verdict = "same optimum" if gap <= 1e-2 else "DIFFERENT optimum"
    return f"{label}: {verdict} (max |difference| {gap:.1e}; regulars/lifetimes {shown})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=1_000_000)
    parser.add_argument("--seed", type=int, default=20050101)
    args = parser.parse_args()
    python = ensure_lifetimes_venv()
    x, tx, T = synthetic_customers(args.customers, args.seed)
    (ux, utx, uT), uw = merge_identical_rows((x, tx, T), np.ones(x.size))
    print(
        f"{x.size:,} customers, {ux.size:,} distinct (frequency, recency, T) rows, "
        f"{int(np.sum(x > 0)):,} repeat buyers"
    )

    bg, t_unmerged = timed(lambda: BetaGeoModel().fit(x, tx, T))
    bg_merged, t_merged = timed(lambda: BetaGeoModel().fit(ux, utx, uT, weights=uw))
    pareto, t_pareto = timed(lambda: ParetoNBDModel().fit(x, tx, T))
    _, t_score = timed(
        lambda: (
            bg.conditional_expected_purchases(HORIZON, x, tx, T),
            bg.probability_alive(x, tx, T),
        )
    )

    data = {"x": x, "tx": tx, "T": T, "ux": ux, "utx": utx, "uT": uT, "uw": uw, "horizon": HORIZON}
    theirs = run_lifetimes(python, data)

    print(ratio_line("bgnbd fit (unmerged)", t_unmerged, theirs["unmerged"]["seconds"], 10))
    print(
        ratio_line("bgnbd fit (merged rows + weights)", t_merged, theirs["merged"]["seconds"], 1.5)
    )
    print(
        ratio_line(
            "scoring (expected purchases + P(alive))", t_score, theirs["score"]["seconds"], 5
        )
    )
    verdict = "met" if t_pareto <= 10 else "NOT met"
    print(
        f"paretonbd fit (unmerged): regulars {t_pareto:.2f} s (goal <= 10 s: {verdict}); "
        f"converged={pareto.converged_}"
    )
    print(same_optimum_line("bgnbd unmerged", bg.params_, theirs["unmerged"]["params"]))
    print(same_optimum_line("bgnbd merged", bg_merged.params_, theirs["merged"]["params"]))
    print(
        f"regulars BG/NBD: converged={bg.converged_}, log-likelihood {bg.log_likelihood_:.2f}; "
        f"true parameters {CDNOW}"
    )


if __name__ == "__main__":
    sys.exit(main())
