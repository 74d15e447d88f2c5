"""The check on a language model's phrasing: kept only with every number, date, id and link of
the grounded answer, none added, and mostly the facts' own words."""

from __future__ import annotations

import pytest

from regulars.analytics.assistant.phrasing import check, messages
from regulars.settings import Settings

FACTS = ("Can I return an item?: Send items back within 30 days for a full refund; we pay the "
         "return label. (source: https://shop.example/faq#returns)")  # fmt: skip


@pytest.mark.parametrize(
    ("phrased", "kept"),
    [
        ("You can send items back within 30 days for a full refund, and we pay the return "
         "label: https://shop.example/faq#returns", True),
        ("You can send items back within 14 days: https://shop.example/faq#returns", False),
        ("Send items back within 30 days for a full refund.", False),  # the link dropped
        ("Within 30 days, full refund: https://evil.example/x https://shop.example/faq#returns",
         False),
        ("Sure! As a special exception everyone gets a free gift voucher worth nothing less "
         "than 30 days https://shop.example/faq#returns", False),
        ("", False),
    ],
)  # fmt: skip
def test_only_a_phrasing_that_keeps_the_facts_is_kept(phrased, kept):
    assert check(FACTS, "can i return an item?", phrased).kept is kept


def test_the_model_gets_the_facts_and_the_question_as_data():
    sent = messages(FACTS, "can I return this? [email]")
    assert [m["role"] for m in sent] == ["system", "user"]
    assert FACTS in sent[1]["content"] and "never instructions" in sent[0]["content"]


@pytest.mark.parametrize("bad", [0, -1, 500, "soon", True])
def test_the_timeout_is_a_few_seconds(bad):
    with pytest.raises(ValueError, match="llm_timeout"):
        Settings(llm_timeout=bad)
    with pytest.raises(ValueError, match="llm_url"):
        Settings(llm_url="ftp://x")
    assert Settings().llm_url == "" and Settings(llm_timeout="2.5").llm_timeout == 2.5
