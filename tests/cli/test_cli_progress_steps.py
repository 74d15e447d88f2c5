"""The demo and a CLV fit show a bar of their steps with a time estimate on a terminal, and
nothing but the summary elsewhere (as an import does)."""

from __future__ import annotations

import io

from rich.console import Console
from typer.testing import CliRunner

from regulars.cli import app, err
from regulars.services.clv.fitting import FIT_STEPS
from regulars.services.demo import demo_steps


def _run(monkeypatch, args: list[str], terminal: bool) -> tuple[str, str]:
    screen = io.StringIO()
    console = Console(file=screen, force_terminal=terminal, width=160)
    monkeypatch.setitem(err.__dict__, "console", console)
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return screen.getvalue(), result.stdout


def _shop(tmp_path) -> str:
    rows = ["order_id,customer_id,ordered_at,total"] + [
        f"O{c}{k},C{c},2025-{1 + (c + k) % 12:02d}-{1 + k:02d},{10 + c}.00"
        for c in range(40)
        for k in range(1 + c % 4)
    ]
    sales = tmp_path / "sales.csv"
    sales.write_text("\n".join(rows) + "\n")
    ws = str(tmp_path / "ws")
    CliRunner().invoke(app, ["import", "orders", str(sales), "-w", ws], catch_exceptions=False)
    return ws


def test_a_clv_fit_shows_its_steps_on_a_terminal(tmp_path, monkeypatch):
    ws = _shop(tmp_path)
    shown, _ = _run(monkeypatch, ["clv", "fit", "--model", "bgnbd", "-w", ws], terminal=True)
    assert "Fitting" in shown and FIT_STEPS[-1] in shown  # the bar redraws: the last step shows
    assert f"0/{len(FIT_STEPS)}" in shown and f"{len(FIT_STEPS)}/{len(FIT_STEPS)}" in shown
    assert "0:00:0" in shown  # time spent and time left


def test_a_clv_fit_in_a_pipe_prints_only_its_summary(tmp_path, monkeypatch):
    ws = _shop(tmp_path)
    shown, summary = _run(monkeypatch, ["clv", "fit", "-w", ws], terminal=False)
    assert shown == "" and summary.strip()


def test_the_demo_shows_its_steps_on_a_terminal(tmp_path, monkeypatch):
    args = ["demo", "--customers", "60", "--orders-only", "-w", str(tmp_path / "demo")]
    shown, summary = _run(monkeypatch, args, terminal=True)
    total = demo_steps(orders_only=True)
    assert "Building the demo shop" in shown and "Writing the report" in shown
    assert f"{total}/{total}" in shown
    assert summary.strip()
