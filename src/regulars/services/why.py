""" "Why am I seeing this?": in plain words a shop can show its customer, why they are in an
audience (and so receive its messages and offers), from the audience's rule, the customer's values
of the fields it tests and their marketing consent (when and from where it was recorded)."""

from __future__ import annotations

from dataclasses import dataclass

from regulars.services.workspace import Workspace

_OPS = {
    "=": "is",
    "!=": "is not",
    ">": "is more than",
    ">=": "is at least",
    "<": "is less than",
    "<=": "is at most",
    "in": "is one of",
    "not in": "is none of",
}


@dataclass(frozen=True, slots=True)
class AudienceReason:
    audience: str
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class WhyAnswer:
    """Why the shop reaches this customer: each audience they are in and why, in words."""

    customer_id: str
    consent: str
    audiences: tuple[AudienceReason, ...]
    explanation: str


def condition_words(condition) -> str:
    from regulars.services.segments.audiences import FIELDS

    label = FIELDS.get(condition.field, ("", condition.field))[1]
    value = condition.value
    shown = ", ".join(map(str, value)) if isinstance(value, tuple) else str(value)
    return f"your {label} {_OPS.get(condition.op, condition.op)} {shown}"


def _consent_words(ws: Workspace, customer_id: str) -> tuple[bool, str]:
    from regulars.services.customers import latest_consents

    found = latest_consents(ws, customer_id).get("marketing")
    if not found or not found["granted"]:
        return False, "You have not agreed to hear from the shop, so it sends you nothing."
    when = str(found["recorded_at"])[:10]
    source = f" ({found['source']})" if found.get("source") else ""
    return True, f"You agreed to hear from the shop on {when}{source}."


def why(ws: Workspace, customer_id: str) -> WhyAnswer:
    """Why the customer sees the shop's messages: their audiences and their consent, in words."""
    from regulars.services.customers import customer_profile
    from regulars.services.segments.audiences import audience_members, list_audiences
    from regulars.services.segments.rules import parse_rule

    customer_profile(ws, customer_id)  # a clear error for an unknown customer
    consents, consent = _consent_words(ws, customer_id)
    found = []
    for audience in list_audiences(ws, count=False) if consents else ():
        members = audience_members(ws, audience.rule)
        members = members.filter(members.customer_id == customer_id)
        if ws.store.to_arrow(members.aggregate(n=members.count()))["n"][0].as_py():
            words = tuple(condition_words(c) for c in parse_rule(audience.rule))
            found.append(AudienceReason(audience.name, words))
    return WhyAnswer(customer_id, consent, tuple(found), _explanation(consent, found))


def audience_reason(name: str, rule: str) -> str:
    """Why every member of the audience is in it, in words (an export's ``why`` column)."""
    from regulars.services.segments.rules import parse_rule

    words = " and ".join(condition_words(c) for c in parse_rule(rule))
    return f"You are in the shop's list {name!r} because {words}, and you agreed to hear from it."


def _explanation(consent: str, found: list[AudienceReason]) -> str:
    if not found:
        return f"{consent} You are in none of the shop's mailing lists."
    lists = "; ".join(f"{a.audience!r}, because {' and '.join(a.reasons)}" for a in found)
    return f"{consent} You are in the shop's list {lists}."
