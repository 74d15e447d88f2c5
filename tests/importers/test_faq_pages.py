"""FAQ and policy pages in Markdown and HTML read as question/answer records: headings are the
questions, the text under them the answers, each linked to its anchor on the page; bad pages are
named by file, line and field."""

from __future__ import annotations

import pytest

from regulars.errors import InputError
from regulars.importers.pages import read_page

MARKDOWN = """---
title: Help
url: https://shop.example/help
---
# Help centre

Everything about your order.

## Shipping

### How long does delivery take?

Parcels leave within **one working day**; delivery takes 2 to 4 days
and costs 4.90 EUR. See [our carriers](https://shop.example/carriers).

### Do you ship abroad? {#abroad}

- Yes, to the EU
- and the UK

```
## not a heading
```

Returns and refunds
-------------------

Send items back within 30 days. [Click](javascript:alert(1))

***
"""

HTML = """<!doctype html><html><head><title>FAQ</title>
<link rel="canonical" href="https://shop.example/faq">
<script>var x = "<h2>not a question</h2>";</script></head>
<body><nav><h2>Menu</h2><a href="/">Home</a></nav>
<h1>FAQ</h1>
<h2 id="shipping">How long does delivery take?</h2>
<p>Delivery takes 2 to 4 days and costs 4.90&nbsp;EUR.
See <a href="https://shop.example/c">carriers</a>.</p>
<h2><a name="returns"></a>Can I re<b>turn</b> an item?</h2>
<ul><li>Within 30 days.</li><li>Unworn.</li></ul>
<details id="gift"><summary>Do you wrap gifts?</summary><p>Yes, for 2 EUR.</p></details>
<footer><h3>Contact</h3>Shop Ltd</footer>
</body></html>
"""


def _read(tmp_path, name, text, url=None):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    table, lines = read_page(path, url)
    return [(n, r) for n, r in zip(lines.to_pylist(), table.to_pylist(), strict=True)]


def test_markdown_headings_are_questions_linked_to_their_anchors(tmp_path):
    rows = _read(tmp_path, "help.md", MARKDOWN)
    assert [(n, r["question"]) for n, r in rows] == [
        (11, "How long does delivery take?"), (16, "Do you ship abroad?"),
        (25, "Returns and refunds"),
    ]  # fmt: skip
    delivery, abroad, returns = (r for _, r in rows)
    assert delivery["answer"] == (
        "Parcels leave within one working day; delivery takes 2 to 4 days and costs 4.90 EUR. "
        "See our carriers (https://shop.example/carriers)."
    )
    assert delivery["url"] == "https://shop.example/help#how-long-does-delivery-take"
    assert delivery["tags"] == "Shipping" and returns["tags"] is None  # a heading of headings
    assert abroad["url"] == "https://shop.example/help#abroad"  # {#id} wins
    assert abroad["answer"] == "Yes, to the EU and the UK ## not a heading"  # code is text
    assert returns["answer"] == "Send items back within 30 days. Click"  # no javascript: link


def test_the_url_given_wins_and_repeated_headings_get_numbered_anchors(tmp_path):
    text = "## Fees\nShipping is 4.90.\n## Fees\nReturns are free.\n"
    rows = _read(tmp_path, "fees.md", text, "https://x.example/p#old")
    assert [r["url"] for _, r in rows] == ["https://x.example/p#fees", "https://x.example/p#fees-1"]
    bare = _read(tmp_path, "fees.md", text)
    assert bare[0][1]["url"] == "fees.md#fees"  # no address known: the file's name


def test_html_headings_and_details_are_questions_scripts_and_navigation_are_not(tmp_path):
    rows = _read(tmp_path, "faq.html", HTML)
    assert [(n, r["question"]) for n, r in rows] == [
        (6, "How long does delivery take?"), (9, "Can I return an item?"),
        (11, "Do you wrap gifts?"),
    ]  # fmt: skip
    delivery, returns, gift = (r for _, r in rows)
    assert delivery["answer"] == (
        "Delivery takes 2 to 4 days and costs 4.90 EUR. See carriers (https://shop.example/c)."
    )
    assert returns["answer"] == "Within 30 days. Unworn."
    assert [r["url"] for _, r in rows] == [
        "https://shop.example/faq#shipping", "https://shop.example/faq#returns",
        "https://shop.example/faq#gift",
    ]  # fmt: skip
    assert gift["answer"] == "Yes, for 2 EUR." and "Shop Ltd" not in gift["answer"]


def test_a_question_without_an_answer_is_named_by_file_line_and_field(tmp_path):
    with pytest.raises(InputError, match="2 questions without an answer") as caught:
        _read(tmp_path, "bad.md", "# Help\n\n## Returns\n\n## Hours\n\n## Open?\nNine to six.\n")
    assert [(p.file, p.line, p.column, p.value) for p in caught.value.problems] == [
        ("bad.md", 3, "answer", "Returns"), ("bad.md", 5, "answer", "Hours"),
    ]  # fmt: skip
    with pytest.raises(InputError, match="bad.html: 1 questions") as caught:
        _read(tmp_path, "bad.html", "<h2>Fine</h2><p>Yes.</p>\n\n<h2 id=x>Empty</h2>")
    assert caught.value.problems[0].line == 3


def test_a_page_without_headings_or_not_utf8_is_refused_with_its_line(tmp_path):
    with pytest.raises(InputError, match="plain.md: no headings found"):
        _read(tmp_path, "plain.md", "Just some text.\n")
    path = tmp_path / "latin.md"
    path.write_bytes(b"## Ca\n\xe9t\xe9")
    with pytest.raises(InputError, match="latin.md: line 2 is not UTF-8"):
        read_page(path)
