"""Canonical tables of the shop's logged offer tests (which offer each customer was shown, by
what chance, and what they bought after it), declared like the others; ``regulars.schema`` lists
them in ``TABLES``. The offers are ``analytics.offers.OFFERS`` (a test checks they agree)."""

from __future__ import annotations

from regulars.declarations import Column, Table

#: The offers a log may name, as ``analytics.offers.OFFERS`` keys them; "none" is the holdout.
OFFER_KEYS = ("none", "pct5", "pct10", "pct15", "free_shipping", "bundle")

#: The columns of an offer log an email tool exports, as ``regulars offers evaluate LOG.csv`` reads.
LOG_COLUMNS = ("customer_id", "offer", "propensity", "margin_cents")

OFFER_TABLES: tuple[Table, ...] = (
    Table(
        "offer_log",
        "A logged offer test: the offer each customer was shown in a campaign (none: held out),"
        " the chance the policy gave it, and the margin of what they bought after it.",
        (
            Column("offer_log_id", "string", "Stable id (derived when absent).", required=True),
            Column(
                "customer_id",
                "string",
                "Who was offered it.",
                required=True,
                references=("customers", "customer_id"),
            ),
            Column("campaign", "string", "The offer campaign or wave (its own holdout)."),
            Column("offered_at", "timestamp", "When the offer was sent.", required=True),
            Column(
                "offer",
                "string",
                "The offer shown (none: held out).",
                required=True,
                choices=OFFER_KEYS,
            ),
            Column(
                "propensity",
                "float",
                "The chance the logging policy gave that offer (above 0, at most 1).",
                required=True,
                bounds=(0.0, 1.0),
            ),
            Column(
                "margin_cents",
                "cents",
                "Margin of what they bought after it, less what the offer gave away (0: nothing).",
            ),
        ),
        key=("offer_log_id",),
        derive_key_from=("campaign", "customer_id", "offered_at"),
        customer_column="customer_id",
    ),
)
