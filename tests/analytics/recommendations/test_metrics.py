"""Ranking metrics on hand-computed cases (the definitions of Microsoft recommenders'
python_evaluation: precision, recall, MAP as Spark computes it, NDCG with binary relevance)."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.sparse as sp

from regulars.analytics.recommendations.interactions import top_k
from regulars.analytics.recommendations.metrics import coverage, per_user


def test_one_user_by_hand():
    # recommended [0, 1, 2, 3], relevant {1, 3, 5}: hits at ranks 2 and 4
    truth = sp.csr_matrix(np.array([[0, 1, 0, 1, 0, 1.0]]))
    m = per_user(np.array([[0, 1, 2, 3]]), truth, k=4)
    assert m["precision"][0] == pytest.approx(2 / 4)
    assert m["recall"][0] == pytest.approx(2 / 3)
    assert m["map"][0] == pytest.approx((1 / 2 + 2 / 4) / 3)
    dcg = 1 / np.log2(3) + 1 / np.log2(5)
    idcg = 1 + 1 / np.log2(3) + 1 / np.log2(4)
    assert m["ndcg"][0] == pytest.approx(dcg / idcg)


def test_top_k_leaves_out_and_orders():
    scores = np.array([[0.1, 0.9, 0.5, 0.7]])
    idx, vals = top_k(scores, 2, sp.csr_matrix(np.array([[0, 1, 0, 0.0]])))
    assert idx.tolist() == [[3, 2]] and vals.tolist() == [[0.7, 0.5]]
    assert coverage(np.array([[3, 2], [3, 1]]), 4) == 0.75
