"""Customer assistant: training speed, side by side in one run.

Training on 15,000 example phrases (the starter set's phrases, each with a random shop-style
prefix and suffix drawn with a fixed seed, so no two are alike): ours (wordllama embeddings +
logistic regression + out-of-scope calibration) against a scikit-learn TF-IDF + LinearSVC baseline
on the same phrases. Rasa, the anchor the issue names, is not reasonably installable offline, so
the TF-IDF + LinearSVC baseline stands in as the peer. Goal: ours <= 60 s. Reply latency (p95 for
20 concurrent conversations) needs the reply service, which is not built yet: not measured here.

    python benchmarks/assistant_bench.py [--phrases 15000]
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from regulars.analytics.assistant.intents import IntentModel
from regulars.analytics.assistant.starter import OUT_OF_SCOPE, STARTER
from regulars.analytics.feedback import embedding

PREFIX = ("", "hi ", "hello, ", "please ", "quick question: ", "sorry, ", "hey ")
SUFFIX = ("", "?", " please", " thanks", " asap", " today", " for my mum", " again")


def phrases(n: int, seed: int = 7) -> tuple[list[str], list[str]]:
    rng = np.random.default_rng(seed)
    pool = [(p, k) for k, v in STARTER.items() for p in v]
    texts, labels = [], []
    for i in range(n):
        p, k = pool[rng.integers(len(pool))]
        texts.append(
            f"{PREFIX[rng.integers(len(PREFIX))]}{p}{SUFFIX[rng.integers(len(SUFFIX))]} {i % 97}"
        )
        labels.append(k)
    return texts, labels


def ours(texts: list[str], labels: list[str]) -> float:
    t0 = time.perf_counter()
    X = embedding.embed(texts)
    model = IntentModel().fit(X, labels)
    model.calibrate(X[::10], embedding.embed(list(OUT_OF_SCOPE)))
    return time.perf_counter() - t0


def peer(texts: list[str], labels: list[str]) -> float:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.svm import LinearSVC

    t0 = time.perf_counter()
    X = TfidfVectorizer(ngram_range=(1, 2)).fit_transform(texts)
    LinearSVC().fit(X, labels)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--phrases", type=int, default=15000)
    args = parser.parse_args()
    texts, labels = phrases(args.phrases)
    embedding.embed(["warm up"])  # load the packaged model once, outside the timing
    a, b = ours(texts, labels), peer(texts, labels)
    print(
        f"train {len(texts):,} phrases: ours {a:.2f} s (goal <= 60 s), "
        f"TF-IDF+LinearSVC {b:.2f} s, ratio ours/peer {a / b:.1f}x"
    )


if __name__ == "__main__":
    main()
