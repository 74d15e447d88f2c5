"""Export and erasure of one customer on the demo shop, on both backends."""

from __future__ import annotations

import ibis
import pytest

from regulars.errors import InputError, NotFoundError
from regulars.services.customers import customer_profile, erase_customer, export_customer
from regulars.services.segments.audiences import create_audience, get_audience


@pytest.fixture
def demo_workspace(small_demo):
    return small_demo


def _rich_customer(ws) -> dict:
    """A demo customer with orders, feedback and consents: the hardest one to erase."""
    s = ws.store
    o, f, c = s.table("orders"), s.table("feedback"), s.table("consents")
    ids = (
        o.select("customer_id")
        .intersect(f.select("customer_id"))
        .intersect(c.select("customer_id"))
    )
    customers = s.table("customers")
    row = s.to_arrow(
        customers.semi_join(ids, "customer_id")
        .filter(customers.email.notnull())
        .order_by("customer_id")
        .limit(1)
    ).to_pylist()
    assert row, "the demo shop should have a customer with orders, feedback and consents"
    return row[0]


def _text_hits(ws, needle: str) -> list[str]:
    """Every text column of every table in the database that contains ``needle``."""
    hits = []
    for name in ws.store.backend.list_tables():
        t = ws.store.table(name)
        for column, dtype in t.schema().items():
            if dtype.is_string():
                n = ws.store.to_arrow(
                    t.filter(t[column].contains(needle)).aggregate(n=ibis._.count())
                )["n"][0].as_py()
                if n:
                    hits.append(f"{name}.{column}")
    return hits


def test_export_holds_everything_about_the_customer(demo_workspace):
    customer = _rich_customer(demo_workspace)
    doc = export_customer(demo_workspace, customer["customer_id"])
    records = doc["records"]
    assert records["customers"][0]["email"] == customer["email"]
    assert records["orders"] and records["feedback"] and records["consents"]
    order_ids = {o["order_id"] for o in records["orders"]}
    assert {i["order_id"] for i in records["order_items"]} <= order_ids and records["order_items"]


def test_erasure_leaves_no_trace_but_keeps_aggregates(demo_workspace):
    ws = demo_workspace
    customer = _rich_customer(ws)
    cid, email = customer["customer_id"], customer["email"]
    full_name = f"{customer['first_name']} {customer['last_name']}"
    orders = ws.store.table("orders")
    revenue_before = ws.store.to_arrow(
        orders.aggregate(r=orders.total_cents.sum(), n=orders.count())
    ).to_pylist()
    create_audience(
        ws, "just them", f'customer_id = "{cid}"'
    )  # system tables that quote the customer
    create_audience(ws, "by email", f"email = '{email}' AND orders >= 0")
    assert "_audiences.rule" in _text_hits(ws, email) and _text_hits(ws, cid)

    result = erase_customer(ws, cid)

    assert result.rows_deleted >= 2 and result.rows_anonymised >= 2
    for needle in (email, cid, full_name):
        assert _text_hits(ws, needle) == [], needle
    assert (
        ws.store.to_arrow(
            orders.aggregate(r=orders.total_cents.sum(), n=orders.count())
        ).to_pylist()
        == revenue_before
    )
    with pytest.raises(NotFoundError):
        customer_profile(ws, cid)
    assert (
        get_audience(ws, "just them").customers == 0 and get_audience(ws, "by email").customers == 0
    )
    erasures = ws.store.to_arrow(ws.store.table("_erasures")).to_pylist()
    assert len(erasures) == 1 and cid not in str(erasures) and email not in str(erasures)


def test_system_tables_export_without_their_secrets(workspace, tmp_path):
    import pyarrow.csv as pacsv

    from regulars.services.accounts import add_user, log_in
    from regulars.services.exports import export_table

    credentials = add_user(workspace, "ana", "analyst", "a long password")
    log_in(workspace, "ana", "a long password")
    texts = {}
    for name in ("_users", "_api_keys", "_sessions", "_audiences"):
        info = export_table(workspace, name, tmp_path / f"{name}.csv")
        texts[name] = (tmp_path / f"{name}.csv").read_text(encoding="utf-8")
        assert info.rows == (0 if name == "_audiences" else 1), name
    users = pacsv.read_csv(tmp_path / "_users.csv")
    assert users.column_names == ["username", "role", "created_at", "disabled"]
    assert users["username"].to_pylist() == ["ana"]
    hashes = (
        workspace.store.execute('SELECT password_hash FROM "_users"')
        + workspace.store.execute('SELECT key_hash FROM "_api_keys"')
        + workspace.store.execute('SELECT session_hash, csrf_token FROM "_sessions"')
    )
    for secret in [v for row in hashes for v in row] + [credentials.api_key]:
        assert all(secret not in text for text in texts.values())
    with pytest.raises(InputError, match="system tables: _migrations"):
        export_table(workspace, "_nope", tmp_path / "x.csv")
