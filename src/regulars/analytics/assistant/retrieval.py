"""Hybrid retrieval over passages (FAQ answers, catalog products): BM25 (Robertson, k1=1.5,
b=0.75) in NumPy and embedding cosine, fused by reciprocal rank (Cormack et al. 2009, k=60)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

import numpy as np

_TOKEN = re.compile(r"[a-z0-9]+")
_STOP = frozenset(
    "a an the is are do does i my me you your to of for in on and or it can what".split()
)


def tokens(text: str) -> list[str]:
    return [t for t in _TOKEN.findall(text.lower()) if t not in _STOP]


class BM25:
    def __init__(self, texts: list[str], k1: float = 1.5, b: float = 0.75):
        self.k1, self.b = k1, b
        docs = [Counter(tokens(t)) for t in texts]
        self.vocab = {w: i for i, w in enumerate(sorted({w for d in docs for w in d}))}
        self.tf = np.zeros((len(docs), len(self.vocab)))
        for r, d in enumerate(docs):
            for w, n in d.items():
                self.tf[r, self.vocab[w]] = n
        self.length = self.tf.sum(axis=1)
        self.avg = float(self.length.mean()) if len(docs) else 0.0
        df = (self.tf > 0).sum(axis=0)
        n = len(docs)
        self.idf = np.log((n - df + 0.5) / (df + 0.5) + 1.0)

    def scores(self, query: str) -> np.ndarray:
        cols = [self.vocab[w] for w in tokens(query) if w in self.vocab]
        if not cols or not len(self.tf):
            return np.zeros(len(self.tf))
        tf = self.tf[:, cols]
        norm = self.k1 * (1 - self.b + self.b * self.length / max(self.avg, 1e-9))
        return (self.idf[cols] * tf * (self.k1 + 1) / (tf + norm[:, None])).sum(axis=1)


@dataclass(frozen=True)
class Hit:
    index: int
    score: float
    keyword_score: float
    cosine: float


def fuse(keyword: np.ndarray, cosine: np.ndarray, k: int = 60, top: int = 3) -> list[Hit]:
    """Reciprocal-rank fusion of the two rankings; a passage with no keyword match and a weak
    cosine (< 0.3) is not a hit."""
    out = []
    rank_k = np.empty(len(keyword), dtype=int)
    rank_k[np.argsort(-keyword, kind="stable")] = np.arange(len(keyword))
    rank_c = np.empty(len(cosine), dtype=int)
    rank_c[np.argsort(-cosine, kind="stable")] = np.arange(len(cosine))
    fused = 1 / (k + rank_k + 1) + 1 / (k + rank_c + 1)
    for i in np.argsort(-fused, kind="stable")[:top]:
        if keyword[i] > 0 or cosine[i] >= 0.3:
            out.append(Hit(int(i), float(fused[i]), float(keyword[i]), float(cosine[i])))
    return out
