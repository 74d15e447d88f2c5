"""Start-up time of the command line, against a bare ``python -c pass`` in the same run.

Goals (issue 13): ``regulars --help`` in at most 0.3 s and ``regulars status`` (on a small imported
workspace) in at most 0.7 s. Each command runs in turns with the others, best of N rounds, as a new
process each time, the way a person types it. The first ``status`` on a workspace compiles its
queries (Ibis) and saves their SQL in the database; the later ones, which the best of N measures,
run the saved SQL without importing Ibis. "duckdb floor" is what ``status`` cannot go below:
importing DuckDB and counting one table; "ibis + duckdb floor" is what it cost while it read
through Ibis (importing Ibis's DuckDB backend, which imports pyarrow and pandas, and counting).
sqlite-utils (the peer the goal was set against) is timed too when it is on the PATH
(``pip install sqlite-utils`` in its own venv; it does not fit ours).

    python benchmarks/startup_bench.py [--rounds 7]
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

GOALS = {"regulars --help": 0.3, "regulars status": 0.7}
FLOOR = (
    "import duckdb, sys; con = duckdb.connect(sys.argv[1], read_only=True); "
    "con.sql('SELECT count(*) FROM orders').fetchall()"
)
IBIS_FLOOR = (
    "import ibis, sys; con = ibis.duckdb.connect(sys.argv[1], read_only=True); "
    "con.table('orders').count().to_pyarrow()"
)


def _best(command: list[str], rounds: list[float]) -> None:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rounds.append(time.perf_counter() - start)


def _small_workspace(folder: Path) -> Path:
    """A workspace with a few imported orders, made through the CLI."""
    csv = folder / "orders.csv"
    csv.write_text(
        "order_id,customer_id,ordered_at,total\n"
        + "".join(
            f"O{i},C{i % 7},2026-0{1 + i % 9}-1{i % 9}T10:00:00Z,{10 + i}.50\n" for i in range(40)
        ),
        encoding="utf-8",
    )
    ws = folder / "ws"
    regulars = [sys.executable, "-m", "regulars"]
    subprocess.run([*regulars, "init", "-w", str(ws)], check=True, stdout=subprocess.DEVNULL)
    subprocess.run(
        [*regulars, "import", "orders", str(csv), "-w", str(ws)],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return ws


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()
    script = Path(sys.executable).with_name("regulars")
    regulars = [str(script)] if script.exists() else [sys.executable, "-m", "regulars"]
    with tempfile.TemporaryDirectory() as tmp:
        ws = _small_workspace(Path(tmp))
        database = str(ws / "regulars.duckdb")
        commands = {
            "python -c pass": [sys.executable, "-c", "pass"],
            "regulars --help": [*regulars, "--help"],
            "regulars status": [*regulars, "status", "-w", str(ws)],
            "duckdb floor": [sys.executable, "-c", FLOOR, database],
            "ibis + duckdb floor": [sys.executable, "-c", IBIS_FLOOR, database],
        }
        if peer := shutil.which("sqlite-utils"):
            commands["sqlite-utils --help"] = [peer, "--help"]
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.rounds):
            for name, command in commands.items():
                _best(command, times[name])
    base = min(times["python -c pass"])
    for name, rounds in times.items():
        best = min(rounds)
        goal = (
            f" (goal <= {GOALS[name]} s: {'met' if best <= GOALS[name] else 'NOT met'})"
            if name in GOALS
            else ""
        )
        print(f"{name}: {best:.3f} s, {best / base:.1f}x python -c pass{goal}")


if __name__ == "__main__":
    main()
