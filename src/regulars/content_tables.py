"""Canonical tables of what the shop writes for its customers (the FAQ the customer assistant
quotes), declared like the others; ``regulars.schema`` lists them in ``TABLES``."""

from __future__ import annotations

from regulars.declarations import Column, Table

CONTENT_TABLES: tuple[Table, ...] = (
    Table(
        "faq_entries",
        "The shop's FAQ and policy answers: what the customer assistant quotes.",
        (
            Column("faq_id", "string", "Stable id (derived from the question).", required=True),
            Column("question", "string", "The question, as a customer asks it.", required=True),
            Column("answer", "string", "The shop's answer, quoted as it is.", required=True),
            Column("tags", "string", "Comma-separated topics (shipping, returns, ...)."),
            Column("url", "string", "The page the answer comes from, linked in the chat."),
        ),
        key=("faq_id",),
        derive_key_from=("question",),
    ),
)
