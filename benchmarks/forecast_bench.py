"""Benchmark: Regulars' forecasts (backtest of seven models, choice per series, intervals) against
Nixtla's statsforecast AutoETS called directly, on the same 1,000 daily product series (2 years).

The series: 70% smooth (level, trend, weekly and yearly season, promotions, noise), 30%
intermittent (Poisson demand, rate 0.05-0.6 a day). The last 14 days are held out; both sides see
the 716 days before. statsforecast runs in its own virtualenv (``benchmarks/.venv-statsforecast``,
made from ``benchmarks/requirements-statsforecast.txt``, or ``REGULARS_STATSFORECAST_PYTHON``) in a
subprocess that reads the same arrays and times itself; its first-call (numba compile) time is
printed apart. Prophet is not installed here (it needs cmdstan, compiled at install): not run.

Usage: ``python benchmarks/forecast_bench.py [--series N] [--seed S]``
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
import time
import venv
from pathlib import Path

import numpy as np

from regulars.analytics.forecast import forecast_series, predict
from regulars.analytics.forecast.backtest import mase_scale
from regulars.analytics.forecast.models import SMOOTH, is_intermittent

HERE = Path(__file__).resolve().parent
VENV = HERE / ".venv-statsforecast"
DAYS, H, M = 730, 14, 7

PEER_SCRIPT = r"""
import json, sys, time
import numpy as np, pandas as pd
t0 = time.perf_counter()
from statsforecast import StatsForecast
from statsforecast.models import AutoETS
d = np.load(sys.argv[1])
y = d["y"]
one = pd.DataFrame({"unique_id": "x", "ds": pd.date_range("2024-01-01", periods=y.shape[1]),
                    "y": y[0]})
StatsForecast(models=[AutoETS(season_length=7)], freq="D").forecast(df=one, h=14, level=[80, 95])
first = time.perf_counter() - t0
n, t = y.shape
df = pd.DataFrame({"unique_id": np.repeat(np.arange(n), t), "ds": np.tile(
    pd.date_range("2024-01-01", periods=t).values, n), "y": y.ravel()})
t0 = time.perf_counter()
fc = StatsForecast(models=[AutoETS(season_length=7)], freq="D", n_jobs=1).forecast(
    df=df, h=14, level=[80, 95])
seconds = time.perf_counter() - t0
fc = fc.sort_values(["unique_id", "ds"])
mean = fc["AutoETS"].to_numpy().reshape(n, 14)
lo = fc["AutoETS-lo-80"].to_numpy().reshape(n, 14)
hi = fc["AutoETS-hi-80"].to_numpy().reshape(n, 14)
np.savez(sys.argv[2], mean=mean, lo=lo, hi=hi)
print(json.dumps({"seconds": seconds, "first_call": first}))
"""


def peer_python() -> Path:
    given = os.environ.get("REGULARS_STATSFORECAST_PYTHON")
    if given:
        return Path(given)
    python = VENV / "bin" / "python"
    if not python.exists():
        print(f"creating {VENV} (statsforecast) ...", flush=True)
        venv.EnvBuilder(with_pip=True).create(VENV)
        requirements = HERE / "requirements-statsforecast.txt"
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-r", str(requirements)],
                       check=True)  # fmt: skip
    return python


def product_series(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    t = np.arange(DAYS)
    smooth = int(n * 0.7)
    level = rng.uniform(20, 200, (smooth, 1))
    week = rng.uniform(0.05, 0.3, (smooth, 1)) * np.sin(
        2 * np.pi * (t + rng.integers(0, 7, (smooth, 1))) / 7
    )
    year = rng.uniform(0.0, 0.3, (smooth, 1)) * np.sin(2 * np.pi * t / 365.25)
    trend = rng.uniform(-0.3, 0.6, (smooth, 1)) * t / DAYS
    promo = (rng.random((smooth, DAYS)) < 0.02) * rng.uniform(0.3, 1.0, (smooth, 1))
    mean = level * (1 + week + year + trend + promo)
    regular = rng.normal(mean, 0.12 * mean).clip(0)
    rates = rng.uniform(0.05, 0.6, (n - smooth, 1))
    sparse = rng.poisson(rates, (n - smooth, DAYS)) * rng.integers(1, 4, (n - smooth, 1))
    return np.vstack([regular, sparse]).astype(float)  # fmt: skip


def holdout_mase(train: np.ndarray, test: np.ndarray, mean: np.ndarray) -> np.ndarray:
    scale = mase_scale(train, M)
    return np.abs(test - mean).mean(axis=1) / scale


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--series", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2027)
    args = parser.parse_args()
    y = product_series(args.series, args.seed)
    train, test = y[:, :-H], y[:, -H:]
    t0 = time.perf_counter()
    ours = forecast_series(train, M, H, [str(i) for i in range(len(y))])
    t_ours = time.perf_counter() - t0
    mean = np.array([f.mean for f in ours])
    low = np.array([f.low80 for f in ours])
    high = np.array([f.high80 for f in ours])
    with tempfile.TemporaryDirectory() as tmp:
        np.savez(Path(tmp) / "y.npz", y=train)
        script = Path(tmp) / "peer.py"
        script.write_text(PEER_SCRIPT)
        done = subprocess.run([str(peer_python()), str(script), f"{tmp}/y.npz", f"{tmp}/out.npz"],
                              check=True, capture_output=True, text=True)  # fmt: skip
        peer = json.loads(done.stdout.strip().splitlines()[-1])
        theirs = np.load(f"{tmp}/out.npz")
        peer_mean, peer_lo, peer_hi = theirs["mean"], theirs["lo"], theirs["hi"]
    ok = np.isfinite(mase_scale(train, M))
    ours_mase = float(np.nanmean(holdout_mase(train, test, mean)[ok]))
    peer_mase = float(np.nanmean(holdout_mase(train, test, peer_mean)[ok]))
    ratio = t_ours / peer["seconds"]
    print(f"{len(y):,} daily series x {DAYS - H} days, horizon {H}, "
          f"{int(is_intermittent(train).sum())} intermittent")  # fmt: skip
    print(f"statsforecast first call (import + numba compile): {peer['first_call']:.1f} s")
    print(f"time: regulars whole path {t_ours:.2f} s, statsforecast AutoETS alone "
          f"{peer['seconds']:.2f} s, ratio {ratio:.2f}x (goal <= 1.5x: "
          f"{'met' if ratio <= 1.5 else 'NOT met'})")  # fmt: skip
    singles = {}
    for name in SMOOTH + ("croston", "tsb"):
        p = predict(name, train, M, H)
        singles[name] = float(np.nanmean(holdout_mase(train, test, p.mean)[ok]))
    best_single = min(singles.values())
    print(f"holdout MASE: regulars (chosen per series) {ours_mase:.3f}, statsforecast AutoETS "
          f"{peer_mase:.3f}, ratio {ours_mase / peer_mase:.3f}")  # fmt: skip
    print("holdout MASE of each single model on every series: "
          + ", ".join(f"{k} {v:.3f}" for k, v in singles.items()))  # fmt: skip
    print(f"regulars below every single model: {'met' if ours_mase < best_single else 'NOT met'}"
          f" (best single {best_single:.3f})")  # fmt: skip
    cover = float(np.mean((test >= low) & (test <= high)))
    peer_cover = float(np.mean((test >= peer_lo) & (test <= peer_hi)))
    print(f"80% interval holdout coverage: regulars {cover:.3f}, statsforecast {peer_cover:.3f}")


if __name__ == "__main__":
    main()
