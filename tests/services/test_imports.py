"""The generic importer through the import service: validation, all-or-nothing, re-import,
overlap."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from regulars.errors import InputError
from regulars.services.imports import import_file

MAPPING = {"cust": "customer_id", "date": "ordered_at", "amount": "total"}
GOOD = (
    "cust,date,amount,order_id,currency\nc1,2024-01-02,12.50,A1,usd\n"
    "c2,2024-01-03 10:00:00+02:00,7,A2,EUR\n"
)


def _count(ws, table: str) -> int:
    t = ws.store.table(table)
    return ws.store.to_arrow(t.aggregate(n=t.count()))["n"][0].as_py()


def _write(tmp_path, text: str, name: str = "sales.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_good_file_lands_with_typed_values(workspace, tmp_path):
    report = import_file(workspace, "orders", _write(tmp_path, GOOD), mapping=MAPPING)
    assert report.counts["orders"].created == 2
    rows = workspace.store.to_arrow(
        workspace.store.table("orders").order_by("order_id")
    ).to_pylist()
    assert [(r["order_id"], r["total_cents"], r["currency"]) for r in rows] == [
        ("A1", 1250, "USD"),
        ("A2", 700, "EUR"),
    ]
    assert rows[1]["ordered_at"].isoformat() == "2024-01-03T08:00:00+00:00"
    assert [r["_source_line"] for r in rows] == [2, 3]


@pytest.mark.parametrize(
    ("line", "column", "value", "reason"),
    [
        ("c1,2024-02-30,12.50,A1,USD", "date", "2024-02-30", "not a date"),
        ("c1,2024-01-02,twelve,A1,USD", "amount", "twelve", "not an amount of money"),
        ("c1,2024-01-02,12.50,A1,DOLLARS", "currency", "DOLLARS", "3-letter ISO currency"),
        ("c1,,12.50,A1,USD", "date", None, "required value is missing"),
        ("c1,2024-01-02,,A1,USD", "amount", None, "required value is missing"),
    ],
)
def test_each_kind_of_bad_row_names_file_line_column_value_reason_and_writes_nothing(
    workspace, tmp_path, line, column, value, reason
):
    import_file(workspace, "orders", _write(tmp_path, GOOD, "before.csv"), mapping=MAPPING)
    bad = _write(
        tmp_path, "cust,date,amount,order_id,currency\nc3,2024-01-04,1,A3,USD\n" + line + "\n"
    )
    with pytest.raises(InputError) as caught:
        import_file(workspace, "orders", bad, mapping=MAPPING)
    [problem] = caught.value.problems
    assert (problem.file, problem.line, problem.column, problem.value) == (
        "sales.csv",
        3,
        column,
        value,
    )
    assert reason in problem.reason
    assert (
        _count(workspace, "orders") == 2
    )  # A3 (a good row of the bad file) was not written either


def test_duplicate_key_inside_a_file_names_both_lines(workspace, tmp_path):
    text = "cust,date,amount,order_id\nc1,2024-01-02,1,A1\nc2,2024-01-03,2,A2\nc1,2024-01-05,3,A1\n"
    with pytest.raises(InputError) as caught:
        import_file(workspace, "orders", _write(tmp_path, text), mapping=MAPPING)
    [problem] = caught.value.problems
    assert problem.line == 4 and problem.column == "order_id" and "line 2" in problem.reason
    assert _count(workspace, "orders") == 0


def test_reference_to_an_unknown_order_is_an_error(workspace, tmp_path):
    import_file(workspace, "orders", _write(tmp_path, GOOD), mapping=MAPPING)
    items = _write(
        tmp_path, "order_id,sku,quantity,unit_price\nA1,BEAN-1,2,9.50\nA9,BEAN-2,1,5\n", "items.csv"
    )
    with pytest.raises(InputError) as caught:
        import_file(workspace, "order_items", items)
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.value) == (3, "order_id", "A9")
    assert "neither in this file nor imported before" in problem.reason
    assert _count(workspace, "order_items") == 0


def test_unknown_customer_becomes_a_customer_known_by_id(workspace, tmp_path):
    report = import_file(workspace, "orders", _write(tmp_path, GOOD), mapping=MAPPING)
    assert report.counts["customers"].created == 2
    assert any("known only by id" in w for w in report.warnings)


def test_reimport_adds_nothing_and_overlap_updates_only_what_changed(workspace, tmp_path):
    import_file(workspace, "orders", _write(tmp_path, GOOD), mapping=MAPPING)
    again = import_file(workspace, "orders", _write(tmp_path, GOOD), mapping=MAPPING)
    assert (again.total.created, again.total.updated, again.counts["orders"].unchanged) == (0, 0, 2)
    overlap = _write(
        tmp_path,
        "cust,date,amount,order_id,currency\nc1,2024-01-02,13.00,A1,USD\nc2,2024-01-03 "
        "10:00:00+02:00,7,A2,EUR\nc3,2024-01-09,4,A3,USD\n",
    )
    report = import_file(workspace, "orders", overlap, mapping=MAPPING)
    assert (
        report.counts["orders"].created,
        report.counts["orders"].updated,
        report.counts["orders"].unchanged,
    ) == (1, 1, 1)
    assert _count(workspace, "orders") == 3


def test_a_column_missing_from_a_later_file_is_not_blanked(workspace, tmp_path):
    import_file(
        workspace,
        "customers",
        _write(tmp_path, "customer_id,email,first_name\nc1,A@Example.com,Ann\n", "c.csv"),
    )
    import_file(workspace, "customers", _write(tmp_path, "customer_id,country\nc1,NL\n", "c2.csv"))
    [row] = workspace.store.to_arrow(workspace.store.table("customers")).to_pylist()
    assert (row["email"], row["first_name"], row["country"]) == ("a@example.com", "Ann", "NL")


def test_file_without_ids_gets_stable_derived_ids(workspace, tmp_path):
    text = "customer_id,ordered_at,total\nc1,2024-01-02,12.50\nc1,2024-01-09,3.00\n"
    first = import_file(workspace, "orders", _write(tmp_path, text))
    assert first.counts["orders"].created == 2
    second = import_file(workspace, "orders", _write(tmp_path, text))
    assert second.counts["orders"].unchanged == 2 and second.total.created == 0


def test_dry_run_counts_exactly_and_writes_nothing(workspace, tmp_path):
    report = import_file(workspace, "orders", _write(tmp_path, GOOD), mapping=MAPPING, dry_run=True)
    assert report.counts["orders"].created == 2 and report.dry_run
    assert _count(workspace, "orders") == 0 and _count(workspace, "customers") == 0
    assert _count(workspace, "_imports") == 0


def test_map_to_an_unknown_field_or_column_is_explained(workspace, tmp_path):
    with pytest.raises(InputError) as caught:
        import_file(
            workspace,
            "orders",
            _write(tmp_path, GOOD),
            mapping={"cust": "buyer", "nope": "order_id"},
        )
    reasons = sorted(p.reason for p in caught.value.problems)
    assert any("not a field of orders" in r for r in reasons)
    assert any("the file does not have" in r for r in reasons)


def test_missing_required_column_is_named(workspace, tmp_path):
    with pytest.raises(InputError) as caught:
        import_file(workspace, "orders", _write(tmp_path, "order_id,customer_id\nA1,c1\n"))
    assert {p.column for p in caught.value.problems} == {"ordered_at", "total_cents"}


def test_parquet_and_json_lines_go_through_the_same_validation(workspace, tmp_path):
    pq.write_table(
        pa.table(
            {
                "order_id": ["P1"],
                "customer_id": ["c1"],
                "ordered_at": ["2024-03-01T09:00:00Z"],
                "total_cents": pa.array([1999], pa.int64()),
            }
        ),
        tmp_path / "o.parquet",
    )
    assert import_file(workspace, "orders", tmp_path / "o.parquet").counts["orders"].created == 1
    lines = [
        {"order_id": "J1", "customer_id": "c1", "ordered_at": "2024-03-02", "total": 5.5},
        {"order_id": "J2", "customer_id": "c1", "ordered_at": "not a date", "total": 1},
    ]
    (tmp_path / "o.jsonl").write_text("\n".join(json.dumps(x) for x in lines))
    with pytest.raises(InputError) as caught:
        import_file(workspace, "orders", tmp_path / "o.jsonl")
    assert [(p.line, p.column) for p in caught.value.problems] == [(2, "ordered_at")]
    rows = workspace.store.to_arrow(workspace.store.table("orders")).to_pylist()
    assert [r["total_cents"] for r in rows] == [1999]


def test_customers_named_on_orders_only_fill_gaps(workspace, tmp_path):
    """A customers export says 'Bob Builder'; an orders export naming 'Bob' must not blank his last
    name."""
    customers = tmp_path / "customers_export.csv"
    customers.write_text(
        "Customer ID,First Name,Last Name,Email,Accepts Email Marketing,Default Address City\n"
        "'1,Bob,Builder,bob@example.com,yes,\n"
    )
    import_file(workspace, "customers", customers, format="shopify-customers")
    orders = tmp_path / "orders_export.csv"
    orders.write_text(
        "Name,Email,Financial Status,Currency,Total,Created at,Lineitem quantity,Lineitem "
        "name,Lineitem price,Billing Name,Billing City\n"
        "#1001,bob@example.com,paid,USD,10.00,2025-10-07 09:50:26 +0200,1,Beans,10.00,Bob,Leeds\n"
    )
    import_file(workspace, "orders", orders, format="shopify-orders")
    c = workspace.store.table("customers")
    [row] = workspace.store.to_arrow(c.filter(c.email == "bob@example.com")).to_pylist()
    assert (row["first_name"], row["last_name"]) == ("Bob", "Builder")
