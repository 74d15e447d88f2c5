"""The assistant's pure parts: intents on the starter set's held-out split (in-scope accuracy
and out-of-scope recall, as Larson et al. 2019 report them), slots, BM25 and rank fusion against
hand-computed answers."""

from __future__ import annotations

import math

import numpy as np
import pytest

from regulars.analytics.assistant.intents import OUT_OF_SCOPE, IntentModel
from regulars.analytics.assistant.retrieval import BM25, fuse
from regulars.analytics.assistant.slots import Slots, extract
from regulars.analytics.assistant.starter import OUT_OF_SCOPE as OOS_PHRASES
from regulars.analytics.assistant.starter import STARTER
from regulars.analytics.feedback import embedding


@pytest.fixture(scope="module")
def split():
    if not embedding.available():
        pytest.skip("wordllama is not installed")
    train, test = [], []
    for intent, phrases in STARTER.items():
        for i, p in enumerate(phrases):
            (test if i % 3 == 2 else train).append((p, intent))
    X = embedding.embed([p for p, _ in train])
    model = IntentModel().fit(X, [y for _, y in train])
    oos = embedding.embed(list(OOS_PHRASES))
    model.calibrate(embedding.embed([p for p, _ in test[::2]]), oos[::2])
    return model, test[1::2], oos[1::2]  # evaluated on what calibration never saw


def test_held_out_in_scope_accuracy_and_out_of_scope_recall(split):
    model, test, oos_test = split
    guessed = model.predict(embedding.embed([p for p, _ in test]))
    accuracy = np.mean([g == y for g, (_, y) in zip(guessed, test, strict=True)])
    recall = np.mean([g == OUT_OF_SCOPE for g in model.predict(oos_test)])
    assert accuracy >= 0.6, accuracy
    assert recall >= 0.5, recall


def test_saved_model_predicts_the_same(split):
    model = split[0]
    again = IntentModel.from_document(model.to_document())
    X = embedding.embed(["where is my parcel", "write me a poem"])
    assert again.predict(X) == model.predict(X)
    assert again.get_params() == model.get_params()


def test_low_confidence_says_so_in_words():
    m = IntentModel()
    m.classes_, m.coef_, m.intercept_ = ["a", "b"], np.zeros((2, 3)), np.zeros(2)
    m.threshold_ = 0.9
    g = m.guess(np.ones(3))
    assert g.intent == OUT_OF_SCOPE and "below the calibrated threshold" in g.explanation


def test_slots_are_found_and_remembered_across_turns():
    first = extract("Where is order #10234? my email is Ann@Example.com")
    assert first == Slots(order_id="10234", email="ann@example.com")
    second = extract("postcode SW1A 1AA, about the blue mug", {"blue mug": "P7"})
    merged = first.merge(second)
    assert merged == Slots("10234", "ann@example.com", "SW1A1AA", "P7")


def test_bm25_matches_the_robertson_formula_by_hand():
    docs = ["shipping costs shipping", "return policy", "opening hours shop"]
    got = BM25(docs).scores("shipping")
    n, df, k1, b = 3, 1, 1.5, 0.75
    idf = math.log((n - df + 0.5) / (df + 0.5) + 1)
    avg = (3 + 2 + 3) / 3
    want = idf * 2 * (k1 + 1) / (2 + k1 * (1 - b + b * 3 / avg))
    assert got[0] == pytest.approx(want)
    assert got[1] == got[2] == 0


def test_fusion_ranks_agreement_first_and_drops_unrelated():
    keyword = np.array([0.0, 2.0, 1.0])
    cosine = np.array([0.1, 0.8, 0.9])
    hits = fuse(keyword, cosine)
    assert [h.index for h in hits] == [1, 2]  # passage 0: no keyword match and a weak cosine
