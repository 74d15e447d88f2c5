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
