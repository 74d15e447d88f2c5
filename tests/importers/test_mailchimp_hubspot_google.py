"""Mailchimp campaign reports, HubSpot deals and Google reviews, on DuckDB and PostgreSQL."""

from __future__ import annotations

import json

import pytest

from regulars.importers import FORMATS
from regulars.services.imports import import_file

MAILCHIMP = "mailchimp_campaigns.csv"
HUBSPOT = "hubspot_deals.csv"


def iso(value):
    return None if value is None else value.isoformat()


def test_every_format_is_registered_for_its_table():
    """These are registered for their table (a new format module adds to them)."""
    assert {k: v[0] for k, v in FORMATS.items() if k != "generic"}.items() >= {
        "shopify-orders": "orders",
        "shopify-customers": "customers",
        "stripe-payments": "orders",
        "stripe-customers": "customers",
        "mailchimp-campaigns": "campaigns",
        "hubspot-deals": "deals",
        "google-reviews": "feedback",
        "line-items": "orders",
    }.items()


# --- Mailchimp ---------------------------------------------------------------------------------


def test_mailchimp_campaigns(ex, workspace):
    report = import_file(workspace, "campaigns", ex.export(MAILCHIMP), format="mailchimp-campaigns")
    assert report.counts["campaigns"].created == 3
    rows = ex.rows_of(workspace, "campaigns", "campaign_id")
    october = rows["a1b2c3d4e5"]
    assert (october["name"], october["subject"], october["audience"], october["channel"]) == (
        "October Newsletter",
        "Fresh roasts are here",
        "Coffee Lovers",
        "email",
    )
    assert (
        october["recipients"],
        october["delivered"],
        october["opens"],
        october["clicks"],
        october["unsubscribes"],
        october["bounces"],
        october["conversions"],
    ) == (1000, 990, 275, 40, 3, 10, 12)
    assert (october["revenue_cents"], october["spend_cents"]) == (
        123456,
        5000,
    )  # "$1,234.56", "50.00"
    assert iso(october["started_at"]) == "2025-10-01T09:30:00+00:00"
    assert (
        iso(rows["f6e5d4c3b2"]["started_at"]) == "2018-06-09T21:30:00+00:00"
    )  # "Jun 09, 2018 09:30 pm"
    derived = next(
        k for k, r in rows.items() if r["name"] == "Wholesale update"
    )  # no Unique Id: derived key
    assert len(derived) == 20 and rows[derived]["opens"] == 100
    # 275/990 = 27.78% and 120/480 = 25.00% agree; line 4 says 40.00% for 100/400 = 25%.
    assert len(report.warnings) == 1 and "line(s) 4;" in report.warnings[0]


def test_mailchimp_reimport_and_overlap(ex, workspace, tmp_path):
    import_file(workspace, "campaigns", ex.export(MAILCHIMP), format="mailchimp-campaigns")
    again = import_file(workspace, "campaigns", ex.export(MAILCHIMP), format="mailchimp-campaigns")
    assert (again.total.created, again.total.updated, again.total.unchanged) == (0, 0, 3)
    new = {
        "Title": "November Newsletter",
        "Send Date": "Nov 03, 2025 10:00 am",
        "Unique Id": "n0v",
        "Successful Deliveries": "10",
    }
    later = ex.edited_csv(
        MAILCHIMP, tmp_path, {(2, "Unique Opens"): "280", (2, "Open Rate"): "28.28%"}, [new]
    )
    report = import_file(workspace, "campaigns", later, format="mailchimp-campaigns")
    assert (report.total.created, report.total.updated, report.total.unchanged) == (1, 1, 2)
    assert ex.rows_of(workspace, "campaigns", "campaign_id")["a1b2c3d4e5"]["opens"] == 280


MAILCHIMP_BAD = [
    pytest.param(
        {(3, "Send Date"): "Jun 9th, 2018"},
        None,
        3,
        "Send Date",
        "Jun 9th, 2018",
        "not a date",
        id="bad-date",
    ),
    pytest.param(
        {(2, "Total Revenue"): "lots"},
        None,
        2,
        "Total Revenue",
        "lots",
        "not an amount of money",
        id="bad-amount",
    ),
    pytest.param(
        {(2, "Unique Opens"): "27.5"},
        None,
        2,
        "Unique Opens",
        "27.5",
        "not a whole number",
        id="bad-count",
    ),
    pytest.param(
        {(4, "Title"): None},
        None,
        4,
        "Title",
        None,
        "required value is missing",
        id="missing-title",
    ),
    pytest.param(
        {},
        [{"Title": "Copy", "Send Date": "Jan 01, 2025 08:00 am", "Unique Id": "a1b2c3d4e5"}],
        5,
        "Unique Id",
        "a1b2c3d4e5",
        "duplicate key",
        id="duplicate",
    ),
]


