"""The shop's feedback analysed once per data version: texts, theme matrix, sentiment scores by
the path chosen for this shop, and the emerging-issue episodes."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from regulars.analytics.feedback import emerging, lexicon
from regulars.analytics.feedback.choice import MIN_RATED, SentimentChoice, choose, weak_labels
from regulars.analytics.feedback.learned import features, lexicon_compound
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


def _sentiment(corpus: Corpus) -> tuple[SentimentChoice, np.ndarray]:
    """The path chosen on the shop's reviews, and every text's score by it (features once)."""
    reviews = np.flatnonzero(corpus.kind == "review")
    rated = [corpus.text[i] for i in reviews]
    if (weak_labels(corpus.rating[reviews]) >= 0).sum() < MIN_RATED:
        return choose(rated, corpus.rating[reviews]), lexicon.compound(corpus.text)
    x = features(corpus.text)
    choice = choose(rated, corpus.rating[reviews], x=x[reviews])
    score = choice.head.score(x) if choice.head is not None else lexicon_compound(x)
    return choice, score


def analyse(ws: Workspace) -> Analysis:
    """The analysis of the current data and texts. Writes such as the chat's do not move the
    data version (a busy chat never empties the other caches): each capability's
    ``feedback_marks`` says how many texts it has, and a new one is analysed at the next reading."""
    from regulars.services.capabilities import all_capabilities

    marks = tuple(c.feedback_marks(ws) for c in all_capabilities() if c.feedback_marks)
    return _analysed(ws, marks)


@cached
def _analysed(ws: Workspace, marks: tuple) -> Analysis:
    corpus = read_corpus(ws)
    themes = STARTER
    matrix = match(corpus.text, themes)
    choice, score = _sentiment(corpus)
    if not len(corpus):
        return Analysis(corpus, themes, matrix, score, choice, None, ())
    start = corpus.day.min()
    day = (corpus.day - start).astype(int)
    n_days = int(day.max()) + 1
    found = tuple(emerging.episodes(day, matrix, n_days))
    return Analysis(corpus, themes, matrix, score, choice, start, found)
