"""Planted questions with known answers: a small FAQ, questions worded unlike the passages, and the
passage each must retrieve (BM25 + wordllama cosine, fused by reciprocal rank)."""

from __future__ import annotations

import pytest

from regulars.analytics.assistant.retrieval import BM25, fuse
from regulars.analytics.feedback import embedding

FAQ = [
    "Shipping: parcels leave within one working day; delivery takes 2 to 4 days, 4.90 EUR.",
    "Returns: send items back within 30 days for a full refund; we pay the return label.",
    "Opening hours: the shop at Market Street 5 is open Monday to Saturday, 9 to 18.",
    "Subscriptions: pause, skip or cancel your coffee subscription any time in your account.",
    "Payment: we accept cards, PayPal and invoice for business customers.",
]
PLANTED = [
    ("how many days until my parcel arrives", 0),
    ("can I send back a jumper that doesn't fit", 1),
    ("when is the store open on saturday", 2),
    ("I'd like to stop my monthly coffee for a while", 3),
    ("do you take paypal", 4),
]


@pytest.mark.parametrize(("question", "answer"), PLANTED)
def test_planted_question_retrieves_its_passage(question, answer):
    if not embedding.available():
        pytest.skip("wordllama is not installed")
    vectors = embedding.embed(FAQ)
    cosine = vectors @ embedding.embed([question])[0]
    hits = fuse(BM25(FAQ).scores(question), cosine)
    assert hits and hits[0].index == answer
