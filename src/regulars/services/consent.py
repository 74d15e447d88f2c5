"""Consent per purpose (analytics, personalization, marketing): the one rule every capability that
reaches a person applies. The latest record per customer and purpose wins; a refusal recorded at the
same moment as a grant wins over it. No record is no consent.

The rule is one aggregation per customer (their latest record, and their latest refusal), not a
window over every record: a customer consents when they have a record and no refusal as late as
their latest record. Its SQL is compiled once per purpose and kept (``Store.compiled``), so the
check an export makes costs one small query."""

from __future__ import annotations

import functools

import ibis

from regulars.errors import InputError
from regulars.schema import CONSENT_PURPOSES
from regulars.services.workspace import Workspace
from regulars.store.connection import Store

#: Consent records oldest first: the last record of a purpose is the one in force.
OLDEST_FIRST = ("recorded_at", ibis.desc("granted"), ibis.desc("consent_id"))


def check_purpose(purpose: str) -> str:
    if purpose not in CONSENT_PURPOSES:
        raise InputError(
            f"unknown consent purpose {purpose!r}; use one of: {', '.join(CONSENT_PURPOSES)}"
        )
    return purpose


def consenting(ws: Workspace, purpose: str) -> ibis.Table:
    """The ids (``customer_id``) of customers whose latest consent for ``purpose`` is a grant."""
    return _consenting(ws.store, check_purpose(purpose))


def _consenting(store: Store, purpose: str) -> ibis.Table:
    c = store.table("consents")
    c = c.filter((c.purpose == purpose) & c.customer_id.notnull())
    last = c.group_by("customer_id").aggregate(
        latest=c.recorded_at.max(), refused=c.recorded_at.max(where=~c.granted)
    )
    return last.filter(last.refused.isnull() | (last.refused < last.latest)).select("customer_id")


def with_consent(ws: Workspace, people: ibis.Table, purpose: str) -> ibis.Table:
    """The rows of ``people`` (a table with ``customer_id``) whose customer consents to
    ``purpose``."""
    return people.semi_join(consenting(ws, purpose), "customer_id")


def consents_mask(ws: Workspace, customer_ids, purpose: str):
    """For rows already read (``customer_ids``, an Arrow array), which consent to ``purpose``:
    the ids of ``consenting`` fetched in one small query, so the rows' own query stays as it is
    (an audience export reads its members and this, not a join compiled into its query)."""
    import pyarrow.compute as pc

    build = functools.partial(_consenting, purpose=check_purpose(purpose))
    ids = ws.store.compiled(f"consenting_{purpose}", build)["customer_id"]
    return pc.fill_null(pc.is_in(customer_ids, value_set=ids), False)
