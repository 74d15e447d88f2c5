"""Reviews, support tickets and survey answers from the tools small shops use -> feedback.

In every one the customer is the one derived from the lower-cased email the file names (the id
every importer derives), so a review or a ticket lands on the buyer; without an email it has no
customer. feedback_id is the tool's own id when the file has one, else derived (kind, source,
customer, time, text), so re-importing adds nothing.

``trustpilot-reviews`` (the business's review export): ``Review ID``; created_at = ``Review
Created (UTC)``; rating = ``Review Stars`` (1-5); title = ``Review Title``; text = ``Review
Content``; author_name = ``Consumer Name``; reply_text = ``Reply Content``; order_id = ``Reference
Id`` (the shop's invitation reference, usually the order number); ``Email Address``; source
trustpilot, kind review.

``zendesk-tickets`` (Zendesk's CSV ticket export): ``Id``; title = ``Subject``; created_at =
``Created at``; resolved_at = ``Solved at``; first_response_at = ``Created at`` plus ``First reply
time in minutes`` when given; channel = ``Via``; ``Requester email``; csat from ``Satisfaction
Score``: Good -> 5, Bad -> 1 (Offered / Unoffered: no answer); source zendesk, kind ticket.

``freshdesk-tickets`` (Freshdesk's ticket export): ``Ticket ID``; title = ``Subject``; created_at
= ``Created time``; resolved_at = ``Resolved time``; first_response_at = created plus ``First
response time (in hrs)``; channel = ``Source``; ``Email``; csat from ``Survey results`` when it is
a number 1-5; source freshdesk, kind ticket.

``typeform-responses`` and ``google-forms-responses`` (a form's response sheet): id = ``#``
(Typeform's response token) or derived; created_at = ``Submit Date (UTC)`` / ``Submitted At``
(Typeform) or ``Timestamp`` (Google Forms); the email = ``Email`` / ``Email Address``; nps = the
first question column whose title mentions "recommend" (0-10); csat = the first mentioning
"satisf" (1-5); text = the first mentioning "comment", "feedback", "why", "anything else",
"better" or "improve"; source typeform / google-forms, kind survey. Other questions are not
imported (a warning names them).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from regulars.importers import register
from regulars.importers.batch import ImportBatch, canonical_rows
from regulars.importers.formats._common import (
    Columns,
    as_text,
    batch,
    clean,
    constant,
    customer_id_from_email,
    fields,
    first_indices,
    lower_email,
    map_values,
    present,
    take,
    typed,
)
from regulars.importers.options import ImportOptions
from regulars.importers.problems import ProblemLog
from regulars.importers.source import SourceFile
from regulars.schema import table

TRUSTPILOT = {
    "feedback_id": ("Review ID",),
    "created_at": ("Review Created (UTC)", "Review Created"),
    "rating": ("Review Stars",),
    "title": ("Review Title",),
    "text": ("Review Content",),
    "author_name": ("Consumer Name",),
    "reply_text": ("Reply Content",),
    "order_id": ("Reference Id", "Order Id"),
}
ZENDESK = {
    "feedback_id": ("Id",),
    "title": ("Subject",),
    "created_at": ("Created at",),
    "resolved_at": ("Solved at",),
    "channel": ("Via",),
}
FRESHDESK = {
    "feedback_id": ("Ticket ID",),
    "title": ("Subject",),
    "created_at": ("Created time",),
    "resolved_at": ("Resolved time",),
    "channel": ("Source",),
}
TYPEFORM = {"feedback_id": ("#",), "created_at": ("Submit Date (UTC)", "Submitted At")}
GOOGLE_FORMS = {"created_at": ("Timestamp",)}
ZENDESK_CSAT = {"good": "5", "bad": "1", "offered": "", "unoffered": "", "not offered": ""}
_SURVEY_FIELDS = (
    ("nps", r"recommend"),
    ("csat", r"satisf"),
    ("text", r"comment|feedback|\bwhy\b|anything else|better|improve"),
)


def read_trustpilot(source: SourceFile, options: ImportOptions) -> ImportBatch:
    cols = Columns(source)
    cols.require("trustpilot-reviews", TRUSTPILOT["created_at"], TRUSTPILOT["rating"])
    return _feedback(cols, options, "trustpilot-reviews", "review", TRUSTPILOT, ("Email Address",))


def read_zendesk(source: SourceFile, options: ImportOptions) -> ImportBatch:
    cols = Columns(source)
    cols.require("zendesk-tickets", ("Id",), ("Created at",))
    log = ProblemLog(source.name)
    extra: dict[str, pa.Array] = {}
    score = cols.find("Satisfaction Score")
    if score is not None:
        values = pc.utf8_lower(clean(cols.text(score)))
        extra["csat"] = map_values(values, ZENDESK_CSAT, source.lines, log, score, "Good, Bad")
    minutes = cols.find("First reply time in minutes")
    if minutes is not None:
        extra["first_response_at"] = _after(cols, "Created at", minutes, 60, log, options)
    return _feedback(
        cols, options, "zendesk-tickets", "ticket", ZENDESK, ("Requester email",), extra, log
    )


def read_freshdesk(source: SourceFile, options: ImportOptions) -> ImportBatch:
    cols = Columns(source)
    cols.require("freshdesk-tickets", ("Ticket ID",), ("Created time",))
    log = ProblemLog(source.name)
    extra: dict[str, pa.Array] = {}
    survey = cols.text("Survey results")
    if survey is not None:
        extra["csat"] = pc.if_else(
            pc.match_substring_regex(clean(survey), r"^[1-5]$"), clean(survey), None
        )
    hours = cols.find("First response time (in hrs)")
    if hours is not None:
        extra["first_response_at"] = _after(cols, "Created time", hours, 3600, log, options)
    return _feedback(
        cols, options, "freshdesk-tickets", "ticket", FRESHDESK, ("Email",), extra, log
    )


def read_typeform(source: SourceFile, options: ImportOptions) -> ImportBatch:
    cols = Columns(source)
    cols.require("typeform-responses", TYPEFORM["created_at"])
    return _survey(cols, options, "typeform-responses", TYPEFORM, ("Email", "Email Address"))


def read_google_forms(source: SourceFile, options: ImportOptions) -> ImportBatch:
    cols = Columns(source)
    cols.require("google-forms-responses", ("Timestamp",))
    return _survey(cols, options, "google-forms-responses", GOOGLE_FORMS, ("Email Address",))


def _survey(cols, options, fmt, spec, email) -> ImportBatch:
    used = {n for names in spec.values() for n in names} | set(email)
    questions = [n for n in cols.names if n not in used and n.lower() not in _TYPEFORM_META]
    extra: dict[str, pa.Array] = {}
    for field, pattern in _SURVEY_FIELDS:
        match = next((q for q in questions if re.search(pattern, q, re.IGNORECASE)), None)
        if match is not None:
            extra[field] = cols.text(match)
            questions.remove(match)
    warnings = (f"questions not imported: {', '.join(questions)}",) if questions else ()
    return _feedback(cols, options, fmt, "survey", spec, email, extra, warnings=warnings)


_TYPEFORM_META = {"start date (utc)", "stage date (utc)", "network id", "tags", "ending"}


def _after(cols, start, name, seconds, log, options) -> pa.Array:
    """The ``start`` time plus the number in column ``name`` times ``seconds`` (as text)."""
    begin = typed(cols.text(start), "timestamp", cols.source.lines, log, start, "not a date",
                  options.timezone)  # fmt: skip
    amount = typed(cols.text(name), "float", cols.source.lines, log, name, "not a number")
    micros = pc.cast(pc.round(pc.multiply(amount, seconds * 1_000_000)), pa.int64())
    shifted = pc.add(pc.cast(begin, pa.int64()), micros)
    return as_text(pc.cast(shifted, begin.type))


def _feedback(
    cols: Columns,
    options: ImportOptions,
    fmt: str,
    kind: str,
    spec: Mapping[str, Sequence[str]],
    email: Sequence[str],
    extra: dict[str, pa.Array] | None = None,
    log: ProblemLog | None = None,
    warnings: tuple[str, ...] = (),
) -> ImportBatch:
    source = cols.source
    log = log or ProblemLog(source.name)
    text, shown_as = fields(cols, spec)
    for name, values in (extra or {}).items():
        text[name] = pc.if_else(pc.equal(values, ""), pa.scalar(None, pa.string()), values)
    emails = lower_email(cols.text(*email))
    if emails is not None:
        text["customer_id"] = customer_id_from_email(emails)
        shown_as["customer_id"] = cols.find(*email)
    text["kind"] = constant(kind, source.num_rows)
    text["source"] = constant(fmt.rsplit("-", 1)[0], source.num_rows)
    rows = canonical_rows(
        text,
        table("feedback"),
        source.lines,
        log,
        timezone="UTC" if "(UTC)" in (shown_as.get("created_at") or "") else options.timezone,
        currency=options.currency,
        shown_as=shown_as,
    )
    people = _people(emails, text.get("customer_id"), source, log, options)
    log.raise_if_any(f"{source.num_rows} rows of a {fmt} export")
    return batch(source, fmt, {"feedback": rows, "customers": people}, warnings)


def _people(emails, ids, source, log, options) -> pa.Table:
    """One customer per email (so a review's buyer is known by their email, not an id only)."""
    if emails is None:
        return canonical_rows({}, table("customers"), pa.array([], pa.int64()), log,
                              timezone="UTC", currency=options.currency)  # fmt: skip
    rows = np.flatnonzero(present(emails))
    rows = rows[first_indices(emails.take(pa.array(rows, pa.int64())))]
    text = {"customer_id": ids, "email": emails}
    return canonical_rows(
        take(text, rows),
        table("customers"),
        source.lines.take(pa.array(rows, pa.int64())),
        log,
        timezone="UTC",
        currency=options.currency,
        shown_as={"customer_id": "email", "email": "email"},
    )


register("trustpilot-reviews", "feedback", read_trustpilot)
register("zendesk-tickets", "feedback", read_zendesk)
register("freshdesk-tickets", "feedback", read_freshdesk)
register("typeform-responses", "feedback", read_typeform)
register("google-forms-responses", "feedback", read_google_forms)
