"""Retention through the CLI on both backends: --dry-run says what would go and deletes nothing,
--yes deletes exactly that in one go, keeps the monthly counts of what went and leaves the other
tables alone; a table other tables refer to cannot be trimmed."""

from __future__ import annotations

import datetime as dt

from regulars.services.retention import retention_summary


def _count(ws, where: str = "", params=()) -> int:
    return ws.store.execute(f'SELECT COUNT(*) FROM "events" {where}', params)[0][0]


def _months_to_keep(ws) -> int:
    """Months that leave some events on either side of the cutoff (the middle of their span)."""
    first, last = ws.store.execute('SELECT MIN(occurred_at), MAX(occurred_at) FROM "events"')[0]
    middle = first + (last - first) / 2
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    return max(1, (now.year - middle.year) * 12 + now.month - middle.month)


def _run(cli, ws, *args, code=0):
    where = ("--database", ws.settings.database) if ws.settings.database else ()
    return cli("retention", "apply", *args, *where, ws=ws, code=code)


def test_dry_run_then_apply(cli, small_demo):
    ws = small_demo
    months = _months_to_keep(ws)
    with (ws.path / "regulars.toml").open("a", encoding="utf-8") as f:
        f.write(f"\n[retention]\nevents = {months}\n")
    total, orders = _count(ws), ws.store.execute('SELECT COUNT(*) FROM "orders"')[0][0]
    plan = _run(cli, ws, "--dry-run")
    [events] = plan["tables"]
    assert plan["applied"] is False and events["months"] == months
    cutoff = dt.datetime.fromisoformat(events["cutoff"])
    older = _count(ws, "WHERE occurred_at < ?", (cutoff,))
    assert events["rows"] == older == sum(events["by_month"].values()) and 0 < older < total
    assert _count(ws) == total, "a dry run deletes nothing"
    done = _run(cli, ws, "--yes")
    assert done["applied"] is True and done["tables"][0]["rows"] == older
    assert _count(ws) == total - older and _count(ws, "WHERE occurred_at < ?", (cutoff,)) == 0
    assert retention_summary(ws, "events") == events["by_month"]
    assert ws.store.execute('SELECT COUNT(*) FROM "orders"')[0][0] == orders
    assert _run(cli, ws, "--yes")["tables"][0]["rows"] == 0


def test_refuses_referenced_tables_and_asks_for_a_choice(cli, small_demo):
    ws = small_demo
    assert "--dry-run" in _run(cli, ws, code=(2, 64, 65))["message"]
    with (ws.path / "regulars.toml").open("a", encoding="utf-8") as f:
        f.write("\n[retention]\norders = 12\n")
    answer = _run(cli, ws, "--dry-run", code=(64, 65, 78))
    assert "orders" in answer["message"] and "refer" in answer["message"]