@pytest.mark.parametrize(("edits", "append", "line", "column", "value", "reason"), MAILCHIMP_BAD)
def test_mailchimp_bad_rows(ex, workspace, tmp_path, edits, append, line, column, value, reason):
    import_file(workspace, "campaigns", ex.export(MAILCHIMP), format="mailchimp-campaigns")
    bad = ex.edited_csv(MAILCHIMP, tmp_path, edits, append)
    ex.assert_rejected(
        workspace,
        "campaigns",
        bad,
        "mailchimp-campaigns",
        ("campaigns",),
        line=line,
        column=column,
        value=value,
        reason=reason,
    )


# --- HubSpot -----------------------------------------------------------------------------------


def test_hubspot_deals(ex, workspace):
    report = import_file(workspace, "deals", ex.export(HUBSPOT), format="hubspot-deals")
    assert (report.counts["deals"].created, report.counts["deal_stage_history"].created) == (3, 2)
    assert report.counts["customers"].created == 2  # contacts 9001 and 9003, known only by id
    deals = ex.rows_of(workspace, "deals", "deal_id")
    won, open_, lost = deals["101"], deals["102"], deals["103"]
    assert (won["name"], won["stage"], won["amount_cents"], won["is_closed"], won["is_won"]) == (
        "Cafe Nord wholesale",
        "closedwon",
        250000,
        True,
        True,
    )
    assert (
        won["owner"],
        won["pipeline"],
        won["company_ids"],
        won["customer_id"],
        won["source"],
    ) == ("Maria Rossi", "Sales Pipeline", "5001;5002", "9001", "hubspot")
    assert (
        iso(won["created_at"]) == "2025-01-10T09:00:00+00:00"
        and iso(won["closed_at"]) == "2025-03-31T00:00:00+00:00"
    )
    assert (open_["is_closed"], open_["is_won"], open_["customer_id"], open_["closed_at"]) == (
        False,
        False,
        "9003",
        None,
    )
    assert (lost["is_closed"], lost["is_won"], lost["amount_cents"], lost["customer_id"]) == (
        True,
        False,
        120050,
        None,
    )
    history = sorted(
        (h["deal_id"], h["stage"], iso(h["entered_at"]))
        for h in ex.rows_of(workspace, "deal_stage_history", "deal_stage_id").values()
    )
    assert history == [
        ("101", "closedwon", "2025-03-31T15:00:00+00:00"),
        ("102", "Qualified To Buy", "2025-02-15T12:00:00+00:00"),
    ]


def test_hubspot_reimport_and_overlap(ex, workspace, tmp_path):
    import_file(workspace, "deals", ex.export(HUBSPOT), format="hubspot-deals")
    again = import_file(workspace, "deals", ex.export(HUBSPOT), format="hubspot-deals")
    assert (again.total.created, again.total.updated) == (0, 0)
    later = ex.edited_csv(
        HUBSPOT,
        tmp_path,
        {
            (3, "Deal Stage"): "Closed Won",
            (3, "Date entered current stage"): "2025-03-01 09:00",
            (3, "Close Date"): "2025-03-01",
        },
    )
    report = import_file(workspace, "deals", later, format="hubspot-deals")
    assert (
        report.counts["deals"].created,
        report.counts["deals"].updated,
        report.counts["deals"].unchanged,
    ) == (0, 1, 2)
    assert (
        report.counts["deal_stage_history"].created,
        report.counts["deal_stage_history"].unchanged,
    ) == (1, 1)
    deal = ex.rows_of(workspace, "deals", "deal_id")["102"]
    assert (deal["is_won"], deal["is_closed"]) == (True, True)
    assert ex.row_counts(workspace, ("deal_stage_history",)) == {"deal_stage_history": 3}


HUBSPOT_BAD = [
    pytest.param(
        {(2, "Create Date"): "10/45/2025"},
        None,
        2,
        "Create Date",
        "10/45/2025",
        "not a date",
        id="bad-date",
    ),
    pytest.param(
        {(3, "Date entered current stage"): "soon"},
        None,
        3,
        "Date entered current stage",
        "soon",
        "not a date",
        id="bad-stage-date",
    ),
    pytest.param(
        {(4, "Amount"): "1.200,50 EURO"},
        None,
        4,
        "Amount",
        "1.200,50 EURO",
        "not an amount of money",
        id="bad-amount",
    ),
    pytest.param(
        {(3, "Deal Name"): None},
        None,
        3,
        "Deal Name",
        None,
        "required value is missing",
        id="missing-name",
    ),
    pytest.param(
        {},
        [{"Record ID": "101", "Deal Name": "Again", "Create Date": "2025-05-01"}],
        5,
        "Record ID",
        "101",
        "duplicate key",
        id="duplicate",
    ),
]


