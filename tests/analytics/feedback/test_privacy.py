"""Personal data in free text is masked before display, export and scoring."""

from __future__ import annotations

from regulars.analytics.feedback.privacy import mask_pii


def test_emails_phones_cards_and_addresses_are_masked():
    text = ("Write to jane.doe+shop@example.co.uk or call +44 20 7946 0958; card 4111 1111 1111 "
            "1111 was charged twice. Deliver to 221 Baker Street please.")  # fmt: skip
    out = mask_pii(text)
    assert "[email]" in out and "example" not in out
    assert "[phone]" in out and "7946" not in out
    assert "[card]" in out and "4111" not in out
    assert "[address]" in out and "Baker" not in out


def test_a_number_that_fails_luhn_is_not_called_a_card():
    out = mask_pii("Order 1234 5678 9012 3456 arrived.")
    assert "[card]" not in out


def test_names_are_masked_whole_words_only():
    out = mask_pii("Anna said hi to Annabel.", names=("Anna",))
    assert out == "[name] said hi to Annabel."


def test_nothing_to_mask():
    assert mask_pii("Lovely beans, 5 stars.") == "Lovely beans, 5 stars."
    assert mask_pii(None) is None and mask_pii("") == ""
