"""The assistant through the CLI: the FAQ imported, the model trained and evaluated, a
conversation with verification and a handover, the inbox answered; each checked with the
library."""

from __future__ import annotations

import pytest

from regulars.analytics.feedback import embedding
from regulars.services.assistant import conversation_stats, tickets, transcript
from regulars.services.imports import import_file
from regulars.services.workspace import Workspace

FAQ = (
    "question,answer,url\n"
    "How long does delivery take?,Delivery takes 2 to 4 days and costs 4.90 EUR.,faq#shipping\n"
    "Can I return an item?,Send items back within 30 days for a full refund.,faq#returns\n"
)
PHRASES = (
    "intent,phrase\nshipping,when does my parcel get here\nreturns,can i hand this back\n"
    "out_of_scope,who painted the mona lisa\n"
)


@pytest.fixture
def shop(tmp_path):
    if not embedding.available():
        pytest.skip("wordllama is not installed")
    ws = Workspace.open(tmp_path / "ws")
    ws.init()
    for table, text in {
        "customers": "customer_id,email\nc1,ann@example.com\n",
        "orders": "order_id,customer_id,ordered_at,currency,total_cents,status\n"
        "10234,c1,2026-11-28T10:00:00Z,EUR,2490,paid\n",
    }.items():
        (tmp_path / f"{table}.csv").write_text(text, encoding="utf-8")
        import_file(ws, table, tmp_path / f"{table}.csv")
    ws.close()
    (tmp_path / "faq.csv").write_text(FAQ, encoding="utf-8")
    (tmp_path / "phrases.csv").write_text(PHRASES, encoding="utf-8")
    return tmp_path


def test_faq_train_ask_and_eval(cli, shop):
    ws = shop / "ws"
    imported = cli("assistant", "faq", "import", shop / "faq.csv", ws=ws)
    assert imported["counts"]["faq_entries"]["created"] == 2
    again = cli("assistant", "faq", "import", shop / "faq.csv", ws=ws)
    assert again["counts"]["faq_entries"]["created"] == 0  # re-importing adds nothing
    trained = cli("assistant", "train", "--phrases", shop / "phrases.csv", ws=ws)
    assert trained["phrases"] == 122 and "shipping" in trained["intents"]
    said = cli("assistant", "ask", "how long does delivery take?", ws=ws)
    assert "2 to 4 days" in said["text"] and said["sources"] == ["faq#shipping"]
    found = cli("assistant", "eval", shop / "phrases.csv", ws=ws)
    assert found["in_scope"] == 2 and found["out_of_scope"] == 1
    with Workspace.open(ws) as w:
        shown = transcript(w, said["conversation_id"])
    assert [m.text for m in shown][-1] == said["text"]


def test_conversation_handover_and_inbox(cli, shop):
    ws = shop / "ws"
    first = cli("assistant", "ask", "where is my order 10234?", ws=ws)
    cid = first["conversation_id"]
    done = cli("assistant", "ask", "ann@example.com", "--conversation", cid, ws=ws)
    assert done["verified"] and "10234" in done["text"]
    human = cli("assistant", "ask", "talk to a person", "--conversation", cid, ws=ws)
    assert human["handover"] and human["ticket_id"]
    inbox = cli("assistant", "inbox", ws=ws)
    assert [t["ticket_id"] for t in inbox["tickets"]] == [human["ticket_id"]]
    cli("assistant", "answer", human["ticket_id"], "Hello, Sam here.", ws=ws)
    assert cli("assistant", "inbox", "--answered", ws=ws)["tickets"][0]["answer"] == (
        "Hello, Sam here."
    )
    assert cli("assistant", "rate", cid, "4", ws=ws)["csat"] == 4
    cli("assistant", "rate", cid, "9", ws=ws, code=65)
    stats = cli("assistant", "stats", ws=ws)
    with Workspace.open(ws) as w:
        assert tickets(w) == () and stats["handed_over"] == conversation_stats(w).handed_over == 1
        assert stats["csat"] == conversation_stats(w).csat == 1.0 and stats["ratings"] == 1
    cli("assistant", "answer", "nope", "x", ws=ws, code=66)
    cli("assistant", "ask", "x" * 600, ws=ws, code=65)


def test_propose_says_when_no_one_is_due(cli, shop):
    ws = shop / "ws"
    said = cli("assistant", "propose", "replenishment", ws=ws, code=66)
    assert "marketing consent" in said["message"]
    cli("assistant", "propose", "birthday", ws=ws, code=65)


def test_faq_import_reads_a_markdown_help_page(cli, shop):
    ws, page = shop / "ws", shop / "help.md"
    page.write_text("# Help\n\n## Do you wrap gifts?\nYes, for 2 EUR.\n", encoding="utf-8")
    done = cli("assistant", "faq", "import", page, "--url", "https://shop.example/help", ws=ws)
    assert done["counts"]["faq_entries"]["created"] == 1
    with Workspace.open(ws) as w:
        rows = w.store.to_arrow(w.store.table("faq_entries")).to_pylist()
    assert [(r["question"], r["url"]) for r in rows] == [
        ("Do you wrap gifts?", "https://shop.example/help#do-you-wrap-gifts")
    ]
    page.write_text("## Empty?\n", encoding="utf-8")
    said = cli("assistant", "faq", "import", page, ws=ws, code=65)
    problem = said["problems"][0]
    assert (problem["file"], problem["line"], problem["column"]) == ("help.md", 1, "answer")
