"""Which commands make a workspace: only init, import, demo and serve; a read on a mistyped folder
says there is none there and names the nearest one, and leaves nothing behind."""

from __future__ import annotations

import pytest


@pytest.mark.parametrize("command", [("status",), ("segments", "rfm"), ("user", "list")])
def test_reads_never_make_a_workspace(cli, tmp_path, command):
    cli("init", ws=tmp_path / "my-shop")
    typo = tmp_path / "my-shpo"
    answer = cli(*command, ws=typo, code=66)
    assert answer["error"] == "NotFoundError"
    assert f"no workspace at {typo}" in answer["message"]
    assert str(tmp_path / "my-shop") in answer["message"]
    assert "regulars init" in answer["message"]
    assert not typo.exists()


def test_import_into_an_empty_folder_makes_the_workspace(cli, tmp_path):
    sales = tmp_path / "sales.csv"
    sales.write_text("order_id,customer_id,ordered_at,total\nO1,C1,2026-01-02,10.00\n")
    answer = cli("import", "orders", sales, ws=tmp_path / "new")
    assert answer["counts"]["orders"]["created"] == 1
    assert cli("status", ws=tmp_path / "new")["tables"]


def test_commands_on_what_they_are_given_need_no_workspace(cli, tmp_path):
    """A plan, a list of p-values and a file of summaries are answered with no workspace, and none
    is made; an experiment by name still needs one."""
    stats = tmp_path / "stats.csv"
    stats.write_text("arm,n,conversions\ncontrol,1000,100\ntreatment,1000,130\n")
    nowhere = tmp_path / "no-shop"
    plan = cli("experiment", "plan", "--baseline", "0.1", "--mde", "0.02", ws=nowhere)
    assert plan["design"]["per_arm"] == 3839  # (z.975 + z.8)² (.1·.9 + .12·.88) / .02²
    assert len(cli("experiment", "adjust", "0.01", "0.04", ws=nowhere)["adjusted"]) == 2
    assert cli("experiment", "analyze", "--stats", stats, ws=nowhere)["verdict"]
    assert not nowhere.exists()
    by_name = cli("experiment", "analyze", "Some test", ws=nowhere, code=66)
    assert by_name["error"] == "NotFoundError"
