"""Voice of the customer: speed and accuracy, side by side in one run.

1. Lexicon path vs the peer: ``regulars.analytics.feedback.lexicon.compound`` against calling
   ``vaderSentiment``'s ``SentimentIntensityAnalyzer.polarity_scores`` directly, on the same
   sentences (all 23,703 of Hutto & Gilbert's rated sentences, each once: no repeats to cache).
   Fastest of --repeat turns each. Goal: ours >= 0.8x the peer's speed.
2. Accuracy, binary (positive vs negative, mean rating 0 left out), cross-domain: the learned path
   (wordllama embeddings + VADER's four scores, logistic regression) trained on tweets and NYT
   editorials, tested on the movie and Amazon snippets, against VADER on the same sentences.
   Goal of issue 19: learned beats VADER by >= 8 points.
3. End to end: 100k reviews (two random rated sentences each, stars from their mean rating with
   noise, spread over two years): PII masking, themes, per-shop choice of the sentiment path
   (held-out check on the stars), scoring by the chosen path, emerging issues and drivers, in
   memory (the database read is not included). Goal: <= 180 s.

    python benchmarks/feedback_bench.py [--data ../shared/data/vader] [--reviews 100000]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from regulars.analytics.feedback import drivers, emerging, lexicon
from regulars.analytics.feedback.choice import choose
from regulars.analytics.feedback.learned import SentimentHead, features, lexicon_compound
from regulars.analytics.feedback.privacy import mask_pii
from regulars.analytics.feedback.themes import match

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ("tweets", "nytEditorialSnippets", "movieReviewSnippets", "amazonReviewSnippets")


def read(folder: Path, stem: str) -> tuple[list[str], np.ndarray]:
    lines = (folder / f"{stem}_GroundTruth.txt").read_text(encoding="latin-1").splitlines()
    rows = [line.split("\t", 2) for line in lines if line.strip()]
    return [r[2] for r in rows], np.array([float(r[1]) for r in rows])


def best(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def lexicon_speed(data: dict, repeat: int) -> None:
    from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

    texts = [t for stem in CORPORA for t in data[stem][0]]
    peer = SentimentIntensityAnalyzer()
    lexicon.compound(["warm up"])
    ours = best(lambda: lexicon.compound(texts), repeat)
    theirs = best(lambda: [peer.polarity_scores(t)["compound"] for t in texts], repeat)
    ratio = theirs / ours
    print(
        f"lexicon: ours {len(texts) / ours:,.0f} sentences/s, vaderSentiment "
        f"{len(texts) / theirs:,.0f}/s: {ratio:.2f}x the peer's speed (goal >= 0.8x: "
        f"{'met' if ratio >= 0.8 else 'NOT met'})"
    )


def binary(data: dict, stem: str) -> tuple[list[str], np.ndarray]:
    texts, mean = data[stem]
    keep = mean != 0
    return [t for t, k in zip(texts, keep) if k], (mean[keep] > 0).astype(int)


def accuracy(data: dict) -> None:
    train = [binary(data, s) for s in ("tweets", "nytEditorialSnippets")]
    x = features([t for texts, _ in train for t in texts])
    head = SentimentHead.fit(x, np.concatenate([y for _, y in train]))
    for stem in ("movieReviewSnippets", "amazonReviewSnippets"):
        texts, y = binary(data, stem)
        learned = float(((head.positive_probability(features(texts)) >= 0.5) == y).mean())
        vader = float(((lexicon.compound(texts) >= 0) == y).mean())
        gain = (learned - vader) * 100
        print(
            f"accuracy {stem} (n={len(y):,}): learned {learned:.1%}, VADER {vader:.1%}, "
            f"{gain:+.1f} points (goal >= +8: {'met' if gain >= 8 else 'NOT met'})"
        )


def reviews(data: dict, n: int, seed: int = 1):
    texts = [t for stem in CORPORA for t in data[stem][0]]
    mean = np.concatenate([data[stem][1] for stem in CORPORA])
    rng = np.random.default_rng(seed)
    a, b = rng.integers(0, len(texts), n), rng.integers(0, len(texts), n)
    words = [f"{texts[i]} {texts[j]}" for i, j in zip(a, b)]
    stars = np.clip(np.round(3 + (mean[a] + mean[b]) * 0.5 + rng.normal(0, 0.7, n)), 1, 5)
    day = np.sort(rng.integers(0, 730, n))
    return words, stars, day


def end_to_end(data: dict, n: int) -> None:
    words, stars, day = reviews(data, n)
    t, cpu = time.perf_counter(), time.process_time()
    masked = [mask_pii(w) or "" for w in words]
    matrix = match(masked)
    x = features(masked)
    choice = choose(masked, stars, x=x)
    score = choice.head.score(x) if choice.head else lexicon_compound(x)
    found = emerging.episodes(day, matrix, 730)
    nan = np.full(n, np.nan)
    drivers.drivers(matrix, drivers.unhappy(stars, nan, nan))
    took, cpu = time.perf_counter() - t, time.process_time() - cpu
    print(
        f"end to end: {n:,} reviews in {took:.1f} s ({n / took:,.0f}/s; path {choice.path}, "
        f"{len(found)} alerts, mean score {score.mean():+.2f}; CPU {cpu:.1f} s); goal <= 180 s: "
        f"{'met' if took <= 180 else 'NOT met'}"
    )


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "vader")
    p.add_argument("--reviews", type=int, default=100_000)
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args()
    data = {stem: read(args.data, stem) for stem in CORPORA}
    lexicon_speed(data, args.repeat)
    accuracy(data)
    end_to_end(data, args.reviews)


if __name__ == "__main__":
    main()