@pytest.mark.parametrize(("edits", "append", "line", "column", "value", "reason"), HUBSPOT_BAD)
def test_hubspot_bad_rows(ex, workspace, tmp_path, edits, append, line, column, value, reason):
    import_file(workspace, "deals", ex.export(HUBSPOT), format="hubspot-deals")
    bad = ex.edited_csv(HUBSPOT, tmp_path, edits, append)
    ex.assert_rejected(
        workspace,
        "deals",
        bad,
        "hubspot-deals",
        ("deals", "deal_stage_history", "customers"),
        line=line,
        column=column,
        value=value,
        reason=reason,
    )


# --- Google reviews ----------------------------------------------------------------------------


def _reviews(ex, tmp_path, change=None, extra=()):
    lines = ex.export("google_reviews.jsonl").read_text().splitlines()
    records = [json.loads(line) for line in lines]
    for index, update in (change or {}).items():
        records[index].update(update)
    path = tmp_path / "reviews.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in [*records, *extra]))
    return path


@pytest.mark.parametrize("name", ["google_reviews.jsonl", "google_reviews.csv"])
def test_google_reviews(ex, workspace, name):
    report = import_file(workspace, "feedback", ex.export(name), format="google-reviews")
    rows = ex.rows_of(workspace, "feedback", "feedback_id")
    assert report.counts["feedback"].created == len(rows) == (3 if name.endswith("jsonl") else 2)
    grace = rows["r-aaa"]
    assert (
        grace["kind"],
        grace["source"],
        grace["rating"],
        grace["text"],
        grace["author_name"],
        grace["reply_text"],
    ) == ("review", "google", 5.0, "Best espresso in town.", "Grace H.", "Thank you, Grace!")
    assert iso(grace["created_at"]) == "2025-05-01T10:15:30.123456+00:00"
    anonymous = rows["r-bbb"]
    assert (anonymous["rating"], anonymous["author_name"], iso(anonymous["created_at"])) == (
        2.0,
        None,
        "2025-05-03T16:00:00+00:00",
    )
    if name.endswith("jsonl"):
        assert (rows["r-ccc"]["rating"], rows["r-ccc"]["author_name"]) == (
            4.0,
            "Linus",
        )  # id from the resource name


def test_google_reviews_reimport_and_overlap(ex, workspace, tmp_path):
    import_file(workspace, "feedback", ex.export("google_reviews.jsonl"), format="google-reviews")
    again = import_file(
        workspace, "feedback", ex.export("google_reviews.jsonl"), format="google-reviews"
    )
    assert (again.total.created, again.total.updated) == (0, 0)
    new = {
        "reviewId": "r-ddd",
        "starRating": "THREE",
        "createTime": "2025-06-01T10:00:00Z",
        "comment": "OK.",
    }
    later = _reviews(
        ex, tmp_path, {1: {"reviewReply": {"comment": "Sorry, we hired more staff."}}}, [new]
    )
    report = import_file(workspace, "feedback", later, format="google-reviews")
    assert (report.total.created, report.total.updated, report.total.unchanged) == (1, 1, 2)


GOOGLE_BAD = [
    pytest.param(
        {0: {"starRating": "SIX"}}, 1, "starRating", "SIX", "not a known value", id="star-six"
    ),
    pytest.param(
        {2: {"starRating": "STAR_RATING_UNSPECIFIED"}},
        3,
        "starRating",
        "STAR_RATING_UNSPECIFIED",
        "not a known value",
        id="unspecified",
    ),
    pytest.param(
        {1: {"createTime": "2025-05-03T18:00:00+25:00"}},
        2,
        "createTime",
        "2025-05-03T18:00:00+25:00",
        "not a date",
        id="bad-time",
    ),
    pytest.param(
        {1: {"createTime": None}},
        2,
        "createTime",
        None,
        "required value is missing",
        id="missing-time",
    ),
    pytest.param(
        {1: {"reviewId": "r-aaa"}}, 2, "reviewId", "r-aaa", "duplicate key", id="duplicate"
    ),
]


@pytest.mark.parametrize(("change", "line", "column", "value", "reason"), GOOGLE_BAD)
def test_google_reviews_bad_records(ex, workspace, tmp_path, change, line, column, value, reason):
    import_file(workspace, "feedback", ex.export("google_reviews.jsonl"), format="google-reviews")
    bad = _reviews(ex, tmp_path, change)
    ex.assert_rejected(
        workspace,
        "feedback",
        bad,
        "google-reviews",
        ("feedback",),
        line=line,
        column=column,
        value=value,
        reason=reason,
    )
