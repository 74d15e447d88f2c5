"""The peer for benchmarks/mmm_bench.py, run in PyMC-Marketing's own virtual environment:
reads the weekly data (npz), fits PyMC-Marketing's MMM (geometric adstock, logistic saturation,
yearly Fourier terms), and writes each channel's total contribution (mean, 5% and 95% quantiles
of the posterior) and the seconds the fit took as JSON.

    /work/venv-pymc/bin/python benchmarks/mmm_peer_pymc.py DATA.npz OUT.json DRAWS CHAINS
"""

import json
import sys
import time

import numpy as np
import pandas as pd
from pymc_marketing.mmm import MMM, GeometricAdstock, LogisticSaturation


def main(data_path: str, out_path: str, draws: int, chains: int) -> None:
    data = np.load(data_path)
    spend, y = data["spend"], data["y"]
    channels = [f"c{i}" for i in range(spend.shape[1])]
    frame = pd.DataFrame(spend, columns=channels)
    frame["date"] = pd.date_range("2023-01-02", periods=len(y), freq="W-MON")
    start = time.perf_counter()
    model = MMM(date_column="date", channel_columns=channels, adstock=GeometricAdstock(l_max=8),
                saturation=LogisticSaturation(), yearly_seasonality=2)  # fmt: skip
    model.fit(frame[["date", *channels]], pd.Series(y), draws=draws, tune=draws, chains=chains,
              cores=chains, random_seed=1, progressbar=False, target_accept=0.9)  # fmt: skip
    contrib = model.compute_channel_contribution_original_scale()
    total = contrib.sum("date").stack(sample=("chain", "draw")).transpose("sample", ...).values
    seconds = time.perf_counter() - start
    out = {"seconds": seconds, "mean": total.mean(0).tolist(),
           "low": np.quantile(total, 0.05, axis=0).tolist(),
           "high": np.quantile(total, 0.95, axis=0).tolist()}  # fmt: skip
    with open(out_path, "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
