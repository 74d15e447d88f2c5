"""The optional language model (``llm_url`` in the settings; off by default): it rephrases an
answer quoted from the shop's FAQ or catalog, receiving only that answer (the retrieved facts) and
the customer's question, masked. Its words reach the customer only when they keep the facts
(``analytics.assistant.phrasing``); else, or when it is slow or unreachable, the template answer
does, and the explanation says so. Order status and recommendations are never sent."""

from __future__ import annotations

from regulars.analytics.assistant import phrasing
from regulars.analytics.assistant.grounding import Answer
from regulars.analytics.assistant.transcripts import mask
from regulars.errors import InputError
from regulars.services.workspace import Workspace

NEVER_SENT = frozenset({"your order", "recommendations"})


def phrase(ws: Workspace, question: str, answer: Answer) -> Answer:
    if not ws.settings.llm_url or answer.handover or not answer.sources:
        return answer
    if NEVER_SENT & set(answer.sources):
        return answer
    from regulars.services import actions

    asked = mask(question)
    try:
        said = actions.ask_language_model(ws.settings, phrasing.messages(answer.text, asked))
    except InputError as exc:
        return _template(answer, f"{exc}")
    found = phrasing.check(answer.text, asked, said)
    if not found.kept:
        return _template(answer, f"its phrasing was not kept: {found.reason}")
    why = f"{answer.explanation} Phrased by the language model ({found.reason})."
    return Answer(said.strip(), answer.sources, False, why)


def _template(answer: Answer, reason: str) -> Answer:
    why = f"{answer.explanation} The template answer is shown: {reason}."
    return Answer(answer.text, answer.sources, answer.handover, why)
