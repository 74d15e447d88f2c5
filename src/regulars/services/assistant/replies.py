"""Suggested replies to negative reviews and open tickets, as one proposal for the owner's
approval (``review_reply``): each reply thanks, names the theme the text is about (the
voice-of-the-customer themes), quotes the shop's own FAQ entry for it when one matches, and asks
the customer to get in touch. Nothing is posted: the approved replies come as a file to paste
where the review or the ticket is. A reply is not marketing, so no marketing consent is needed;
it repeats nothing the customer wrote and names no one."""

from __future__ import annotations

import numpy as np

from regulars.analytics.feedback.lexicon import THRESHOLD
from regulars.errors import NotFoundError
from regulars.services import proposals
from regulars.services.workspace import Workspace

NEGATIVE_RATING = 2  # stars, or below
MAX_REPLIES = 50


def _negative(ws: Workspace) -> list[dict]:
    """Reviews rated 2 stars or less or read as negative, and open tickets, with no reply yet,
    newest first."""
    from regulars.services.feedback.analysis import analyse

    a = analyse(ws)
    c = a.corpus
    f = ws.store.table("feedback")
    waiting = f.filter(f.reply_text.isnull() & f.resolved_at.isnull())
    found = ws.store.to_arrow(waiting.select("feedback_id", "source")).to_pylist()
    sources = {r["feedback_id"]: r["source"] for r in found}
    rows = []
    for i in np.argsort(-c.day.astype("int64"), kind="stable"):
        kind, fid = c.kind[i], c.ids[i]
        bad = kind == "ticket" or c.rating[i] <= NEGATIVE_RATING or a.score[i] <= -THRESHOLD
        if kind in ("review", "ticket") and fid in sources and bad:
            themes = [a.themes[k] for k in np.flatnonzero(a.matrix[i])]
            rows.append({"feedback_id": fid, "kind": kind, "source": sources[fid],
                         "customer_id": c.customer[i], "day": str(c.day[i]),
                         "theme": themes[0] if themes else None})  # fmt: skip
    return rows[:MAX_REPLIES]


def _reply(ws: Workspace, row: dict) -> str:
    from regulars.analytics.feedback import embedding
    from regulars.services.assistant.knowledge import knowledge

    theme = row["theme"]
    about = f" about {theme.title.lower()}" if theme else ""
    said = [f"Thank you for telling us, and we are sorry your experience{about} fell short."]
    if theme is not None and embedding.available():
        query = f"{theme.title} " + " ".join(s.strip("\\b") for s in theme.stems[:4])
        found = knowledge(ws).search(query, embedding.embed([query])[0], "faq")
        if found:
            said.append(f"{found[0].text} ({found[0].source})")
    said.append("Please reply or contact us directly so we can put it right.")
    return " ".join(said)


def propose_replies(ws: Workspace, proposed_by: str = "assistant") -> proposals.Proposal:
    rows = _negative(ws)
    if not rows:
        raise NotFoundError("no negative review or open ticket is waiting for a reply")
    replies = [{"feedback_id": r["feedback_id"], "kind": r["kind"], "source": r["source"] or "",
                "given_on": r["day"], "reply": _reply(ws, r)} for r in rows]  # fmt: skip
    ids = sorted({r["customer_id"] for r in rows if r["customer_id"]})
    return proposals.propose(
        ws, "review_reply", f"Reply to {len(replies)} negative reviews and tickets",
        {"replies": replies}, (len(ids), tuple(ids)), " ".join(_negative.__doc__.split()),
        proposals.Effect(None, missing="a reply's effect on ratings is not measured"),
        "feedback, its themes and the FAQ", proposed_by, consent_purpose=None,
        proposer_kind="model",
    )  # fmt: skip
