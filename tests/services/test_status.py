from __future__ import annotations

from regulars.services.imports import import_file
from regulars.services.status import workspace_status


def test_status_counts_ranges_and_warnings(workspace, tmp_path):
    f = tmp_path / "orders.csv"
    f.write_text(
        "order_id,customer_id,ordered_at,subtotal,discount,shipping,tax,total\n"
        "A1,c1,2024-01-02T10:00:00Z,10.00,0,2.00,0,12.00\n"
        "A2,c2,2024-03-05T10:00:00Z,10.00,1.00,0,0,12.00\n"  # 10 - 1 + 0 + 0 != 12
        "A3,,2024-02-01T10:00:00Z,5.00,0,0,0,5.00\n"
    )
    import_file(workspace, "orders", f)
    c = tmp_path / "customers.csv"
    c.write_text("customer_id,email\nc1,same@example.com\nc2,Same@example.com\n")
    import_file(workspace, "customers", c)
    st = workspace_status(workspace)
    orders = next(t for t in st.tables if t.name == "orders")
    assert (orders.rows, orders.time_column, orders.first[:10], orders.last[:10]) == (
        3,
        "ordered_at",
        "2024-01-02",
        "2024-03-05",
    )
    text = " | ".join(st.warnings)
    assert "1 orders have a total that is not subtotal" in text
    assert "1 orders have no customer" in text
    assert "1 email addresses belong to more than one customer id" in text
    assert [i.file_name for i in st.imports] == ["customers.csv", "orders.csv"]
