"""Suppression on erasure: re-importing the old files does not bring an erased customer back (by
their id, or by their email under a new id), the import says how many rows it suppressed, and only
salted digests are kept."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.csv as pacsv

from regulars.services.customers import erase_customer
from regulars.services.imports import import_file


def _ids(ws) -> list[str]:
    return sorted(r[0] for r in ws.store.execute('SELECT customer_id FROM "customers"'))


def test_the_old_file_does_not_bring_them_back(trust_shop, tmp_path):
    ws = trust_shop
    erase_customer(ws, "K2")
    assert "K2" not in _ids(ws)
    again = import_file(ws, "customers", tmp_path / "customers.csv")  # the fixture's own file
    assert "K2" not in _ids(ws) and len(_ids(ws)) == 4
    assert any("1 rows of erased customers suppressed" in w for w in again.warnings)
    consents = import_file(ws, "consents", tmp_path / "consents.csv")
    assert any("suppressed" in w for w in consents.warnings)
    assert not ws.store.execute("SELECT 1 FROM \"consents\" WHERE customer_id = 'K2'")


def test_a_new_id_with_the_erased_email_is_suppressed_with_its_orders(trust_shop, tmp_path):
    ws = trust_shop
    erase_customer(ws, "K2")
    pacsv.write_csv(
        pa.table(
            {
                "customer_id": ["NEW2", "K9"],
                "email": ["  K2@Example.com ", "k9@example.com"],
            }
        ),
        tmp_path / "new.csv",
    )
    report = import_file(ws, "customers", tmp_path / "new.csv")
    assert "NEW2" not in _ids(ws) and "K9" in _ids(ws)
    assert any(w.startswith("1 rows") for w in report.warnings)
    kept = ws.store.execute('SELECT digest, kind FROM "_suppressions" ORDER BY kind')
    assert [k for _, k in kept] == ["customer_id", "email"]
    assert all("k2" not in d.lower() and len(d) == 64 for d, _ in kept)


def test_no_erasure_no_suppression(trust_shop, tmp_path):
    report = import_file(trust_shop, "customers", tmp_path / "customers.csv")
    assert not any("suppressed" in w for w in report.warnings)


def test_an_erasure_takes_the_customer_out_of_proposals_samples(trust_shop):
    from regulars.services import actions, proposals

    p = actions.propose_audience_export(trust_shop, "everyone", "ana")
    assert "K1" in p.sample
    erase_customer(trust_shop, "K1")
    after = proposals.get_proposal(trust_shop, p.proposal_id).sample
    assert "K1" not in after and len(after) == len(p.sample)
    assert all(s.startswith("erased-") or s in p.sample for s in after)
