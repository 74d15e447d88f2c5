"""The CLI end to end in a real subprocess-free run (typer's runner calls the real app)."""

from __future__ import annotations

import json
from html import unescape

from typer.testing import CliRunner

from regulars.cli import app

runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_init_import_status_export_round_trip(tmp_path):
    ws = str(tmp_path / "ws")
    assert run("init", "-w", ws).exit_code == 0
    sales = tmp_path / "sales.csv"
    sales.write_text("cust,date,amount\nc1,2024-01-02,12.50\nc2,2024-01-03,7.25\n")
    result = run(
        "import",
        "orders",
        str(sales),
        "--map",
        "cust=customer_id",
        "--map",
        "date=ordered_at",
        "--map",
        "amount=total",
        "-w",
        ws,
        "--json",
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["counts"]["orders"]["created"] == 2
    status = json.loads(run("status", "-w", ws, "--json").output)
    orders = next(t for t in status["tables"] if t["name"] == "orders")
    assert (orders["rows"], orders["first"][:10], orders["last"][:10]) == (
        2,
        "2024-01-02",
        "2024-01-03",
    )
    assert any("known only by id" in w for w in status["warnings"])
    out = tmp_path / "orders.csv"
    assert run("export", "orders", "--to", str(out), "-w", ws).exit_code == 0
    again = json.loads(run("import", "orders", str(out), "-w", ws, "--json").output)
    assert again["counts"]["orders"] == {"created": 0, "updated": 0, "unchanged": 2}


def test_bad_file_exits_65_with_problems_in_json(tmp_path):
    ws = str(tmp_path / "ws")
    bad = tmp_path / "bad.csv"
    bad.write_text("order_id,customer_id,ordered_at,total\nA1,c1,yesterday,5\n")
    result = run("import", "orders", str(bad), "-w", ws, "--json")
    assert result.exit_code == 65
    payload = json.loads(result.output)
    assert payload["error"] == "InputError"
    assert payload["problems"] == [
        {
            "file": "bad.csv",
            "line": 2,
            "column": "ordered_at",
            "value": "yesterday",
            "reason": payload["problems"][0]["reason"],
        }
    ]
    assert "not a date" in payload["problems"][0]["reason"]


def test_bad_map_syntax_and_unknown_customer(tmp_path):
    ws = str(tmp_path / "ws")
    f = tmp_path / "x.csv"
    f.write_text("a\n1\n")
    assert run("import", "orders", str(f), "--map", "nonsense", "-w", ws).exit_code == 65
    result = run("customer", "show", "nobody", "-w", ws, "--json")
    assert result.exit_code == 66 and json.loads(result.output)["error"] == "NotFoundError"


def test_erase_requires_yes_when_not_at_a_terminal(tmp_path):
    ws = str(tmp_path / "ws")
    f = tmp_path / "c.csv"
    f.write_text("customer_id,email\nc1,ann@example.com\n")
    run("import", "customers", str(f), "-w", ws)
    assert run("customer", "erase", "c1", "-w", ws).exit_code == 65
    result = run("customer", "erase", "c1", "--yes", "-w", ws, "--json")
    assert result.exit_code == 0 and json.loads(result.output)["rows_deleted"] == 1


def test_demo_command_writes_the_report_after_the_demo(tmp_path):
    """The demo service builds and analyses the shop; the command writes report.html after it."""
    ws = tmp_path / "ws"
    result = run("demo", "--customers", "200", "--seed", "3", "-w", str(ws), "--json")
    assert result.exit_code == 0, result.output
    demo = json.loads(result.stdout)
    assert list(demo) == ["workspace", "imported", "highlights", "report", "truths"]
    assert demo["report"] == str((ws / "report.html").resolve())
    page = unescape((ws / "report.html").read_text(encoding="utf-8"))
    assert demo["highlights"] and all(line in page for line in demo["highlights"])
    assert not list(ws.glob("*.partial"))
