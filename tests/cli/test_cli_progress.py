"""An import's progress: a bar with its steps on a terminal, nothing but the summary elsewhere."""

from __future__ import annotations

import io

from rich.console import Console
from typer.testing import CliRunner

from regulars.cli import app, err
from regulars.services.imports import IMPORT_STEPS


def _import(tmp_path, monkeypatch, terminal: bool) -> tuple[str, str]:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=terminal, width=120)
    monkeypatch.setitem(err.__dict__, "console", console)
    sales = tmp_path / "sales.csv"
    sales.write_text("order_id,customer_id,ordered_at,total\nO1,C1,2026-01-02,10.00\n")
    args = ["import", "orders", str(sales), "-w", str(tmp_path / "ws")]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return screen.getvalue(), result.stdout


def test_a_terminal_sees_each_step(tmp_path, monkeypatch):
    shown, summary = _import(tmp_path, monkeypatch, terminal=True)
    assert "Writing 1 rows" in shown and "3/3" in shown
    assert IMPORT_STEPS[2].format(rows=1) in shown
    assert "sales.csv: 1 rows; added 2" in summary


def test_a_pipe_gets_only_the_summary(tmp_path, monkeypatch):
    shown, summary = _import(tmp_path, monkeypatch, terminal=False)
    assert shown == ""
    assert summary.startswith("sales.csv: 1 rows; added 2")
