"""Order status only after verification: the order number plus that order's email or postcode,
with a limited number of attempts per conversation. A failed check never says which part was
wrong, so it cannot be used to learn another customer's details."""

from __future__ import annotations

from dataclasses import dataclass

MAX_ATTEMPTS = 3


@dataclass(frozen=True)
class Check:
    verified: bool
    attempts_left: int
    explanation: str


def _norm(value: str | None) -> str:
    return "".join((value or "").lower().split())


def verify(
    order: dict | None, email: str | None, postcode: str | None, attempts_used: int
) -> Check:
    """Whether the customer holds the order: ``order`` is its row (``email``, ``postcode``) or
    None when no such order exists; the answer is the same in both failing cases."""
    left = MAX_ATTEMPTS - attempts_used
    if left <= 0:
        return Check(False, 0, "Too many attempts: a person from the shop will help instead.")
    ok = order is not None and (
        (email is not None and _norm(email) == _norm(order.get("email")))
        or (postcode is not None and _norm(postcode) == _norm(order.get("postcode")))
    )
    if ok:
        return Check(True, left, "The order number and its email or postcode match.")
    return Check(
        False,
        left - 1,
        "That order number and email or postcode do not match an order "
        f"({left - 1} attempts left).",
    )
