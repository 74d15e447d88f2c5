"""Reviews, tickets and survey answers (Trustpilot, Zendesk, Typeform) -> feedback, on the buyer
named by the email; re-import adds nothing. Both backends.

The fixture files are generated with the header of each tool's export: Trustpilot's business review
export, Zendesk's CSV ticket export (its fixed columns, from "Summation column" to the first reply
times), and a Typeform response sheet (question titles, then Start/Submit Date (UTC), Network ID).
"""

from __future__ import annotations

from regulars.importers.keys import stable_id
from regulars.services.imports import import_file

ADA = stable_id("customers", "ada@example.com")


def test_trustpilot_reviews(ex, workspace):
    report = import_file(
        workspace, "feedback", ex.export("trustpilot_reviews.csv"), format="trustpilot-reviews"
    )
    assert report.counts["feedback"].created == 2
    rows = ex.rows_of(workspace, "feedback", "feedback_id")
    ada = rows["64f1a2b3c4d5e6f7a8b9c0d1"]
    assert (ada["rating"], ada["customer_id"], ada["order_id"], ada["source"]) == (
        5.0,
        ADA,
        "#1002",
        "trustpilot",
    )
    assert (ada["reply_text"], ada["kind"]) == ("Thank you Ada!", "review")
    assert ex.rows_of(workspace, "customers", "customer_id")[ADA]["email"] == "ada@example.com"
    assert rows["64f1a2b3c4d5e6f7a8b9c0d2"]["customer_id"] is None
    again = import_file(
        workspace, "feedback", ex.export("trustpilot_reviews.csv"), format="trustpilot-reviews"
    )
    assert (again.total.created, again.total.updated) == (0, 0)


def test_zendesk_tickets(ex, workspace):
    import_file(workspace, "feedback", ex.export("zendesk_tickets.csv"), format="zendesk-tickets")
    rows = ex.rows_of(workspace, "feedback", "feedback_id")
    bob = rows["1201"]
    assert (bob["kind"], bob["csat"], bob["channel"], bob["title"]) == (
        "ticket",
        5,
        "Mail",
        "Where is my order?",
    )
    assert ex.iso(bob["first_response_at"]) == "2025-04-01T10:30:00+00:00"  # 30 minutes
    assert ex.iso(bob["resolved_at"]) == "2025-04-02T11:00:00+00:00"
    assert (rows["1202"]["csat"], rows["1202"]["resolved_at"]) == (None, None)


def test_typeform_responses(ex, workspace):
    report = import_file(
        workspace, "feedback", ex.export("typeform_responses.csv"), format="typeform-responses"
    )
    rows = ex.rows_of(workspace, "feedback", "feedback_id")
    first = rows["r1abc"]
    assert (first["nps"], first["csat"], first["text"], first["customer_id"]) == (
        9,
        5,
        "Great service",
        ADA,
    )
    assert ex.iso(first["created_at"]) == "2025-05-01T10:00:00+00:00"
    assert any("Which beans do you buy?" in w for w in report.warnings)


def test_freshdesk_tickets(ex, workspace):
    import_file(
        workspace, "feedback", ex.export("freshdesk_tickets.csv"), format="freshdesk-tickets"
    )
    ticket = ex.rows_of(workspace, "feedback", "feedback_id")["3001"]
    assert (ticket["csat"], ticket["channel"], ticket["source"]) == (4, "Email", "freshdesk")
    assert ex.iso(ticket["first_response_at"]) == "2025-06-01T09:30:00+00:00"  # 1.5 hours
    assert ticket["customer_id"] == stable_id("customers", "dan@example.com")


def test_google_forms_responses(ex, workspace):
    path = ex.export("google_forms_responses.csv")
    import_file(workspace, "feedback", path, format="google-forms-responses")
    (answer,) = ex.rows_of(workspace, "feedback", "feedback_id").values()
    assert (answer["nps"], answer["customer_id"], answer["kind"]) == (10, ADA, "survey")
    assert answer["text"] == "Nothing at all"  # "What could we do better?"
    again = import_file(workspace, "feedback", path, format="google-forms-responses")
    assert (again.total.created, again.total.updated) == (0, 0)
