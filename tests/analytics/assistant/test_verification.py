"""Verification before order status: the number plus that order's email or postcode; attempts
limited; a miss never tells which part was wrong."""

from __future__ import annotations

from regulars.analytics.assistant.verification import MAX_ATTEMPTS, verify

ORDER = {"email": "ann@example.com", "postcode": "SW1A 1AA"}


def test_email_or_postcode_of_that_order_verifies():
    assert verify(ORDER, "Ann@Example.com", None, 0).verified
    assert verify(ORDER, None, "sw1a1aa", 0).verified


def test_another_customers_email_or_a_missing_order_fail_alike():
    wrong = verify(ORDER, "bob@example.com", None, 0)
    missing = verify(None, "ann@example.com", None, 0)
    assert not wrong.verified and not missing.verified
    assert wrong.explanation == missing.explanation


def test_attempts_are_limited_even_with_the_right_details():
    assert verify(ORDER, "bob@example.com", None, MAX_ATTEMPTS - 1).attempts_left == 0
    assert not verify(ORDER, "ann@example.com", None, MAX_ATTEMPTS).verified
