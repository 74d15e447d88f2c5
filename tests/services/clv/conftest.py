"""CDNOW through the normal importer: the whitespace-separated file written out as a CSV (a plain
format conversion; ``row`` = the line number, so identical same-day rows stay distinct orders),
imported with ``import_file``, then summarised in the database."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from regulars.services.imports import import_file

CDNOW_FILE = Path(__file__).resolve().parents[2] / "data" / "cdnow" / "CDNOW_sample.txt"
CDNOW_MAPPING = {
    "row": "order_id",
    "customer": "customer_id",
    "date": "ordered_at",
    "dollars": "total",
}


def write_cdnow_csv(target: Path) -> Path:
    with target.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["row", "master_id", "customer", "date", "cds", "dollars"])
        for number, line in enumerate(CDNOW_FILE.read_text(encoding="utf-8").splitlines(), start=1):
            master, customer, day, cds, dollars = line.split()
            writer.writerow(
                [number, master, customer, f"{day[:4]}-{day[4:6]}-{day[6:]}", cds, dollars]
            )
    return target


@pytest.fixture
def cdnow_workspace(workspace, tmp_path):
    report = import_file(
        workspace, "orders", write_cdnow_csv(tmp_path / "cdnow.csv"), mapping=CDNOW_MAPPING
    )
    assert report.counts["orders"].created == 6919
    return workspace
