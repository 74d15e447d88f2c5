"""A tiny shop for the trust centre: five customers, three of whom consent to marketing, and an
audience of all of them."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from regulars.services.imports import import_file
from regulars.services.segments import create_audience

CUSTOMERS = ("K1", "K2", "K3", "K4", "K5")
MARKETABLE = ("K1", "K3", "K5")


def import_consents(ws, path, rows: list[tuple[str, str, bool, str]]) -> None:
    """rows: (consent_id, customer_id, granted, recorded_at) for marketing."""
    columns = ("consent_id", "customer_id", "granted", "recorded_at")
    table = {k: [r[i] for r in rows] for i, k in enumerate(columns)}
    table["purpose"] = ["marketing"] * len(rows)
    pacsv.write_csv(pa.table(table), path)
    import_file(ws, "consents", path)


@pytest.fixture
def add_consents():
    """``import_consents`` for the tests: (ws, path, rows)."""
    return import_consents


@pytest.fixture
def trust_shop(workspace, tmp_path):
    pacsv.write_csv(
        pa.table(
            {
                "customer_id": list(CUSTOMERS),
                "email": [f"{c.lower()}@example.com" for c in CUSTOMERS],
                "country": ["US"] * len(CUSTOMERS),
            }
        ),
        tmp_path / "customers.csv",
    )
    import_file(workspace, "customers", tmp_path / "customers.csv")
    import_consents(
        workspace,
        tmp_path / "consents.csv",
        [(f"m-{c}", c, c in MARKETABLE, "2025-01-01T00:00:00+00:00") for c in CUSTOMERS],
    )
    create_audience(workspace, "everyone", 'country = "US"')
    return workspace
