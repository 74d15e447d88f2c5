"""Audiences: the rule language, live counts, and exports that never contain an opted-out
customer."""

from __future__ import annotations

import csv
import hashlib

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from regulars.errors import InputError, NotFoundError
from regulars.services.imports import import_file
from regulars.services.segments import (
    audience_exports,
    create_audience,
    export_audience,
    get_audience,
    list_audiences,
)

#: customer -> [(granted, recorded_at)] for marketing; the latest record wins.
MARKETING = {
    "C01": [(True, "2025-01-01T00:00:00+00:00")],
    "C02": [(False, "2025-01-01T00:00:00+00:00")],
    "C03": [
        (True, "2024-01-01T00:00:00+00:00"),
        (False, "2025-02-01T00:00:00+00:00"),
    ],  # granted, then withdrew
    "C04": [
        (False, "2024-01-01T00:00:00+00:00"),
        (True, "2025-02-01T00:00:00+00:00"),
    ],  # refused, then granted
    "C06": [(True, "2025-03-01T00:00:00+00:00")],
    "C07": [
        (True, "2025-03-01T00:00:00+00:00"),
        (False, "2025-03-01T00:00:00+00:00"),
    ],  # same moment: refusal wins
}
MARKETABLE = ["C01", "C04", "C06"]


@pytest.fixture
def consenting_shop(hand_shop, tmp_path):
    rows = {"consent_id": [], "customer_id": [], "purpose": [], "granted": [], "recorded_at": []}
    for c, records in MARKETING.items():
        for i, (granted, at) in enumerate(records):
            for k, v in zip(rows, (f"{c}-{i}", c, "marketing", granted, at)):
                rows[k].append(v)
    for k, v in zip(
        rows, ("C05-a", "C05", "analytics", True, "2025-01-01T00:00:00+00:00")
    ):  # other purposes do not count
        rows[k].append(v)
    pacsv.write_csv(pa.table(rows), tmp_path / "consents.csv")
    import_file(hand_shop, "consents", tmp_path / "consents.csv")
    return hand_shop


def test_export_only_customers_whose_latest_marketing_consent_is_granted(consenting_shop, tmp_path):
    ws = consenting_shop
    a = create_audience(ws, "everyone", "orders >= 1")
    assert (a.customers, a.marketable) == (10, 3)
    e = export_audience(
        ws, "everyone", tmp_path / "out.csv", columns=("customer_id", "email", "segment")
    )
    rows = list(csv.DictReader(open(tmp_path / "out.csv", encoding="utf-8")))
    assert [r["customer_id"] for r in rows] == MARKETABLE
    assert (e.rows_exported, e.excluded_no_consent) == (3, 7)
    h = export_audience(ws, "everyone", tmp_path / "hashed.csv", hashed=True)
    lines = open(tmp_path / "hashed.csv", encoding="utf-8").read().split()
    assert lines[0] == '"email_sha256"'
    expected = sorted(
        hashlib.sha256(f"{c.lower()}@example.com".encode()).hexdigest() for c in MARKETABLE
    )
    assert [line.strip('"') for line in lines[1:]] == expected
    assert (h.rows_exported, h.excluded_no_consent, h.format) == (3, 7, "csv-sha256")
    log = audience_exports(ws, "everyone")
    assert [(r.format, r.rows_exported, r.excluded_no_consent) for r in log] == [
        ("csv", 3, 7),
        ("csv-sha256", 3, 7),
    ]


def test_rules_compile_to_filters_and_counts_are_live(consenting_shop):
    ws = consenting_shop
    a = create_audience(
        ws, "slipping", 'segment in ["At risk", "cannot lose them"] AND spend > 100'
    )
    assert a.customers == 1  # C07 ($1000); C09 ($80) is At risk but spent less
    assert get_audience(ws, "slipping").marketable == 0  # C07 refused at the same moment it granted
    json_rule = (
        '[{"field": "country", "op": "=", "value": "US"}, '
        '{"field": "days_since_order", "op": "<", "value": 35}]'
    )
    assert create_audience(ws, "recent", json_rule).customers == 4
    assert [x.name for x in list_audiences(ws)] == ["recent", "slipping"]
    with pytest.raises(InputError):
        create_audience(ws, "recent", "orders > 1")  # exists
    assert create_audience(ws, "recent", "orders > 1", replace=True).customers == 6


@pytest.mark.parametrize(
    "rule",
    [
        'segment = "Loyalish"',
        "spend > 'x'",
        "nosuch = 1",
        "orders > 1 OR orders < 1",
        "__import__('os').system('x')",
        "spend in 3",
    ],
)
def test_bad_rules_are_refused(consenting_shop, rule):
    with pytest.raises(InputError):
        create_audience(consenting_shop, "bad", rule)


def test_missing_audience(consenting_shop, tmp_path):
    with pytest.raises(NotFoundError):
        export_audience(consenting_shop, "nope", tmp_path / "x.csv")
