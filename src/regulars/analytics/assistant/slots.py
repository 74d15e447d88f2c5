"""Slots a customer mentions (order number, email, postcode, product), remembered across turns."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_ORDER = re.compile(
    r"(?:#|\border\s*(?:no\.?|number|nr\.?)?\s*#?\s*)([A-Za-z]{0,3}-?\d{3,12})\b", re.I
)
_POSTCODE = re.compile(
    r"\b([A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|\d{5}(?:-\d{4})?|\d{4}\s?[A-Z]{2})\b", re.I
)


@dataclass(frozen=True)
class Slots:
    order_id: str | None = None
    email: str | None = None
    postcode: str | None = None
    product_id: str | None = None

    def merge(self, newer: Slots) -> Slots:
        """These slots, updated with any the newer turn filled."""
        filled = {k: v for k, v in newer.__dict__.items() if v is not None}
        return replace(self, **filled)


def extract(text: str, products: dict[str, str] | None = None) -> Slots:
    """Slots in one message; ``products`` maps a lower-case product name to its id."""
    email = _EMAIL.search(text)
    rest = _EMAIL.sub(" ", text)
    order = _ORDER.search(rest)
    rest2 = rest[: order.start()] + " " + rest[order.end() :] if order else rest
    postcode = _POSTCODE.search(rest2)
    product = None
    lowered = text.lower()
    for name, pid in sorted((products or {}).items(), key=lambda kv: -len(kv[0])):
        if name and re.search(rf"\b{re.escape(name)}\b", lowered):
            product = pid
            break
    return Slots(
        order_id=order.group(1).upper() if order else None,
        email=email.group(0).lower() if email else None,
        postcode=postcode.group(1).upper().replace(" ", "") if postcode else None,
        product_id=product,
    )
