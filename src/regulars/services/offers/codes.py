"""The discount codes of an offer campaign: one per customer, derived from the proposal and the
customer (so running it again writes the same codes), for customers who consent to marketing and
have an email address when it runs."""

from __future__ import annotations

import hashlib

import pyarrow as pa

from regulars.services.consent import with_consent
from regulars.services.workspace import Workspace

COLUMNS = ("email", "customer_id", "offer", "code")


def discount_code(proposal_id: str, customer_id: str, offer: str) -> str:
    digest = hashlib.blake2b(f"{proposal_id}:{customer_id}".encode(), digest_size=5).hexdigest()
    return f"{offer.upper().replace('_', '')}-{digest.upper()}"


def code_rows(ws: Workspace, proposal_id: str, offers: dict[str, str]) -> tuple[pa.Table, int]:
    c = ws.store.table("customers")
    c = c.filter(c.customer_id.isin(sorted(offers)) & c.email.notnull() & (c.email != ""))
    ok = ws.store.to_arrow(with_consent(ws, c.select("customer_id", "email"), "marketing"))
    pairs = sorted(zip(ok["customer_id"].to_pylist(), ok["email"].to_pylist(), strict=True))
    rows = {k: [] for k in COLUMNS}
    for cid, email in pairs:
        rows["email"].append(email)
        rows["customer_id"].append(cid)
        rows["offer"].append(offers[cid])
        rows["code"].append(discount_code(proposal_id, cid, offers[cid]))
    return pa.table({k: pa.array(v, pa.string()) for k, v in rows.items()}), len(offers) - len(
        pairs
    )
