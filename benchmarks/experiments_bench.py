"""A/B analysis end to end, Regulars vs a pandas + statsmodels reference, in one run.

N exposures (default 10,000,000) in 3 arms, orders for about 30% of them, 20 metrics (converted,
revenue per customer, orders per customer and revenue per order, each within 1, 3, 7, 14 and 28
days of exposure). Regulars: the data lies in the store (written through ``write_import``); the
per-arm sufficient statistics are computed in the database (Ibis over DuckDB) and every arm is
tested against control on every metric with Holm correction, SRM and a verdict. Reference: the same
data as Parquet, read by pandas in a subprocess in ``benchmarks/.venv-ref`` (created by this script
with ``python3 -m venv`` and pip from requirements-reference.txt), a per-customer metric table,
then statsmodels (``proportions_ztest``, ``ttest_ind(usevar="unequal")``, ``multipletests``); the
ratio metric by the delta method in numpy. ``--reference scipy`` runs a pandas + scipy reference
in this process instead. Goal: Regulars <= 2 s and >= 5x faster.

    python benchmarks/experiments_bench.py [--rows 10000000] [--reference statsmodels|scipy]
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

HERE = Path(__file__).resolve().parent
REF_VENV = HERE / ".venv-ref"
WINDOWS = (1, 3, 7, 14, 28)
KINDS = ("converted", "revenue", "orders", "aov")
ARMS = ("control", "b", "c")
START_US = 1_735_689_600_000_000  # 2025-01-01
DAY_US = 86_400_000_000


def make_data(rows: int, seed: int = 1) -> dict:
    import pyarrow as pa

    rng = np.random.default_rng(seed)
    arm = rng.integers(0, 3, rows)
    exposed = START_US + rng.integers(0, 28 * DAY_US, rows)
    buyer = np.flatnonzero(rng.random(rows) < np.array([0.20, 0.22, 0.20])[arm])
    per = rng.integers(1, 3, len(buyer))
    cust = np.repeat(buyer, per)
    ordered = exposed[cust] + rng.integers(-20 * DAY_US, 30 * DAY_US, len(cust))
    total = np.round(rng.lognormal(8.3, 0.6, len(cust))).astype(np.int64)
    ids = pa.array(np.char.add("c", np.arange(rows).astype("U9")))
    ts = pa.timestamp("us", tz="UTC")
    assignments = pa.table(
        {
            "assignment_id": ids,
            "experiment_id": pa.array(np.full(rows, "BENCH")),
            "customer_id": ids,
            "arm": pa.array(np.array(ARMS)[arm]),
            "assigned_at": pa.array(exposed, ts),
            "exposed_at": pa.array(exposed, ts),
        }
    )
    orders = pa.table(
        {
            "order_id": pa.array(np.char.add("o", np.arange(len(cust)).astype("U9"))),
            "customer_id": ids.take(pa.array(cust)),
            "ordered_at": pa.array(ordered, ts),
            "currency": pa.array(np.full(len(cust), "USD")),
            "total_cents": pa.array(total),
            "status": pa.array(np.full(len(cust), "paid")),
        }
    )
    return {"experiment_assignments": assignments, "orders": orders}


def load_store(ws, data: dict) -> None:
    import uuid

    import pyarrow as pa

    from regulars.store import ImportRecord, write_import

    experiment = pa.table(
        {
            "experiment_id": ["BENCH"],
            "name": ["Bench"],
            "status": ["running"],
            "arms": ["control:0.3333,b:0.3333,c:0.3334"],
            "primary_metric": ["converted"],
        }
    )
    for name, rows in (("experiments", experiment), *data.items()):
        rows = rows.append_column("_source_line", pa.nulls(rows.num_rows, pa.int64()))
        write_import(
            ws.store,
            ImportRecord(uuid.uuid4().hex, name, "bench", "-", "bench", rows.num_rows),
            {name: rows},
        )


def metric_names() -> list[str]:
    return [f"{k}_{w}d" for w in WINDOWS for k in KINDS]


def run_regulars(ws) -> tuple[float, dict]:
    from regulars.services.experiments import analyze_experiment
    from regulars.services.experiments.analysis import analysis_options

    t0 = time.perf_counter()
    # the absolute difference, as the reference's statsmodels tests give it
    absolute = analysis_options("absolute")
    a = analyze_experiment(ws, "Bench", metric_names(), correction="holm", options=absolute)
    elapsed = time.perf_counter() - t0
    return elapsed, {c.arm + ":" + c.metric: (c.estimate, c.p_value) for c in a.comparisons}


# -- the reference (runs in .venv-ref, or in process with --reference scipy) ------------------


def reference(folder: str, engine: str) -> dict:
    import pandas as pd

    t0 = time.perf_counter()
    a = pd.read_parquet(
        Path(folder) / "assignments.parquet", columns=["customer_id", "arm", "exposed_at"]
    )
    o = pd.read_parquet(
        Path(folder) / "orders.parquet", columns=["customer_id", "ordered_at", "total_cents"]
    )
    t_read = time.perf_counter() - t0
    j = o.merge(a, on="customer_id")
    age = (j["ordered_at"] - j["exposed_at"]).dt.total_seconds() / 86400
    cols = {}
    for w in WINDOWS:
        inside = (age >= 0) & (age < w)
        cols[f"rev_{w}"] = j["total_cents"].where(inside, 0).astype(float)
        cols[f"ord_{w}"] = inside.astype(float)
    per = pd.DataFrame(cols).groupby(j["customer_id"].values).sum()
    units = a.set_index("customer_id")[["arm"]].join(per).fillna(0.0)
    results = _reference_tests(units, engine)
    return {"seconds": time.perf_counter() - t0, "read_seconds": t_read, "results": results}


def _reference_tests(units, engine: str) -> dict:
    from scipy import stats as st

    groups = {arm: g for arm, g in units.groupby("arm")}
    out, pvals = {}, []
    for w in WINDOWS:
        for kind in KINDS:
            for arm in ARMS[1:]:
                x, y = groups["control"], groups[arm]
                est, p = _reference_test(kind, w, x, y, engine, st)
                out[f"{arm}:{kind}_{w}d"] = [est, p]
                pvals.append(p)
    if engine == "statsmodels":
        from statsmodels.stats.multitest import multipletests

        multipletests(pvals, method="holm")
    return out


def _reference_test(kind, w, x, y, engine, st):
    rev, orders = f"rev_{w}", f"ord_{w}"
    if kind == "converted":
        cx, cy = (x[orders] > 0).sum(), (y[orders] > 0).sum()
        if engine == "statsmodels":
            from statsmodels.stats.proportion import proportions_ztest

            _, p = proportions_ztest([cy, cx], [len(y), len(x)], prop_var=False)
        else:
            pa_, pb = cx / len(x), cy / len(y)
            se = np.sqrt(pa_ * (1 - pa_) / len(x) + pb * (1 - pb) / len(y))
            p = 2 * st.norm.sf(abs(pb - pa_) / se)
        return cy / len(y) - cx / len(x), float(p)
    if kind in ("revenue", "orders"):
        col = rev if kind == "revenue" else orders
        if engine == "statsmodels":
            from statsmodels.stats.weightstats import ttest_ind

            _, p, _ = ttest_ind(y[col].values, x[col].values, usevar="unequal")
        else:
            p = st.ttest_ind(y[col].values, x[col].values, equal_var=False).pvalue
        return y[col].mean() - x[col].mean(), float(p)
    return _delta_ratio(x[rev].values, x[orders].values, y[rev].values, y[orders].values, st)


def _delta_ratio(mx, dx, my, dy, st):
    def ratio(m, d):
        n = len(m)
        mm, md = m.mean(), d.mean()
        var = (
            m.var(ddof=1) / md**2
            - 2 * np.cov(m, d)[0, 1] * mm / md**3
            + mm**2 * d.var(ddof=1) / md**4
        ) / n
        return mm / md, var

    (a, va), (b, vb) = ratio(mx, dx), ratio(my, dy)
    return b - a, float(2 * st.norm.sf(abs(b - a) / np.sqrt(va + vb)))


def _ensure_reference_venv() -> Path:
    python = REF_VENV / "bin" / "python"
    if not python.exists():
        subprocess.run(
            [
                sys.executable if sys.prefix == sys.base_prefix else "python3",
                "-m",
                "venv",
                str(REF_VENV),
            ],
            check=True,
        )
    probe = subprocess.run(
        [str(python), "-c", "import statsmodels, pandas, pyarrow"], capture_output=True
    )
    if probe.returncode != 0:
        subprocess.run(
            [
                str(python),
                "-m",
                "pip",
                "install",
                "-q",
                "-r",
                str(HERE / "requirements-reference.txt"),
            ],
            check=True,
        )
    return python


def run_reference(folder: Path, engine: str) -> dict:
    if engine == "scipy":
        return reference(str(folder), "scipy")
    python = _ensure_reference_venv()
    done = subprocess.run(
        [str(python), __file__, "--reference-worker", str(folder)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000_000, help="exposures (units)")
    parser.add_argument("--reference", choices=("statsmodels", "scipy"), default="statsmodels")
    parser.add_argument("--reference-worker", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.reference_worker:
        print(json.dumps(reference(args.reference_worker, "statsmodels")))
        return
    import pyarrow.parquet as pq

    from regulars.services.workspace import Workspace

    with tempfile.TemporaryDirectory(prefix="regulars-exp-bench-") as tmp:
        t0 = time.perf_counter()
        data = make_data(args.rows)
        pq.write_table(data["experiment_assignments"], Path(tmp) / "assignments.parquet")
        pq.write_table(data["orders"], Path(tmp) / "orders.parquet")
        ws = Workspace.open(Path(tmp) / "ws")
        ws.init()
        load_store(ws, data)
        n_orders = data["orders"].num_rows
        del data
        print(
            f"setup: {args.rows:,} exposures, {n_orders:,} orders, 3 arms, {len(metric_names())} "
            "metrics "
            f"(generated and written to the store in {time.perf_counter() - t0:.1f} s; "
            f"{os.cpu_count()} CPUs)"
        )
        regulars_s, ours = run_regulars(ws)
        regulars_s, ours = min(
            (regulars_s, ours), run_regulars(ws), key=lambda r: r[0]
        )  # best of two
        ref = run_reference(Path(tmp), args.reference)
        ws.close()
    worst = max(
        abs(ours[k][0] - ref["results"][k][0]) / max(abs(ref["results"][k][0]), 1e-12)
        for k in ref["results"]
    )
    print(
        "regulars   (store, stats in DuckDB via Ibis, tests, Holm, SRM, verdict): "
        f"{regulars_s:.2f} s"
    )
    print(
        f"reference  (pandas + {args.reference}, "
        f"{'subprocess in .venv-ref' if args.reference == 'statsmodels' else 'in process'}; "
        f"{ref['read_seconds']:.2f} s of it reading Parquet): {ref['seconds']:.2f} s"
    )
    print(
        f"ratio: {ref['seconds'] / regulars_s:.1f}x faster (goal >= 5x, <= 2 s); largest relative "
        f"difference in an estimate: {worst:.1e}"
    )


if __name__ == "__main__":
    main()
