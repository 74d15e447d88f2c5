"""Consent holds everywhere: every capability that declares the purposes its customer-facing
outputs need (``Capability.reaches``) never reaches a customer without that consent, and stops
reaching one the moment they withdraw it."""

from __future__ import annotations

from datetime import UTC, datetime

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from regulars.services.capabilities import all_capabilities
from regulars.services.consent import consenting
from regulars.services.imports import import_file
from regulars.services.segments import create_audience, export_audience

from .conftest import CUSTOMERS, MARKETABLE

REACHING = [c for c in all_capabilities() if c.reaches]


def test_capabilities_that_reach_customers_declare_their_purposes():
    assert {"segments", "recommendations", "offers"} <= {c.name for c in REACHING}
    assert all(c.reached is not None for c in REACHING)


def _consenting(ws, purpose: str) -> set[str]:
    return set(ws.store.to_arrow(consenting(ws, purpose))["customer_id"].to_pylist())


def _withdraw(ws, path, customer_id: str, purposes: tuple[str, ...]) -> None:
    now = datetime.now(UTC).isoformat()
    rows = {
        "consent_id": [f"withdrawn-{p}-{customer_id}" for p in purposes],
        "customer_id": [customer_id] * len(purposes),
        "purpose": list(purposes),
        "granted": [False] * len(purposes),
        "recorded_at": [now] * len(purposes),
    }
    pacsv.write_csv(pa.table(rows), path)
    import_file(ws, "consents", path)


def test_segments_reach_exactly_the_consenting(trust_shop, tmp_path, add_consents):
    """In the tiny shop the answer is known: K1, K3 and K5 consent to marketing."""
    capability = next(c for c in REACHING if c.name == "segments")
    reached = capability.reached(trust_shop)
    assert reached == set(MARKETABLE) and not reached & (set(CUSTOMERS) - set(MARKETABLE))
    withdrawn = sorted(reached)[0]
    late = [("late-no", withdrawn, False, "2025-06-01T00:00:00Z")]
    add_consents(trust_shop, tmp_path / "no.csv", late)
    assert capability.reached(trust_shop) == reached - {withdrawn}


@pytest.mark.parametrize("capability", REACHING, ids=lambda c: c.name)
def test_no_customer_is_reached_without_consent(small_demo, tmp_path, capability):
    """Every reaching capability on the small demo shop (orders, line items, and customers with
    and without each consent): what it reaches is inside the consenting, and a withdrawal stops
    it from the next read on."""
    ws = small_demo
    create_audience(ws, "buyers", "orders >= 1", replace=True)  # what segments reach through
    buyers = set(ws.store.to_arrow(ws.store.table("orders").select("customer_id").distinct())
                 ["customer_id"].to_pylist())  # fmt: skip
    reached = capability.reached(ws)
    assert reached, f"{capability.name} should reach someone in the small demo"
    for purpose in capability.reaches:
        allowed = _consenting(ws, purpose)
        assert reached <= allowed
        assert buyers - allowed, f"some buyers lack {purpose} consent: the rule has work to do"
    withdrawn = sorted(reached)[0]
    _withdraw(ws, tmp_path / "no.csv", withdrawn, capability.reaches)
    assert withdrawn not in capability.reached(ws)


def test_an_exported_file_holds_only_consenting_customers(trust_shop, tmp_path):
    export_audience(trust_shop, "everyone", tmp_path / "out.csv", exported_by="owner")
    written = pacsv.read_csv(tmp_path / "out.csv")["customer_id"].to_pylist()
    assert sorted(written) == sorted(MARKETABLE)
