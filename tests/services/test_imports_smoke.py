from regulars.services.imports import import_file


def test_generic_orders_import_then_reimport_adds_nothing(workspace, tmp_path):
    f = tmp_path / "sales.csv"
    f.write_text(
        "cust,date,amount,order_id\nc1,2024-01-02,12.50,A1\nc2,2024-01-03 10:00:00+02:00,7,A2\n"
    )
    mapping = {"cust": "customer_id", "date": "ordered_at", "amount": "total"}
    first = import_file(workspace, "orders", f, mapping=mapping)
    assert first.counts["orders"].created == 2
    assert first.counts["customers"].created == 2
    second = import_file(workspace, "orders", f, mapping=mapping)
    assert second.total.created == 0 and second.total.updated == 0
    assert second.counts["orders"].unchanged == 2
    rows = workspace.store.to_arrow(
        workspace.store.table("orders").order_by("order_id")
    ).to_pylist()
    assert [r["total_cents"] for r in rows] == [1250, 700]
    assert rows[1]["ordered_at"].isoformat() == "2024-01-03T08:00:00+00:00"
