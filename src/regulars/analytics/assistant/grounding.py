"""Answers composed from retrieved facts only: a template quotes the passage and names its source;
nothing else reaches the customer. An optional rephrasing (an LLM) is kept only when it keeps every
fact (numbers, order ids, dates, amounts) of the grounded answer."""

from __future__ import annotations

import re
from dataclasses import dataclass

from regulars.analytics.assistant.intents import OUT_OF_SCOPE

_FACT = re.compile(r"\d{4}-\d{2}-\d{2}|[A-Z]{0,3}-?\d+(?:[.,]\d+)*%?")
HANDOVER_INTENTS = frozenset({OUT_OF_SCOPE, "human", "complaint"})


@dataclass(frozen=True)
class Passage:
    title: str
    text: str
    source: str


@dataclass(frozen=True)
class Answer:
    text: str
    sources: tuple[str, ...]
    handover: bool
    explanation: str


def handover(reason: str) -> Answer:
    return Answer(
        "I'm not able to answer that reliably, so I'm handing you over to a person from the "
        "shop; they will reply here (or by email if you leave).",
        (),
        True,
        reason,
    )


def compose(intent: str, passages: list[Passage]) -> Answer:
    """The grounded answer for an informational intent: the best passage quoted with its source;
    no passage, or an intent that asks for a person, hands over."""
    if intent in HANDOVER_INTENTS:
        return handover(f"The intent is {intent}: a person answers.")
    if not passages:
        return handover("No FAQ passage or product matches the question.")
    best = passages[0]
    return Answer(
        f"{best.title}: {best.text} (source: {best.source})",
        tuple(p.source for p in passages),
        False,
        f"Quoted from {best.source}, the best of {len(passages)} matching passages.",
    )


#: An FAQ passage this close (cosine) sharing this much keyword weight (BM25) answers a question
#: the intent model was unsure of: the words match the shop's own entry, not a guess.
CLOSE_COSINE, CLOSE_KEYWORDS = 0.35, 1.0


def close_match(keyword_score: float, cosine: float) -> bool:
    return keyword_score >= CLOSE_KEYWORDS and cosine >= CLOSE_COSINE


def facts(text: str) -> set[str]:
    """The facts a rephrasing must keep: numbers, ids, dates."""
    return set(_FACT.findall(text))


def keeps_facts(grounded: str, rephrased: str) -> bool:
    """True when the rephrasing has exactly the grounded answer's facts (none dropped, changed or
    added)."""
    return facts(grounded) == facts(rephrased)
