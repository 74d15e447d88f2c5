"""Reproduction of Microsoft recommenders' published SAR row on MovieLens-100k (README benchmark
table; examples/00_quick_start/sar_movielens.ipynb): MAP 0.110591, NDCG@10 0.382461,
precision@10 0.330753, recall@10 0.176385, with a stratified 75/25 split per user, Jaccard
similarity, a 30-day time decay, seen items removed.

MovieLens' licence forbids shipping the data: set ``REGULARS_MOVIELENS_100K`` to a local copy of
``u.data`` (or its folder) and the test runs; without it, it is skipped as user data. Our split
draws other random rows than recommenders' splitter, so the numbers agree within a tolerance,
not to the digit. The protocol itself always runs on a generated file of the same format."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from regulars.analytics.recommendations import Interactions, Split, top_k
from regulars.analytics.recommendations.metrics import per_user
from regulars.analytics.recommendations.models import SAR

PUBLISHED = {"map": 0.110591, "ndcg": 0.382461, "precision": 0.330753, "recall": 0.176385}
TOLERANCE = 0.12  # relative: another random split, SAR's score normalisation left out


def _read(path: Path) -> np.ndarray:
    path = path / "u.data" if path.is_dir() else path
    return np.loadtxt(path, dtype=np.int64, delimiter="\t")  # user, item, rating, timestamp


def _stratified(rows: np.ndarray, ratio: float = 0.75, seed: int = 42):
    rng = np.random.default_rng(seed)
    rows = rows[rng.permutation(len(rows))]
    rows = rows[np.argsort(rows[:, 0], kind="stable")]
    start = np.searchsorted(rows[:, 0], rows[:, 0], side="left")
    rank = np.arange(len(rows)) - start
    size = np.bincount(rows[:, 0])[rows[:, 0]]
    train = rank < np.round(size * ratio)
    return rows[train], rows[~train]


def sar_on_movielens(rows: np.ndarray, k: int = 10) -> dict[str, float]:
    train, test = _stratified(rows)
    days = train[:, 3] / 86_400.0
    data = Interactions.from_rows(train[:, 0].astype(str), train[:, 1].astype(str),
                                  train[:, 2], days, days, float(days.max()))  # fmt: skip
    split = Split.of("movielens", data, test[:, 0].astype(str), test[:, 1].astype(str))
    model = SAR(half_life_days=30.0, neighbours=data.shape[1]).fit(data)
    rows_with_truth = np.flatnonzero(np.diff(split.truth.indptr) > 0)
    scores = model.score(rows_with_truth)
    top = top_k(scores, k, data.binary()[rows_with_truth])[0]
    found = per_user(top, split.truth[rows_with_truth], k)
    return {name: float(v.mean()) for name, v in found.items()}


def test_sar_reproduces_recommenders_on_movielens_100k():
    where = os.environ.get("REGULARS_MOVIELENS_100K")
    if not where:
        pytest.skip("user data: set REGULARS_MOVIELENS_100K to a local MovieLens-100k u.data")
    got = sar_on_movielens(_read(Path(where)))
    for name, published in PUBLISHED.items():
        assert got[name] == pytest.approx(published, rel=TOLERANCE), (name, got)


def test_the_protocol_runs_on_a_file_of_the_same_format(tmp_path):
    rng = np.random.default_rng(0)
    users = 200
    lines = []
    for u in range(1, users + 1):
        taste = (u % 3) * 40  # three tastes of 40 films each
        for i in rng.choice(40, 20, replace=False):
            lines.append(f"{u}\t{taste + i + 1}\t{rng.integers(1, 6)}\t{875_000_000 + u * 1000}")
    (tmp_path / "u.data").write_text("\n".join(lines) + "\n")
    got = sar_on_movielens(_read(tmp_path))
    # 5 of a user's 20 films are held out among the 25 of their taste they have not seen: knowing
    # the taste gives precision@10 about 5/25, a random list about 5/105
    assert 0.15 < got["precision"] <= 0.5 and 0 < got["map"] <= 1
    assert set(got) == set(PUBLISHED)
