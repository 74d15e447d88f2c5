"""Why a customer sees the shop's messages, on both backends: the audiences whose rule they match,
only while they consent to marketing."""

from __future__ import annotations

from regulars.services.why import why

from .conftest import MARKETABLE


def test_why_names_the_audience_only_with_consent(trust_shop, tmp_path, add_consents):
    ws = trust_shop
    yes = why(ws, MARKETABLE[0])
    assert [a.audience for a in yes.audiences] == ["everyone"]
    assert yes.audiences[0].reasons == ("your ISO country code is US",)
    assert "2025-01-01" in yes.explanation and "'everyone'" in yes.explanation
    no = why(ws, "K2")
    assert no.audiences == () and "not agreed" in no.explanation
    add_consents(ws, tmp_path / "no.csv", [("w", MARKETABLE[0], False, "2025-06-01T00:00:00Z")])
    assert why(ws, MARKETABLE[0]).audiences == ()


def test_an_audience_export_can_carry_the_why(trust_shop, tmp_path):
    import pyarrow.csv as pacsv

    from regulars.services.segments import export_audience

    out = tmp_path / "why.csv"
    export_audience(trust_shop, "everyone", out, columns=("customer_id", "why"), exported_by="o")
    rows = pacsv.read_csv(out).to_pylist()
    assert sorted(r["customer_id"] for r in rows) == sorted(MARKETABLE)
    assert {r["why"] for r in rows} == {
        "You are in the shop's list 'everyone' because your ISO country code is US, "
        "and you agreed to hear from it."
    }
