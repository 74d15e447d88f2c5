"""`regulars customer why` and `regulars privacy notice`, checked against the services."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.csv as pacsv

from regulars.schema import CONSENT_PURPOSES
from regulars.services.imports import import_file
from regulars.services.segments import create_audience
from regulars.services.why import why


def _shop(ws, tmp_path):
    pacsv.write_csv(
        pa.table(
            {
                "customer_id": ["W1", "W2"],
                "email": ["w1@example.com", "w2@example.com"],
                "country": ["FR", "FR"],
            }
        ),
        tmp_path / "c.csv",
    )
    import_file(ws, "customers", tmp_path / "c.csv")
    pacsv.write_csv(
        pa.table(
            {
                "consent_id": ["a", "b"],
                "customer_id": ["W1", "W2"],
                "purpose": ["marketing"] * 2,
                "granted": [True, False],
                "recorded_at": ["2025-02-03T00:00:00Z"] * 2,
                "source": ["checkout", "checkout"],
            }
        ),
        tmp_path / "k.csv",
    )
    import_file(ws, "consents", tmp_path / "k.csv")
    create_audience(ws, "france", 'country = "FR"')


def test_why_says_the_audience_rule_and_consent_in_words(cli, duckdb_workspace, tmp_path):
    workspace = duckdb_workspace
    _shop(workspace, tmp_path)
    answer = cli("customer", "why", "W1", ws=workspace)
    assert answer["explanation"] == why(workspace, "W1").explanation
    assert [a["audience"] for a in answer["audiences"]] == ["france"]
    assert answer["audiences"][0]["reasons"] == ["your ISO country code is FR"]
    assert "2025-02-03" in answer["explanation"] and "checkout" in answer["explanation"]
    refused = cli("customer", "why", "W2", ws=workspace)
    assert refused["audiences"] == [] and "not agreed" in refused["explanation"]
    cli("customer", "why", "nobody", ws=workspace, code=66)  # not found


def test_privacy_notice_names_every_purpose_and_what_uses_it(cli):
    notice = cli("privacy", "notice")
    assert [p["purpose"] for p in notice["purposes"]] == list(CONSENT_PURPOSES)
    marketing = next(p for p in notice["purposes"] if p["purpose"] == "marketing")
    assert "Segments and personas" in marketing["used_by"]
    assert any(
        line.startswith("customers: ") and "email" in line for line in notice["personal_data"]
    )
