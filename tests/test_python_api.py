"""The public Python API: ``regulars.<name>`` for every name in ``regulars.PUBLIC``, documented in
docs/python-api.md, imported only when used."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import regulars

DOC = Path(__file__).resolve().parents[1] / "docs" / "python-api.md"


def test_every_public_name_resolves_to_its_module_object():
    import importlib

    for name, module in regulars.PUBLIC.items():
        assert getattr(regulars, name) is getattr(importlib.import_module(module), name), name


def test_the_python_api_doc_names_every_public_name():
    text = DOC.read_text(encoding="utf-8")
    assert [name for name in regulars.PUBLIC if f"`{name}" not in text] == []


def test_import_regulars_loads_nothing_heavy():
    code = "import sys, regulars; print(','.join(sorted(m for m in sys.modules if '.' not in m)))"
    loaded = set(
        subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
        .stdout.strip()
        .split(",")
    )
    assert loaded.isdisjoint({"ibis", "duckdb", "pandas", "numpy", "pyarrow", "scipy", "fastapi"})


def test_the_docs_example_runs_through_the_public_api(tmp_path):
    csv = tmp_path / "orders.csv"
    csv.write_text(
        "order_id,customer_id,ordered_at,total\n"
        "O1,C1,2026-01-05T10:00:00Z,10.00\nO2,C1,2026-02-05T10:00:00Z,20.00\n"
        "O3,C2,2026-02-07T10:00:00Z,5.50\n",
        encoding="utf-8",
    )
    with regulars.Workspace.open(tmp_path / "ws") as ws:
        ws.init()
        report = regulars.import_file(ws, "orders", csv)
        assert report.counts["orders"].created == 3
        status = regulars.workspace_status(ws)
        assert status.rows("orders") == 3
        rfm = regulars.rfm_report(ws)
        assert rfm.customers == 2 and rfm.revenue_cents == 3550
