"""Consent per purpose: ``consenting(ws, purpose)`` holds the customers whose latest record for
that purpose is a grant, on DuckDB and PostgreSQL, and a customer's profile shows the same
answer."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from regulars.errors import InputError
from regulars.services.consent import consenting
from regulars.services.customers import latest_consents
from regulars.services.imports import import_file

T1, T2 = "2025-01-01T09:00:00+00:00", "2025-02-01T09:00:00+00:00"
#: (consent id, customer, purpose, granted, recorded at)
RECORDS = [
    ("a1", "A", "marketing", True, T1),
    ("a2", "A", "marketing", False, T2),  # withdrawn later: no
    ("b1", "B", "marketing", False, T1),
    ("b2", "B", "marketing", True, T2),  # granted later: yes
    ("c1", "C", "marketing", True, T2),
    ("c2", "C", "marketing", False, T2),  # same moment: the refusal wins
    ("d1", "D", "analytics", True, T1),  # another purpose only
    ("e1", "E", "marketing", True, T1),
    ("e2", "E", "analytics", False, T2),  # a later refusal of another purpose
]


@pytest.fixture
def consent_shop(workspace, tmp_path):
    ids = ["A", "B", "C", "D", "E", "F"]  # F: no record at all
    pacsv.write_csv(
        pa.table({"customer_id": ids, "email": [f"{c.lower()}@example.com" for c in ids]}),
        tmp_path / "customers.csv",
    )
    import_file(workspace, "customers", tmp_path / "customers.csv")
    columns = dict(
        zip(("consent_id", "customer_id", "purpose", "granted", "recorded_at"), zip(*RECORDS))
    )
    pacsv.write_csv(pa.table({k: list(v) for k, v in columns.items()}), tmp_path / "consents.csv")
    import_file(workspace, "consents", tmp_path / "consents.csv")
    return workspace


def _ids(ws, purpose: str) -> list[str]:
    return sorted(ws.store.to_arrow(consenting(ws, purpose))["customer_id"].to_pylist())


def test_consenting_is_the_latest_record_per_purpose(consent_shop):
    assert _ids(consent_shop, "marketing") == ["B", "E"]
    assert _ids(consent_shop, "analytics") == ["D"]
    assert _ids(consent_shop, "personalization") == []


def test_the_profile_shows_the_consent_in_force(consent_shop):
    granted = {
        c: latest_consents(consent_shop, c).get("marketing", {}).get("granted") for c in "ABCDEF"
    }
    assert [c for c, g in granted.items() if g] == _ids(consent_shop, "marketing")


def test_an_unknown_purpose_is_a_clear_error(consent_shop):
    with pytest.raises(InputError, match="unknown consent purpose 'newsletter'"):
        consenting(consent_shop, "newsletter")
