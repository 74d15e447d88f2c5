"""One person, several ids: suggested from the same email or phone, merged with history and
predictions following, erasure covering every merged id. Both backends."""

from __future__ import annotations

import pytest

from regulars.errors import InputError, NotFoundError
from regulars.services.customers import customer_profile, erase_customer
from regulars.services.imports import import_file
from regulars.services.merges import merge_customers, suggested_merges

CUSTOMERS = (
    "customer_id,email,first_name,phone\n"
    "cus_A,Ada@Example.com ,Ada,\n"
    "cus_B,ada@example.com,,+44 20 7946 0000\n"
    "cus_C,carl@example.com,Carl,(020) 7946-0000\n"
    "cus_D,dee@example.com,Dee,\n"
)
ORDERS = (
    "order_id,customer_id,ordered_at,total\n"
    "o1,cus_A,2026-01-05 10:00:00,10.00\n"
    "o2,cus_B,2026-01-06 10:00:00,20.00\n"
    "o3,cus_B,2026-01-07 10:00:00,30.00\n"
    "o4,cus_D,2026-01-08 10:00:00,5.00\n"
)


@pytest.fixture
def shop(workspace, tmp_path):
    for name, text in (("customers", CUSTOMERS), ("orders", ORDERS)):
        path = tmp_path / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        import_file(workspace, name, path)
    return workspace


def test_same_email_or_phone_is_suggested(shop):
    found = {s.reason: s for s in suggested_merges(shop)}
    by_email = found["same email: ada@example.com"]
    assert (by_email.keep, by_email.merge) == ("cus_B", ("cus_A",))  # more orders kept
    assert by_email.names == ("ada@example.com", "Ada")  # a name, else the email, never an id
    assert not any(r.startswith("same phone") for r in found)  # +44 20... and (020)... differ
    assert all("cus_D" not in (s.keep, *s.merge) for s in found.values())


def test_merge_moves_history_and_erasure_covers_it(shop):
    result = merge_customers(shop, "cus_B", ["cus_A"])
    assert result.rows["orders"] == 1 and result.rows["customers"] == 1
    profile = customer_profile(shop, "cus_B")
    assert profile["summary"]["orders"] == 3 and profile["summary"]["spend_cents"] == 6000
    assert profile["customer"]["first_name"] == "Ada"  # filled from the merged row
    assert suggested_merges(shop) == ()
    with pytest.raises(NotFoundError):
        customer_profile(shop, "cus_A")
    erase_customer(shop, "cus_B")
    ids = {r[0] for r in shop.store.execute('SELECT DISTINCT customer_id FROM "orders"')}
    assert not ids & {"cus_A", "cus_B"}


def test_bad_merges_are_refused(shop):
    with pytest.raises(InputError):
        merge_customers(shop, "cus_B", ["cus_B"])
    with pytest.raises(NotFoundError, match="cus_Z"):
        merge_customers(shop, "cus_B", ["cus_Z"])


def test_customer_merge_commands(shop):
    from typer.testing import CliRunner

    from regulars.cli import app

    def cli(*args: str) -> str:
        where = ["-w", str(shop.path)] + (
            ["--database", shop.settings.database] if shop.settings.database else []
        )
        result = CliRunner().invoke(app, [*args, *where], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return " ".join(result.stdout.split())

    shop.close()
    assert "regulars customer merge cus_B cus_A" in cli("customer", "duplicates")
    assert "Merged cus_A into cus_B: 1 rows moved" in cli("customer", "merge", "cus_B", "cus_A")
    assert "No customer appears under several ids" in cli("customer", "duplicates")


def test_merge_survives_a_reimport_of_the_old_files(shop, tmp_path):
    merge_customers(shop, "cus_B", ["cus_A"])
    report = import_file(shop, "orders", tmp_path / "orders.csv")
    assert report.counts["orders"].created == 0  # o1 stays with cus_B: nothing changes
    assert any("merged customer id" in w for w in report.warnings)
    again = import_file(shop, "customers", tmp_path / "customers.csv")
    assert any("under merged ids left out" in w for w in again.warnings)
    ids = {r[0] for r in shop.store.execute('SELECT customer_id FROM "customers"')}
    assert "cus_A" not in ids
    later = tmp_path / "later.csv"
    later.write_text("order_id,customer_id,ordered_at,total\no9,cus_A,2026-02-01,7.00\n")
    import_file(shop, "orders", later)
    assert customer_profile(shop, "cus_B")["summary"]["orders"] == 4
    assert suggested_merges(shop) == ()


def test_a_chain_of_merges_and_erasure_suppress_every_merged_id(shop, tmp_path):
    merge_customers(shop, "cus_B", ["cus_A"])
    merge_customers(shop, "cus_D", ["cus_B"])  # cus_A now names cus_D too
    aliases = dict(shop.store.execute('SELECT alias_id, customer_id FROM "_customer_aliases"'))
    assert aliases == {"cus_A": "cus_D", "cus_B": "cus_D"}
    erase_customer(shop, "cus_D")
    assert shop.store.execute('SELECT count(*) FROM "_customer_aliases"')[0][0] == 0
    report = import_file(shop, "orders", tmp_path / "orders.csv")
    assert report.counts["orders"].created == 0
    assert any("erased customers suppressed" in w for w in report.warnings)
    ids = {r[0] for r in shop.store.execute('SELECT DISTINCT customer_id FROM "orders"')}
    assert not ids & {"cus_A", "cus_B", "cus_D"}
