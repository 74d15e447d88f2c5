"""Consent holds everywhere: every capability that declares the purposes its customer-facing
outputs need (``Capability.reaches``) never reaches a customer without that consent, and stops
reaching one the moment they withdraw it."""

from __future__ import annotations

import pyarrow.csv as pacsv
import pytest

from regulars.services.capabilities import all_capabilities
from regulars.services.consent import consenting
from regulars.services.segments import export_audience

from .conftest import CUSTOMERS, MARKETABLE

REACHING = [c for c in all_capabilities() if c.reaches]


def test_capabilities_that_reach_customers_declare_their_purposes():
    assert {"segments"} <= {c.name for c in REACHING}
    assert all(c.reached is not None for c in REACHING)


def _consenting(ws, purpose: str) -> set[str]:
    return set(ws.store.to_arrow(consenting(ws, purpose))["customer_id"].to_pylist())


@pytest.mark.parametrize("capability", REACHING, ids=lambda c: c.name)
def test_no_customer_is_reached_without_consent(trust_shop, tmp_path, add_consents, capability):
    ws = trust_shop
    reached = capability.reached(ws)
    assert reached, f"{capability.name} should reach someone in the trust shop"
    for purpose in capability.reaches:
        assert reached <= _consenting(ws, purpose)
    assert reached == set(MARKETABLE) and not reached & (set(CUSTOMERS) - set(MARKETABLE))
    withdrawn = sorted(reached)[0]
    add_consents(ws, tmp_path / "no.csv", [("late-no", withdrawn, False, "2025-06-01T00:00:00Z")])
    assert capability.reached(ws) == reached - {withdrawn}


def test_an_exported_file_holds_only_consenting_customers(trust_shop, tmp_path):
    export_audience(trust_shop, "everyone", tmp_path / "out.csv", exported_by="owner")
    written = pacsv.read_csv(tmp_path / "out.csv")["customer_id"].to_pylist()
    assert sorted(written) == sorted(MARKETABLE)
