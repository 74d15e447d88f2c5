"""What a stored transcript keeps: the words with personal data masked (emails, phones, cards,
street addresses by the feedback masking; postcodes as the slots find them)."""

from __future__ import annotations

from regulars.analytics.assistant.slots import _EMAIL, _ORDER, _POSTCODE
from regulars.analytics.feedback.privacy import mask_pii


def mask(text: str) -> str:
    """``text`` with personal data replaced by ``[email]``, ``[phone]``, ``[card]``,
    ``[address]`` and ``[postcode]``; order numbers are kept (they identify no one alone)."""
    orders = [m.span(1) for m in _ORDER.finditer(text)]
    out, last = [], 0
    for m in _POSTCODE.finditer(_EMAIL.sub(lambda e: " " * len(e.group(0)), text)):
        if any(a <= m.start(1) < b for a, b in orders):
            continue
        out += [text[last : m.start(1)], "[postcode]"]
        last = m.end(1)
    return mask_pii("".join(out) + text[last:]) or ""
