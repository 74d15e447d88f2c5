"""One person, several ids: customers sharing a normalised email or phone are suggested for
merging; a merge points every row of the merged ids at the kept one (``store.merges``), so history
and predictions follow and an erasure of the kept id covers them all.

The merged ids are kept as aliases of the kept one (``store.aliases``): a later import of an old
file that still names a merged id lands on the kept customer (``services.aliases``), and erasing
the kept customer suppresses every merged id too.
"""

from __future__ import annotations

from dataclasses import dataclass

import ibis

from regulars.errors import InputError, NotFoundError
from regulars.services import cache
from regulars.services.cache import cached
from regulars.services.workspace import Workspace
from regulars.store.merges import merge_customers as _merge


@dataclass(frozen=True, slots=True)
class MergeSuggestion:
    """Customers that look like one person: why (the shared email or phone), and the ids, the one
    to keep (most orders, then earliest id) first, each with a name to show."""

    reason: str
    keep: str
    merge: tuple[str, ...]
    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class CustomerMerge:
    """What a merge did: the kept id, the merged ids, rows re-pointed per table."""

    kept: str
    merged: tuple[str, ...]
    rows: dict[str, int]


@cached
def suggested_merges(ws: Workspace, limit: int = 200) -> tuple[MergeSuggestion, ...]:
    """Groups of customers with the same normalised email, or the same phone digits."""
    c = ws.store.table("customers")
    o = ws.store.table("orders")
    counts = o.group_by("customer_id").aggregate(n_orders=o.count())
    c = c.left_join(counts, "customer_id").select(
        "customer_id", "email", "phone", "first_name", "last_name",
        n_orders=ibis.coalesce(counts.n_orders, 0),
    )  # fmt: skip
    c = c.mutate(
        email_key=c.email.strip().lower(),
        phone_key=c.phone.re_replace(r"[^0-9]", ""),
    )
    rows = ws.store.to_arrow(c).to_pylist()
    found: list[MergeSuggestion] = []
    seen: set[frozenset] = set()
    for field, label in (("email_key", "same email"), ("phone_key", "same phone")):
        groups: dict[str, list[dict]] = {}
        for row in rows:
            key = row[field]
            if key and (field != "phone_key" or len(key) >= 6):
                groups.setdefault(key, []).append(row)
        for key, members in sorted(groups.items()):
            ids = frozenset(m["customer_id"] for m in members)
            if len(ids) > 1 and ids not in seen:
                seen.add(ids)
                found.append(_suggestion(f"{label}: {key}", members))
    return tuple(found[:limit])


def _suggestion(reason: str, members: list[dict]) -> MergeSuggestion:
    ordered = sorted(members, key=lambda m: (-m["n_orders"], m["customer_id"]))
    return MergeSuggestion(
        reason,
        ordered[0]["customer_id"],
        tuple(m["customer_id"] for m in ordered[1:]),
        tuple(display_name(m) for m in ordered),
    )


def display_name(row: dict) -> str:
    """A person's name, else their email, else their phone, else their id."""
    name = " ".join(p for p in (row.get("first_name"), row.get("last_name")) if p)
    return name or row.get("email") or row.get("phone") or row["customer_id"]


def merge_customers(ws: Workspace, keep: str, others: list[str] | tuple[str, ...]) -> CustomerMerge:
    """Merge ``others`` into ``keep`` (all must exist; ``keep`` not among them)."""
    others = tuple(dict.fromkeys(o for o in others if o))
    if not others:
        raise InputError("name at least one customer id to merge into the kept one")
    if keep in others:
        raise InputError(f"{keep} cannot be merged into itself")
    known = set(ws.store.key_values("customers", "customer_id").to_pylist())
    missing = [i for i in (keep, *others) if i not in known]
    if missing:
        raise NotFoundError(f"no customer {', '.join(missing)}")
    rows = _merge(ws.store, keep, list(others))
    cache.clear()
    return CustomerMerge(keep, others, rows)
