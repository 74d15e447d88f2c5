"""The demo shop's FAQ, and planted questions (worded unlike the answers) with the entry each
must be answered from: the customer assistant's known answers."""

from __future__ import annotations

import pyarrow as pa

from regulars.demo import tables

SITE = "https://demo-roastery.example/help"
# fmt: off
FAQ: tuple[tuple[str, str, str, str], ...] = (
    ("faq-shipping", "How long does delivery take and what does it cost?",
     "Orders placed before 2 pm are roasted and sent the same day; delivery takes 2 to 4 working "
     "days and costs 4.90, free from 40.", "shipping"),
    ("faq-abroad", "Do you ship outside the country?",
     "We ship to the EU, the UK and Switzerland; international delivery takes 5 to 8 working "
     "days and costs 9.90.", "shipping"),
    ("faq-returns", "Can I return something?",
     "Unopened equipment can be sent back within 30 days for a full refund; coffee that "
     "arrived damaged is replaced free of charge.", "returns"),
    ("faq-hours", "When is the roastery shop open?",
     "Our shop at 12 Harbour Road is open Tuesday to Saturday from 8 to 17, closed on Sundays "
     "and Mondays.", "hours"),
    ("faq-subscription", "How do I pause or cancel my coffee subscription?",
     "Pause, skip a delivery or cancel your subscription at any time from your account page; "
     "changes made before Thursday count for the next box.", "subscription"),
    ("faq-grind", "Can you grind the beans for me?",
     "Yes: choose whole beans or a grind for espresso, filter, French press or moka pot when "
     "you order.", "product"),
    ("faq-payment", "Which payment methods do you accept?",
     "We accept cards, PayPal, Apple Pay and invoice for wholesale customers.", "payment"),
    ("faq-freshness", "How fresh is the coffee?",
     "Every bag is roasted to order and carries its roast date; it is best within six weeks.",
     "product"),
)
#: (question, faq_id): a customer's words, and the entry that answers them.
PLANTED: tuple[tuple[str, str], ...] = (
    ("how many days until my parcel gets here", "faq-shipping"),
    ("can I send back the grinder I bought, I haven't opened it", "faq-returns"),
    ("are you open on a sunday", "faq-hours"),
    ("I'd like to stop my monthly box for a while", "faq-subscription"),
    ("do you deliver to switzerland", "faq-abroad"),
)
#: Questions the FAQ cannot answer: the demo's visitors ask them, and each goes to a person.
UNANSWERED: tuple[str, ...] = (
    "do you sell gift vouchers for a coffee tasting course",
    "my card was charged twice for the same order, can someone look at it",
)
# fmt: on


def faq_table() -> pa.Table:
    return tables.build(
        "faq_entries",
        {
            "faq_id": [f[0] for f in FAQ],
            "question": [f[1] for f in FAQ],
            "answer": [f[2] for f in FAQ],
            "tags": [f[3] for f in FAQ],
            "url": [f"{SITE}#{f[0]}" for f in FAQ],
        },
    )


def truths() -> dict:
    planted = [{"question": q, "faq_id": i} for q, i in PLANTED]
    return {"faq": [f[0] for f in FAQ], "planted": planted, "source_prefix": SITE}
