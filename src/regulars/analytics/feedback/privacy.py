"""Masking of personal data in free text: emails, phone numbers, card numbers (Luhn-checked) and
street addresses become placeholders before a text is stored for display, exported or scored."""

from __future__ import annotations

import re

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
CARD = re.compile(r"\b(?:\d[ -]?){12,18}\d\b")
PHONE = re.compile(r"(?<![\w])\+?\d[\d ().-]{7,}\d\b")
STREET = re.compile(
    r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s+){1,3}"
    r"(?:Street|St|Road|Rd|Avenue|Ave|Lane|Ln|Drive|Dr|Boulevard|Blvd|Way|Court|Ct|Place|Pl)\b\.?"
)


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _card(match: re.Match) -> str:
    digits = re.sub(r"\D", "", match.group(0))
    return "[card]" if _luhn(digits) else match.group(0)


def mask_pii(text: str | None, names: tuple[str, ...] = ()) -> str | None:
    """``text`` with emails, card numbers, phone numbers, street addresses and the given names
    replaced by ``[email]``, ``[card]``, ``[phone]``, ``[address]`` and ``[name]``."""
    if not text:
        return text
    out = EMAIL.sub("[email]", text)
    out = CARD.sub(_card, out)
    out = PHONE.sub("[phone]", out)
    out = STREET.sub("[address]", out)
    for name in names:
        if name and len(name) > 1:
            out = re.sub(rf"\b{re.escape(name)}\b", "[name]", out, flags=re.IGNORECASE)
    return out
