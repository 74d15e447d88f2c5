"""The shop's feedback analysed once per data version: texts, theme matrix, sentiment scores by
the path chosen for this shop, and the emerging-issue episodes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from regulars.analytics.feedback import emerging, lexicon
from regulars.analytics.feedback.choice import SentimentChoice, choose
from regulars.analytics.feedback.learned import features
from regulars.analytics.feedback.themes import STARTER, Theme, match
from regulars.errors import NotFoundError
from regulars.services.cache import cached
from regulars.services.feedback.texts import Corpus, read_corpus
from regulars.services.workspace import Workspace


@dataclass(frozen=True)
class Analysis:
    corpus: Corpus
    themes: tuple[Theme, ...]
    matrix: np.ndarray  # texts x themes
    score: np.ndarray  # sentiment in [-1, 1]
    choice: SentimentChoice
    start: np.datetime64 | None  # day 0
    episodes: tuple[emerging.Episode, ...]

    def day_numbers(self) -> np.ndarray:
        return (self.corpus.day - self.start).astype(int)

    def theme_index(self, name: str) -> int:
        for k, t in enumerate(self.themes):
            if t.name == name.lower():
                return k
        names = ", ".join(t.name for t in self.themes)
        raise NotFoundError(f"no feedback theme {name!r}; the themes are {names}")


def score_texts(texts: list[str], choice: SentimentChoice) -> np.ndarray:
    """Sentiment of each text by the chosen path."""
    if choice.head is not None:
        return choice.head.score(features(texts))
    return lexicon.compound(texts)


@cached
def analyse(ws: Workspace) -> Analysis:
    corpus = read_corpus(ws)
    themes = STARTER
    matrix = match(corpus.text, themes)
    reviews = corpus.kind == "review"
    choice = choose([t for t, r in zip(corpus.text, reviews) if r], corpus.rating[reviews])
    score = score_texts(corpus.text, choice)
    if not len(corpus):
        return Analysis(corpus, themes, matrix, score, choice, None, ())
    start = corpus.day.min()
    day = (corpus.day - start).astype(int)
    n_days = int(day.max()) + 1
    found = tuple(emerging.episodes(day, matrix, n_days))
    return Analysis(corpus, themes, matrix, score, choice, start, found)
