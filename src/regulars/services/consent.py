"""Consent per purpose (analytics, personalization, marketing): the one rule every capability that
reaches a person applies. The latest record per customer and purpose wins; a refusal recorded at the
same moment as a grant wins over it (then the smaller consent id, so the answer never depends on
the database's row order). No record is no consent."""

from __future__ import annotations

import ibis

from regulars.errors import InputError
from regulars.schema import CONSENT_PURPOSES
from regulars.services.workspace import Workspace

#: Consent records oldest first: the last record of a purpose is the one in force.
OLDEST_FIRST = ("recorded_at", ibis.desc("granted"), ibis.desc("consent_id"))
_LATEST_FIRST = (ibis.desc("recorded_at"), "granted", "consent_id")


def check_purpose(purpose: str) -> str:
    if purpose not in CONSENT_PURPOSES:
        raise InputError(
            f"unknown consent purpose {purpose!r}; use one of: {', '.join(CONSENT_PURPOSES)}"
        )
    return purpose


def consenting(ws: Workspace, purpose: str) -> ibis.Table:
    """The ids (``customer_id``) of customers whose latest consent for ``purpose`` is a grant."""
    c = ws.store.table("consents")
    c = c.filter((c.purpose == check_purpose(purpose)) & c.customer_id.notnull())
    c = c.mutate(rn=ibis.row_number().over(group_by="customer_id", order_by=list(_LATEST_FIRST)))
    return c.filter((c.rn == 0) & c.granted).select("customer_id")


def with_consent(ws: Workspace, people: ibis.Table, purpose: str) -> ibis.Table:
    """The rows of ``people`` (a table with ``customer_id``) whose customer consents to
    ``purpose``."""
    return people.semi_join(consenting(ws, purpose), "customer_id")


def consents_mask(ws: Workspace, customer_ids, purpose: str):
    """For rows already read (``customer_ids``, an Arrow array), which consent to ``purpose``:
    the ids of ``consenting`` fetched in one small query, so the rows' own query stays as it is
    (an audience export reads its members and this, not a join compiled into its query)."""
    import pyarrow.compute as pc

    ids = ws.store.to_arrow(consenting(ws, purpose))["customer_id"]
    return pc.fill_null(pc.is_in(customer_ids, value_set=ids), False)
