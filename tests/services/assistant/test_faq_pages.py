"""A shop's help page in Markdown or HTML becomes the FAQ the assistant quotes: each answer links
to its heading's anchor on the page; re-importing the page adds nothing; a bad page imports
nothing."""

from __future__ import annotations

import pytest

from regulars.analytics.feedback import embedding
from regulars.errors import InputError
from regulars.services.assistant import import_faq, reply

HELP_MD = """# Help

## Delivery

### How long does delivery take?
Parcels leave within one working day; delivery takes 2 to 4 days and costs 4.90 EUR.

### Can I return an item? {#returns}
Send items back within 30 days for a full refund.
"""
HELP_HTML = """<html><head><link rel="canonical" href="https://shop.example/hours"></head>
<body><h2 id="open">When are you open?</h2>
<p>The shop at Market Street 5 is open Monday to Saturday from 9 to 18.</p></body></html>"""


@pytest.fixture
def pages(tmp_path):
    if not embedding.available():
        pytest.skip("wordllama is not installed")
    (tmp_path / "help.md").write_text(HELP_MD, encoding="utf-8")
    (tmp_path / "hours.html").write_text(HELP_HTML, encoding="utf-8")
    return tmp_path


def _faq(ws) -> list[dict]:
    return ws.store.to_arrow(ws.store.table("faq_entries").order_by("question")).to_pylist()


def test_help_pages_become_the_faq_the_assistant_quotes_with_links(workspace, pages):
    done = import_faq(workspace, pages / "help.md", page_url="https://shop.example/help")
    assert done.counts["faq_entries"].created == 2
    assert import_faq(workspace, pages / "hours.html").counts["faq_entries"].created == 1
    again = import_faq(workspace, pages / "help.md", page_url="https://shop.example/help")
    assert again.counts["faq_entries"].created == 0 and again.counts["faq_entries"].updated == 0
    rows = {r["question"]: r for r in _faq(workspace)}
    assert rows["Can I return an item?"]["url"] == "https://shop.example/help#returns"
    assert rows["Can I return an item?"]["tags"] == "Delivery"
    said = reply(workspace, None, "how long does delivery take?")
    assert "2 to 4 days" in said.text and not said.handover
    assert said.sources[0] == "https://shop.example/help#how-long-does-delivery-take"
    hours = reply(workspace, None, "what are your opening hours?")
    assert "Monday to Saturday" in hours.text
    assert hours.sources[0] == "https://shop.example/hours#open"


def test_a_bad_page_imports_nothing_and_names_the_line(workspace, pages):
    import_faq(workspace, pages / "hours.html")
    bad = pages / "bad.md"
    bad.write_text("## Fine?\nYes.\n\n## Empty?\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_faq(workspace, bad)
    assert [(p.line, p.column) for p in caught.value.problems] == [(4, "answer")]
    assert [r["question"] for r in _faq(workspace)] == ["When are you open?"]
