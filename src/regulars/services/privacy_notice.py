"""A privacy notice generated from what each consent purpose uses: for each purpose, the
capabilities that need it (``Capability.reaches``; every analysis needs ``analytics``), the data
they read (the tables with their personal columns, ``schema.TABLES``), and what happens without
it."""

from __future__ import annotations

from dataclasses import dataclass

from regulars.schema import CONSENT_PURPOSES, TABLES

#: What each purpose is for, in words a customer reads.
PURPOSE_WORDS = {
    "analytics": "to understand how customers buy (segments, lifetime value, forecasts)",
    "personalization": "to tailor what the shop shows you (recommendations, personas)",
    "marketing": "to send you the shop's messages and offers (audience exports)",
}
_WITHOUT = {
    "analytics": "your orders still count in the shop's totals, never named",
    "personalization": "you see what every customer sees",
    "marketing": "you are left out of every list the shop sends to, checked again at sending",
}


@dataclass(frozen=True, slots=True)
class PurposeNotice:
    purpose: str
    used_for: str
    used_by: tuple[str, ...]
    data: tuple[str, ...]
    without_consent: str


@dataclass(frozen=True, slots=True)
class PrivacyNotice:
    purposes: tuple[PurposeNotice, ...]
    personal_data: tuple[str, ...]
    rights: tuple[str, ...]
    text: str


def privacy_notice() -> PrivacyNotice:
    from regulars.services.capabilities import all_capabilities

    capabilities = all_capabilities()
    personal = tuple(
        f"{t.name}: {', '.join(t.personal_columns)}" for t in TABLES if t.personal_columns
    )
    purposes = []
    for purpose in CONSENT_PURPOSES:
        users = [c.title for c in capabilities if purpose in c.reaches]
        if purpose == "analytics":
            users = [c.title for c in capabilities if c.profile or c.highlights] + users
        data = tuple(t.name for t in TABLES if t.customer_column)
        purposes.append(
            PurposeNotice(
                purpose,
                PURPOSE_WORDS[purpose],
                tuple(dict.fromkeys(users)),
                data,
                _WITHOUT[purpose],
            )
        )
    rights = (
        "See everything the shop holds about you, derived values too (an access request).",
        "Have it erased: no trace is left; your orders stay in totals under no name.",
        "Withdraw any consent at any time; it holds from then on, whatever file comes later.",
        "Ask why you see a message: the shop can tell you in plain words.",
    )
    return PrivacyNotice(tuple(purposes), personal, rights, _text(purposes, rights))


def _text(purposes: list[PurposeNotice], rights: tuple[str, ...]) -> str:
    lines = ["How this shop uses your data"]
    for p in purposes:
        used = ", ".join(p.used_by) or "nothing yet"
        lines.append(
            f"- {p.purpose}: {p.used_for}. Used by: {used}. Without your consent: "
            f"{p.without_consent}."
        )
    lines.append("Your rights:")
    lines += [f"- {r}" for r in rights]
    return "\n".join(lines)
