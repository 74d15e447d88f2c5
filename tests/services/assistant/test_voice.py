"""Chat transcripts feed the voice-of-the-customer analysis: the customers' own chat messages
(masked as stored) join the reviews as texts of kind "chat", so themes, sentiment and the
customer's profile include them; greetings, bare order numbers and emails say nothing and are
left out; a rating of the chat comes along as its CSAT."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from regulars.services.assistant import rate_conversation, reply
from regulars.services.feedback import feedback_summary, feedback_themes
from regulars.services.feedback.analysis import analyse
from regulars.services.imports import import_file

REVIEWS = (
    "feedback_id,kind,customer_id,created_at,rating,text\n"
    "r1,review,c2,2026-11-20T10:00:00Z,5,Lovely mugs and great coffee\n"
)
ANGRY = "my parcel is late again and the tracking never updates, this is terrible"


def _chat_rows(ws) -> list[tuple[str, str]]:
    c = analyse(ws).corpus
    return [(c.customer[i], c.text[i]) for i in range(len(c)) if c.kind[i] == "chat"]


def test_customers_chat_messages_join_themes_and_sentiment(shop, tmp_path):
    (tmp_path / "reviews.csv").write_text(REVIEWS, encoding="utf-8")
    import_file(shop, "feedback", tmp_path / "reviews.csv")
    before = feedback_summary(shop)
    assert before.by_kind == {"review": 1}
    now = datetime.now(UTC)
    reply(shop, None, "hello", client="a", now=now)
    cid = reply(shop, None, "where is my order 10234?", client="b", now=now).conversation_id
    reply(shop, cid, "ann@example.com", client="b", now=now + timedelta(seconds=1))
    said = reply(shop, cid, ANGRY + ", call me on +44 20 7946 0958", client="b",
                 now=now + timedelta(seconds=2))  # fmt: skip
    assert said.verified
    rate_conversation(shop, cid, 1)
    rows = _chat_rows(shop.sibling())  # a fresh reading: the chat is in
    assert [c for c, _ in rows] == ["c1", "c1"]  # verified: the conversation is Ann's
    texts = [t for _, t in rows]
    assert texts[0] == "where is my order 10234?" and texts[1].startswith(ANGRY)
    assert "7946" not in texts[1] and "[phone]" in texts[1]  # masked as stored
    summary = feedback_summary(shop.sibling())
    assert summary.by_kind == {"chat": 2, "review": 1} and summary.by_channel["chat"] == 2
    shipping = {t.name: t for t in feedback_themes(shop.sibling())}["shipping"]
    assert shipping.mentions == 1 and shipping.negative_share == 1.0
    a = analyse(shop.sibling())
    angry = [i for i in range(len(a.corpus)) if a.corpus.text[i].startswith(ANGRY)]
    assert a.score[angry[0]] < 0 and a.corpus.csat[angry[0]] == 1
    from regulars.services.feedback.profile import customer_feedback_themes

    ann = {t["theme"]: t for t in customer_feedback_themes(shop, "c1")}
    assert ann["shipping"]["texts"] == 1 and ann["shipping"]["sentiment"] < 0
