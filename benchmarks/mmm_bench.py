"""The marketing mix model against PyMC-Marketing's MMM on the same data: 2 years weekly, 6
channels, simulated with known geometric adstock and saturation. Both fit with intervals; the
line gives each one's seconds, the ratio, and whether each of our channel contributions lies in
the reference's 90% posterior interval (and whether each interval holds the truth).

PyMC-Marketing runs in its own virtual environment (``REGULARS_PYMC_PYTHON``, else
``/work/venv-pymc/bin/python``; make it with ``python3 -m venv /work/venv-pymc &&
/work/venv-pymc/bin/pip install pymc-marketing``). Its sampler is kept short (``--draws`` draws
and as many tuning steps, ``--chains`` chains); when it is missing, the bench says so and times
ours alone. Goal: at least 20x faster with every contribution within the reference's interval.

    python benchmarks/mmm_bench.py [--draws 300] [--chains 2] [--seed 4]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from regulars.analytics.mmm import MediaMixModel, summarise
from regulars.analytics.mmm.transforms import adstock, hill

HERE = Path(__file__).resolve().parent
PEER = os.environ.get("REGULARS_PYMC_PYTHON", "/work/venv-pymc/bin/python")


def simulate(seed: int, n: int = 104, k: int = 6):
    rng = np.random.default_rng(seed)
    mean = rng.uniform(500, 3000, k)
    spend = mean * rng.gamma(2.0, 0.5, (n, k)) * (rng.random((n, k)) > 0.2)
    decay, half = rng.uniform(0.1, 0.7, k), mean * rng.uniform(0.5, 2.5, k)
    beta = rng.uniform(2000, 8000, k)
    t = np.arange(n)
    media = np.column_stack(
        [beta[c] * hill(adstock(spend[:, c], decay[c]), half[c]) for c in range(k)]
    )
    base = 30000 + 20 * t + 2500 * np.sin(2 * np.pi * t / 52.18)
    return spend, base + media.sum(1) + rng.normal(0, 800, n), media.sum(0)


def ours(spend, y):
    start = time.perf_counter()
    model = MediaMixModel(n_boot=200).fit(spend, y)
    summary = summarise(model, spend, tuple(f"c{i}" for i in range(spend.shape[1])))
    return time.perf_counter() - start, summary


def peer(spend, y, draws: int, chains: int):
    if not Path(PEER).exists():
        return None
    with tempfile.TemporaryDirectory() as tmp:
        data, out = Path(tmp) / "data.npz", Path(tmp) / "out.json"
        np.savez(data, spend=spend, y=y)
        subprocess.run([PEER, str(HERE / "mmm_peer_pymc.py"), str(data), str(out), str(draws),
                        str(chains)], check=True, capture_output=True)  # fmt: skip
        return json.loads(out.read_text())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--draws", type=int, default=300)
    parser.add_argument("--chains", type=int, default=2)
    parser.add_argument("--seed", type=int, default=4)
    args = parser.parse_args()
    spend, y, truth = simulate(args.seed)
    seconds, summary = ours(spend, y)
    print(f"regulars: 104 weeks x 6 channels, fit + 200 bootstrap refits in {seconds:.2f} s")
    ref = peer(spend, y, args.draws, args.chains)
    if ref is None:
        print(f"pymc-marketing: not found at {PEER} (set REGULARS_PYMC_PYTHON); ours timed alone")
        return
    print(f"pymc-marketing: {args.chains} chains x {args.draws} draws (+{args.draws} tune) in "
          f"{ref['seconds']:.1f} s; ratio {ref['seconds'] / seconds:.1f}x")  # fmt: skip
    print("channel  truth     ours (90%)                  pymc (90%)                  in-ref")
    inside = 0
    for c, e in enumerate(summary.channels):
        lo, hi = ref["low"][c], ref["high"][c]
        ok = lo <= e.contribution <= hi
        inside += ok
        a, b = e.contribution_interval
        print(
            f"{e.channel:7s} {truth[c]:9,.0f} {e.contribution:9,.0f} ({a:9,.0f}-{b:9,.0f})  "
            f"{ref['mean'][c]:9,.0f} ({lo:9,.0f}-{hi:9,.0f})  {'yes' if ok else 'no'}"
        )
    ours_cover = sum(e.contribution_interval[0] <= t <= e.contribution_interval[1]
                     for e, t in zip(summary.channels, truth))  # fmt: skip
    ref_cover = sum(lo <= t <= hi for lo, hi, t in zip(ref["low"], ref["high"], truth))
    print(
        f"ours within the reference's interval: {inside}/6; truth inside ours {ours_cover}/6, "
        f"inside the reference's {ref_cover}/6"
    )


if __name__ == "__main__":
    sys.exit(main())
