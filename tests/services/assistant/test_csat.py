"""CSAT after chat: the customer's latest rating of a conversation counts, a later turn never
undoes it, and CSAT is the share of rated chats rated 4 or 5 (counted here from the raw rows);
an older workspace gains the rating columns when opened."""

from __future__ import annotations

import pytest

from regulars.errors import InputError, NotFoundError
from regulars.services.assistant import conversation_stats, rate_conversation, reply
from regulars.services.workspace import Workspace


def _raw(ws) -> list[int]:
    rows = ws.store.execute('SELECT csat FROM "_chat_conversations" WHERE csat IS NOT NULL')
    return sorted(r[0] for r in rows)


def test_csat_is_the_share_of_chats_rated_four_or_five(shop):
    assert conversation_stats(shop).ratings == 0
    ids = [reply(shop, None, "how long does delivery take?", client=f"v{i}").conversation_id
           for i in range(4)]  # fmt: skip
    assert "No customer has rated a chat yet" in conversation_stats(shop).explanation
    for cid, score in zip(ids, (5, 4, 1, 3), strict=True):
        rate_conversation(shop, cid, score)
    rate_conversation(shop, ids[3], 2)  # the latest rating counts
    reply(shop, ids[0], "can I return an item?", client="v0")  # a later turn keeps it
    raw = _raw(shop)
    s = conversation_stats(shop)
    assert raw == [1, 2, 4, 5] and s.ratings == len(raw)
    assert s.csat == sum(r >= 4 for r in raw) / len(raw) == 0.5
    assert s.average_rating == sum(raw) / len(raw) and s.rating_counts == (1, 1, 0, 1, 1)
    assert "CSAT 50%: 4 chats rated" in s.explanation


@pytest.mark.parametrize("score", [0, 6, 3.5, True, "5"])
def test_a_rating_off_the_scale_or_of_no_chat_is_refused(shop, score):
    cid = reply(shop, None, "hello").conversation_id
    with pytest.raises(InputError, match="1 to 5"):
        rate_conversation(shop, cid, score)
    with pytest.raises(NotFoundError):
        rate_conversation(shop, "ab" * 16, 3)
    assert _raw(shop) == []


def test_an_older_workspace_gains_the_rating_columns(tmp_path):
    ws = Workspace.open(tmp_path / "ws")
    ws.init()
    ws.store.execute('ALTER TABLE "_chat_conversations" DROP COLUMN csat')
    ws.store.execute('ALTER TABLE "_chat_conversations" DROP COLUMN rated_at')
    ws.close()
    with Workspace.open(tmp_path / "ws") as again:
        again.init()
        assert {"csat", "rated_at"} <= again.store.columns_by_table()["_chat_conversations"]


def test_the_report_shows_csat_once_a_chat_is_rated(shop):
    from regulars.report.html import render_report

    cid = reply(shop, None, "how long does delivery take?").conversation_id
    assert 'id="assistant-csat"' not in render_report(shop, highlights=[])
    rate_conversation(shop, cid, 5)
    html = render_report(shop, highlights=[])
    assert "CSAT after chat 100% of 1 rated chats" in html and "1 to 5: 0, 0, 0, 0, 1" in html
