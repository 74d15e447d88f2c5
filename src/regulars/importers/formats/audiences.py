"""Audience and contact exports: who the shop may write to. Each becomes customers and marketing
consents (purpose marketing, latest answer wins), never orders.

``mailchimp-audience``: an audience export (``subscribed_members_export_*.csv``,
``unsubscribed_...``, ``cleaned_...``): ``Email Address``, ``First Name``, ``Last Name``,
``Phone Number``, ``CC`` (country), ``REGION``, ``TAGS``, ``NOTES``. Which file it is shows in its
columns: with ``UNSUB_TIME`` every row is a refusal recorded at that time; with ``CLEAN_TIME`` the
address bounced (no consent either way: customers only); otherwise every row is subscribed,
consent granted at ``CONFIRM_TIME`` (double opt-in), else ``OPTIN_TIME``, else ``LAST_CHANGED``.

``klaviyo-profiles``: a profiles export: ``Email``, ``First Name``, ``Last Name``, ``Phone
Number``, ``City``, ``State / Region``, ``Country``, ``Zip Code``, ``Profile Created On`` ->
created_at; ``Email Marketing Consent``: SUBSCRIBED -> granted, UNSUBSCRIBED -> refused,
NEVER_SUBSCRIBED or empty -> no consent record; recorded at ``Email Marketing Consent
Timestamp`` when the export has it, else ``Date Added``, else ``Profile Created On``.

``hubspot-contacts``: a contacts view export: ``Record ID``, ``First Name``, ``Last Name``,
``Email``, ``Phone Number``, ``Company Name``, ``City``, ``State/Region``, ``Country/Region``,
``Create Date`` -> created_at. ``Unsubscribed from all email`` true -> refused, recorded at
``Last Modified Date`` (else Create Date); ``Marketing contact status`` is about HubSpot's billing,
not the person's consent, and is not imported.

In all three the customer id is derived from the lower-cased email (the id every importer
derives), else from the normalised phone; a row with neither is a problem.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from regulars.importers import register
from regulars.importers.batch import ImportBatch, canonical_rows
from regulars.importers.formats._common import (
    Columns,
    batch,
    clean,
    constant,
    customer_identity,
    fields,
    first_of_duplicates,
    lower_email,
    map_values,
    normalize_phone,
    present,
    require_key,
    take,
)
from regulars.importers.options import ImportOptions
from regulars.importers.problems import ProblemLog
from regulars.importers.source import SourceFile
from regulars.schema import table

MAILCHIMP = {
    "email": ("Email Address",),
    "first_name": ("First Name", "FNAME"),
    "last_name": ("Last Name", "LNAME"),
    "phone": ("Phone Number", "PHONE"),
    "country": ("CC",),
    "region": ("REGION",),
    "tags": ("TAGS",),
    "note": ("NOTES",),
}
KLAVIYO = {
    "email": ("Email",),
    "first_name": ("First Name",),
    "last_name": ("Last Name",),
    "phone": ("Phone Number",),
    "city": ("City",),
    "region": ("State / Region",),
    "country": ("Country",),
    "postal_code": ("Zip Code",),
    "created_at": ("Profile Created On",),
}
HUBSPOT = {
    "email": ("Email",),
    "first_name": ("First Name",),
    "last_name": ("Last Name",),
    "phone": ("Phone Number",),
    "company": ("Company Name",),
    "city": ("City",),
    "region": ("State/Region",),
    "country": ("Country/Region",),
    "created_at": ("Create Date",),
}
KLAVIYO_CONSENT = {"subscribed": "true", "unsubscribed": "false", "never_subscribed": ""}
HUBSPOT_UNSUBSCRIBED = {"true": "false", "yes": "false", "false": "", "no": "", "1": "false"}


def read_mailchimp(source: SourceFile, options: ImportOptions) -> ImportBatch:
    cols = Columns(source)
    cols.require("mailchimp-audience", ("Email Address",))
    n = source.num_rows
    if cols.find("UNSUB_TIME"):
        answer, when = constant("false", n), cols.text("UNSUB_TIME")
    elif cols.find("CLEAN_TIME"):
        answer, when = constant(None, n), None
    else:
        dates = [cols.text(c) for c in ("CONFIRM_TIME", "OPTIN_TIME", "LAST_CHANGED")]
        answer = constant("true", n)
        when = pc.coalesce(*[clean(d) for d in dates if d is not None]) if any(
            d is not None for d in dates
        ) else None  # fmt: skip
    return _audience(source, options, "mailchimp-audience", "mailchimp", MAILCHIMP, answer, when)


def read_klaviyo(source: SourceFile, options: ImportOptions) -> ImportBatch:
    cols = Columns(source)
    cols.require("klaviyo-profiles", ("Email",))
    log = ProblemLog(source.name)
    consent = cols.find("Email Marketing Consent")
    answer = None
    if consent is not None:
        values = pc.replace_substring(pc.utf8_lower(clean(cols.text(consent))), " ", "_")
        answer = map_values(values, KLAVIYO_CONSENT, source.lines, log, consent, "SUBSCRIBED, ...")
    log.raise_if_any(f"{source.num_rows} rows of a Klaviyo profiles export")
    names = ("Email Marketing Consent Timestamp", "Date Added", "Profile Created On")
    when = _first_present(cols, names)
    return _audience(source, options, "klaviyo-profiles", "klaviyo", KLAVIYO, answer, when)


def read_hubspot(source: SourceFile, options: ImportOptions) -> ImportBatch:
    cols = Columns(source)
    cols.require("hubspot-contacts", ("Record ID",), ("Email",))
    log = ProblemLog(source.name)
    column = cols.find("Unsubscribed from all email")
    answer = None
    if column is not None:
        values = pc.utf8_lower(clean(cols.text(column)))
        answer = map_values(values, HUBSPOT_UNSUBSCRIBED, source.lines, log, column, "true, false")
    log.raise_if_any(f"{source.num_rows} rows of a HubSpot contacts export")
    when = _first_present(cols, ("Last Modified Date", "Create Date"))
    return _audience(source, options, "hubspot-contacts", "hubspot", HUBSPOT, answer, when)


def _first_present(cols: Columns, names: Sequence[str]) -> pa.Array | None:
    found = [clean(cols.text(n)) for n in names if cols.find(n)]
    return pc.coalesce(*found) if found else None


def _audience(
    source: SourceFile,
    options: ImportOptions,
    fmt: str,
    origin: str,
    spec: Mapping[str, Sequence[str]],
    answer: pa.Array | None,
    when: pa.Array | None,
) -> ImportBatch:
    cols = Columns(source)
    log = ProblemLog(source.name)
    text, shown_as = fields(cols, spec)
    text["email"] = lower_email(text.get("email"))
    text["phone"] = normalize_phone(text.get("phone"))
    text["customer_id"] = customer_identity(text["email"], text["phone"])
    shown_as["customer_id"] = shown_as.get("email", "email")
    keep = first_of_duplicates(text["email"], source.lines, log, shown_as["customer_id"])
    require_key(
        text["customer_id"], source.lines, log, shown_as["customer_id"], "no email or phone"
    )
    rows = np.flatnonzero(keep & present(text["customer_id"]))
    text["source"] = constant(origin, source.num_rows)
    customers = canonical_rows(
        take({k: v for k, v in text.items() if v is not None}, rows),
        table("customers"),
        source.lines.take(pa.array(rows, pa.int64())),
        log,
        timezone=options.timezone,
        currency=options.currency,
        shown_as=shown_as,
    )
    consents = _consents(text["customer_id"], answer, when, rows, source, log, options, origin)
    log.raise_if_any(f"{source.num_rows} rows of a {fmt} export")
    return batch(source, fmt, {"customers": customers, "consents": consents})


def _consents(customer_ids, answer, when, rows, source, log, options, origin) -> pa.Table | None:
    if answer is None or when is None:
        return None
    answer = pc.if_else(pc.equal(answer, ""), pa.scalar(None, pa.string()), answer)
    use = rows[present(answer.take(pa.array(rows, pa.int64())))]
    if len(use) == 0:
        return None
    text = {
        "customer_id": customer_ids,
        "purpose": constant("marketing", source.num_rows),
        "granted": answer,
        "recorded_at": when,
        "source": constant(origin, source.num_rows),
    }
    return canonical_rows(
        take(text, use),
        table("consents"),
        source.lines.take(pa.array(use, pa.int64())),
        log,
        timezone=options.timezone,
        currency=options.currency,
        shown_as={"recorded_at": "consent time", "granted": "consent"},
    )


register("mailchimp-audience", "customers", read_mailchimp)
register("klaviyo-profiles", "customers", read_klaviyo)
register("hubspot-contacts", "customers", read_hubspot)
