"""The starter taxonomy of themes and keyword matching. Each theme is a few word stems matched
at word boundaries, case-insensitively; a text may carry several themes. Owners' extra keywords
add to a theme's stems."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Theme:
    name: str
    title: str
    stems: tuple[str, ...]  # regex fragments, each matched as \b(stem)\w*\b or exactly

    def pattern(self) -> re.Pattern:
        return re.compile(r"\b(?:" + "|".join(self.stems) + r")", re.IGNORECASE)


STARTER = (
    Theme(
        "shipping",
        "Shipping and delivery",
        (
            r"ship",
            r"deliver",
            r"arriv",
            r"late\b",
            r"tracking",
            r"courier",
            r"parcel",
            r"dispatch",
            r"postage",
            r"never came",
            r"lost in the post",
        ),
    ),
    Theme(
        "price",
        "Price and value",
        (r"price", r"pricey", r"expensive", r"cheap", r"cost", r"worth", r"value", r"overpriced"),
    ),
    Theme(
        "quality",
        "Product quality",
        (
            r"quality",
            r"broke",
            r"defect",
            r"faulty",
            r"wobbl",
            r"uneven",
            r"grinder",
            r"burr",
            r"noisy",
            r"stopped working",
        ),
    ),
    Theme(
        "taste",
        "Taste and freshness",
        (r"tast", r"flavou?r", r"bitter", r"sweet", r"fresh", r"stale", r"roast", r"cup\b"),
    ),
    Theme(
        "packaging",
        "Packaging",
        (r"packag", r"bag\b", r"box\b", r"torn", r"reseal", r"valve", r"spill", r"compostable"),
    ),
    Theme(
        "service",
        "Customer service",
        (
            r"service",
            r"support",
            r"rude",
            r"helpful",
            r"reply",
            r"replied",
            r"answer",
            r"write twice",
            r"had to write",
            r"reached out",
        ),
    ),
    Theme(
        "website",
        "Website, account and checkout",
        (
            r"website",
            r"checkout",
            r"log ?in",
            r"account",
            r"online",
            r"subscription",
            r"cancel",
            r"pause",
            r"skip",
            r"plan\b",
        ),
    ),
    Theme("returns", "Returns and refunds", (r"refund", r"return", r"money back", r"exchange")),
    Theme("sizing", "Sizing", (r"size", r"too small", r"too big", r"fit\b", r"fits\b")),
    Theme("staff", "Staff", (r"staff", r"barista", r"cashier", r"waiter", r"employee")),
)


def with_keywords(themes: tuple[Theme, ...], extra: dict[str, list[str]]) -> tuple[Theme, ...]:
    """``themes`` with each owner's keyword (plain words, escaped) added to its theme."""
    out = []
    for t in themes:
        words = tuple(re.escape(w.strip()) for w in extra.get(t.name, []) if w.strip())
        out.append(Theme(t.name, t.title, t.stems + words))
    return tuple(out)


def match(texts: list[str], themes: tuple[Theme, ...] = STARTER) -> np.ndarray:
    """A (texts x themes) boolean matrix: which themes each text mentions."""
    patterns = [t.pattern() for t in themes]
    out = np.zeros((len(texts), len(themes)), dtype=bool)
    seen: dict[str, np.ndarray] = {}
    for i, text in enumerate(texts):
        if not text:
            continue
        row = seen.get(text)
        if row is None:
            row = seen[text] = np.array([p.search(text) is not None for p in patterns])
        out[i] = row
    return out
