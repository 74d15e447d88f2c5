"""Which sentiment path a shop gets, from its own rated reviews."""

from __future__ import annotations

import numpy as np

from regulars.analytics.feedback.choice import choose, weak_labels
from regulars.analytics.feedback.learned import SentimentHead, features


def test_too_few_rated_texts_keep_the_lexicon_and_say_so():
    c = choose(["Great beans"] * 10, np.full(10, 5.0))
    assert c.path == "lexicon" and c.head is None and "too few" in c.explanation


def test_weak_labels_leave_three_stars_and_none_out():
    assert list(weak_labels(np.array([5, 4, 3, 2, 1, np.nan]))) == [1, 1, -1, 0, 0, -1]


def test_domain_words_the_lexicon_misses_are_learned():
    # In this shop "stale" and "burnt" are bad, "crema" good; VADER scores them neutral.
    rng = np.random.default_rng(3)
    bad = ["The beans were stale.", "Burnt and stale again.", "Stale roast, burnt taste."]
    good = ["Lovely crema every morning.", "Crema for days.", "Thick crema, smooth roast."]
    texts, stars = [], []
    for _ in range(80):
        texts += [bad[rng.integers(3)], good[rng.integers(3)]]
        stars += [1.0, 5.0]
    c = choose(texts, np.array(stars))
    assert c.path == "learned" and c.learned_accuracy > c.lexicon_accuracy
    assert c.learned_accuracy >= 0.9 and "held-out" in c.explanation


def test_the_head_round_trips_through_json():
    x = features(["good", "bad", "great", "awful"])
    head = SentimentHead.fit(x, np.array([1, 0, 1, 0]))
    again = SentimentHead.from_dict(head.to_dict())
    np.testing.assert_allclose(again.score(x), head.score(x))
