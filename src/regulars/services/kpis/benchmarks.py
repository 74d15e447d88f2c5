"""Industry benchmarks: published figures shipped with Regulars, overridden by the workspace's own.

The shipped file ``regulars/data/industry_benchmarks.csv`` holds one row per vertical and KPI with
its source, year and address; ``<workspace>/benchmarks.csv`` (same columns) adds or replaces rows.
"""

from __future__ import annotations

import csv
from dataclasses import asdict, dataclass
from pathlib import Path

from regulars.errors import InputError
from regulars.services.kpis.registry import canonical_key
from regulars.services.workspace import Workspace

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "industry_benchmarks.csv"
COLUMNS = ("vertical", "kpi", "value", "statistic", "source", "year", "url", "title", "note")
WORKSPACE_FILE = "benchmarks.csv"
DEFAULT_VERTICAL = "e-commerce"


@dataclass(frozen=True)
class Benchmark:
    vertical: str
    kpi: str
    value: float
    statistic: str  # median, average, ...
    source: str
    year: str
    url: str
    title: str
    note: str
    origin: str  # "shipped" or the workspace file

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def citation(self) -> str:
        return f"{self.source} ({self.year}), {self.title}"


def _read(path: Path, origin: str) -> list[Benchmark]:
    with path.open(newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(line for line in fh if not line.startswith("#"))]
    out = []
    for line, r in enumerate(rows, start=2):
        missing = [c for c in ("vertical", "kpi", "value") if not (r.get(c) or "").strip()]
        key = canonical_key((r.get("kpi") or "").strip())
        if missing or key is None:
            raise InputError(
                f"{path.name} row {line}: "
                + (f"missing {', '.join(missing)}" if missing else f"unknown KPI {r['kpi']!r}")
            )
        try:
            value = float(r["value"])
        except ValueError as exc:
            raise InputError(
                f"{path.name} row {line}: value {r['value']!r} is not a number"
            ) from exc
        out.append(
            Benchmark(
                r["vertical"].strip(),
                key,
                value,
                *(str(r.get(c) or "").strip() for c in COLUMNS[3:]),
                origin,
            )
        )
    return out


def all_benchmarks(ws: Workspace | None = None) -> list[Benchmark]:
    """Shipped rows, then workspace rows replacing any with the same vertical and KPI."""
    merged = {(b.vertical, b.kpi): b for b in _read(SHIPPED, "shipped")}
    own = ws.path / WORKSPACE_FILE if ws is not None else None
    if own is not None and own.exists():
        merged.update({(b.vertical, b.kpi): b for b in _read(own, str(own))})
    return list(merged.values())


def benchmarks_for(ws: Workspace | None, vertical: str = DEFAULT_VERTICAL) -> dict[str, Benchmark]:
    rows = all_benchmarks(ws)
    known = sorted({b.vertical for b in rows})
    if vertical not in known:
        raise InputError(f"no benchmarks for vertical {vertical!r}; verticals: {', '.join(known)}")
    return {b.kpi: b for b in rows if b.vertical == vertical}
