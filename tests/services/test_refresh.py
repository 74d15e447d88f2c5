"""regulars refresh: watched folders imported by checksum (an unchanged file never twice, a
changed one again, a bad one named), the lifetime-value model refitted when data came in, and new
alerts delivered to a real local SMTP server and a real local HTTP server."""

from __future__ import annotations

import dataclasses

import pyarrow.csv as pacsv

from regulars.demo import generate_orders_only
from regulars.services import refresh as refreshing
from regulars.services.clv.fitting import fit_clv
from regulars.services.clv.saved import saved_models
from regulars.services.demo import write_demo_files

pytest_plugins = ["tests.services.trust.local_servers"]


def _watching(ws, folder, **values):
    watch = (("customers", str(folder / "c"), "generic"), ("orders", str(folder / "o"), "generic"))
    ws.settings = dataclasses.replace(ws.settings, watch=watch, **values)
    return ws


def _shop(folder, customers: int, seed: int):
    (folder / "c").mkdir(exist_ok=True)
    (folder / "o").mkdir(exist_ok=True)
    shop = generate_orders_only(customers=customers, seed=seed)
    files = dict(write_demo_files(shop.tables, folder))
    files["customers"].replace(folder / "c" / f"customers-{seed}.csv")
    files["orders"].replace(folder / "o" / f"orders-{seed}.csv")


def test_watched_files_are_imported_once_by_checksum_and_the_model_refitted(workspace, tmp_path):
    ws = _watching(workspace, tmp_path)
    _shop(tmp_path, 150, seed=1)
    first = refreshing.refresh(ws)
    assert [(f.table, f.status) for f in first.files] == [
        ("customers", "imported"),
        ("orders", "imported"),
    ]
    assert first.refitted == ()  # no model saved yet: nothing is stale
    fit_clv(ws)
    fitted = saved_models(ws)[0]["fitted_at"]
    again = refreshing.refresh(ws)
    assert [f.status for f in again.files] == ["unchanged", "unchanged"] and again.refitted == ()
    (tmp_path / "o" / "broken.csv").write_text("order_id,total\nX1,abc\n", encoding="utf-8")
    orders = tmp_path / "o" / "orders-1.csv"
    table = pacsv.read_csv(orders)
    pacsv.write_csv(table.slice(0, table.num_rows - 1), orders)  # the shop's export, changed
    third = refreshing.refresh(ws)
    status = {f.file.rsplit("/", 1)[-1]: f.status for f in third.files}
    assert status == {
        "customers-1.csv": "unchanged",
        "broken.csv": "failed",
        "orders-1.csv": "imported",
    }
    assert any("broken.csv" in p for p in third.problems)
    assert third.refitted and saved_models(ws)[0]["fitted_at"] >= fitted


def test_new_alerts_are_delivered_by_email_and_webhook(
    workspace, tmp_path, smtp_server, webhook_server
):
    (smtp, box), (hook, posts) = smtp_server, webhook_server
    ws = _watching(workspace, tmp_path, smtp=smtp, alert_email="owner@example.com", webhook=hook)
    delivered, problems = refreshing.deliver_alerts(ws, ["Revenue fell 38% in March"])
    assert problems == () and len(delivered) == 2
    ((rcpt, message),) = box.messages
    assert rcpt == ["owner@example.com"] and "Revenue fell 38%" in message.get_payload()
    ((_, body),) = posts
    assert body["alerts"] == ["Revenue fell 38% in March"]
    posts.fail = 500
    _, problems = refreshing.deliver_alerts(ws, ["Orders fell"])
    assert problems and "500" in problems[0]
    assert refreshing.deliver_alerts(ws, []) == ((), ())
