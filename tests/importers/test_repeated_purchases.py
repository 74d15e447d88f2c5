"""Files without order ids whose identical rows are separate purchases (CDNOW: 255 such rows)
import with stable keys, and re-importing adds nothing. Both backends."""

from __future__ import annotations

import csv
from pathlib import Path

from regulars.services.imports import import_file

CDNOW = Path(__file__).resolve().parents[1] / "data" / "cdnow" / "CDNOW_sample.txt"
MAPPING = {"customer": "customer_id", "date": "ordered_at", "dollars": "total"}


def _cdnow_without_ids(target: Path) -> tuple[Path, int]:
    """The CDNOW sample as a CSV with no order id (a plain format conversion), and how many of
    its rows repeat an earlier identical row."""
    seen: set[tuple] = set()
    repeats = 0
    with target.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["customer", "date", "cds", "dollars"])
        for line in CDNOW.read_text(encoding="utf-8").splitlines():
            _, customer, day, cds, dollars = line.split()
            row = (customer, f"{day[:4]}-{day[4:6]}-{day[6:]}", cds, dollars)
            repeats += (row[0], row[1], row[3]) in seen
            seen.add((row[0], row[1], row[3]))
            writer.writerow(row)
    return target, repeats


def test_identical_rows_are_separate_orders_and_reimport_adds_nothing(workspace, tmp_path):
    path, repeats = _cdnow_without_ids(tmp_path / "cdnow.csv")
    assert repeats > 0  # the same customer, day and amount more than once
    first = import_file(workspace, "orders", path, mapping=MAPPING)
    assert first.counts["orders"].created == 6919
    again = import_file(workspace, "orders", path, mapping=MAPPING)
    assert (again.counts["orders"].created, again.counts["orders"].updated) == (0, 0)
    assert again.counts["orders"].unchanged == 6919
    total = workspace.store.execute('SELECT sum(total_cents) FROM "orders"')[0][0]
    expected = sum(
        round(float(line.split()[4]) * 100)
        for line in CDNOW.read_text(encoding="utf-8").splitlines()
    )
    assert total == expected
