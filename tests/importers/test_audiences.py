"""Audience and contact exports (Mailchimp audience, Klaviyo profiles, HubSpot contacts) become
customers and marketing consents; re-import adds nothing; latest answer wins. Both backends.

The fixture files are generated with the column names of the real exports: Mailchimp's audience
export (subscribed/unsubscribed members: merge fields, then OPTIN_TIME ... LEID, EUID, NOTES,
TAGS), Klaviyo's profile export and HubSpot's contacts view (shared/reference/export-formats.md).
"""

from __future__ import annotations

from regulars.importers.keys import stable_id
from regulars.services.consent import consenting
from regulars.services.imports import import_file


def consented(ws) -> set[str]:
    return set(ws.store.to_arrow(consenting(ws, "marketing"))["customer_id"].to_pylist())


ADA, BOB = stable_id("customers", "ada@example.com"), stable_id("customers", "bob@example.com")


def test_mailchimp_audience_subscribed_then_unsubscribed(ex, workspace):
    subscribed = ex.export("mailchimp_subscribed_members.csv")
    report = import_file(workspace, "customers", subscribed, format="mailchimp-audience")
    assert {k: v.created for k, v in report.counts.items()} == {"customers": 2, "consents": 2}
    customers = ex.rows_of(workspace, "customers", "customer_id")
    assert (customers[ADA]["email"], customers[ADA]["phone"], customers[ADA]["tags"]) == (
        "ada@example.com",
        "+442079460000",
        "vip,coffee",
    )
    consents = ex.rows_of(workspace, "consents", "customer_id")
    assert ex.iso(consents[ADA]["recorded_at"]) == "2025-01-10T09:05:00+00:00"  # CONFIRM_TIME
    assert ex.iso(consents[BOB]["recorded_at"]) == "2025-02-01T12:00:00+00:00"  # OPTIN_TIME
    unsubscribed = ex.export("mailchimp_unsubscribed_members.csv")
    import_file(workspace, "customers", unsubscribed, format="mailchimp-audience")
    assert consented(workspace) == {ADA}
    again = import_file(workspace, "customers", subscribed, format="mailchimp-audience")
    assert (again.total.created, again.total.updated) == (0, 0)


def test_klaviyo_profiles(ex, workspace):
    report = import_file(
        workspace, "customers", ex.export("klaviyo_profiles.csv"), format="klaviyo-profiles"
    )
    assert {k: v.created for k, v in report.counts.items()} == {"customers": 3, "consents": 2}
    eve = stable_id("customers", "phone", "+49301234567")
    customers = ex.rows_of(workspace, "customers", "customer_id")
    assert customers[eve]["first_name"] == "Eve"  # a phone-only profile is a customer
    carol = stable_id("customers", "carol@example.com")
    assert consented(workspace) == {carol}


def test_hubspot_contacts(ex, workspace):
    report = import_file(
        workspace, "customers", ex.export("hubspot_contacts.csv"), format="hubspot-contacts"
    )
    assert {k: v.created for k, v in report.counts.items()} == {"customers": 2, "consents": 1}
    fay = stable_id("customers", "fay@example.com")
    customers = ex.rows_of(workspace, "customers", "customer_id")
    assert (customers[fay]["company"], customers[fay]["country"]) == (
        "Jones Bakery",
        "United Kingdom",
    )
    consent = ex.rows_of(workspace, "consents", "customer_id")[fay]
    assert consent["granted"] is False
