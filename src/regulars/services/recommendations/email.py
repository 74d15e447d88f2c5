"""Recommendation emails: a wide table (one row per customer who consents to marketing, with
product_1, product_1_name, reason_1 ... for Mailchimp or Klaviyo merge fields), proposed through
the approval queue; ``services.actions`` writes it once the owner approves. Who is in it is
decided again when it runs, by today's consent."""

from __future__ import annotations

from dataclasses import asdict, dataclass

import pyarrow as pa

from regulars.services import proposals
from regulars.services.consent import consenting
from regulars.services.recommendations.serving import check, fitted, recommendations_for
from regulars.services.workspace import Workspace

ACTION = "recommendation_email"


@dataclass(frozen=True)
class EmailExport:
    file: str
    rows_exported: int
    excluded_no_consent: int  # customers with an email but no marketing consent
    k: int
    proposal_id: str

    def to_dict(self) -> dict:
        return asdict(self)


def left_out(ws: Workspace, exported: int) -> int:
    c = ws.store.table("customers")
    with_email = ws.store.to_arrow(c.filter(c.email.notnull()).count().as_table()).column(0)[0]
    return int(with_email.as_py()) - exported


def _reachable(ws: Workspace) -> list[tuple[str, str, str | None]]:
    c = ws.store.table("customers")
    c = c.filter(c.email.notnull()).semi_join(consenting(ws, "marketing"), "customer_id")
    rows = ws.store.to_arrow(c.select("customer_id", "email", "first_name").order_by("customer_id"))
    d = rows.to_pydict()
    return list(zip(d["customer_id"], d["email"], d["first_name"]))


def email_rows(ws: Workspace, k: int = 3) -> pa.Table:
    """customer_id, email, first_name, then product_i, product_i_name, reason_i for i = 1..k."""
    check("email", k)
    fitted(ws)
    columns: dict[str, list] = {"customer_id": [], "email": [], "first_name": []}
    for i in range(1, k + 1):
        columns.update({f"product_{i}": [], f"product_{i}_name": [], f"reason_{i}": []})
    for cid, email, first in _reachable(ws):
        items = recommendations_for.uncached(ws, cid, k, "email").items
        columns["customer_id"].append(cid)
        columns["email"].append(email)
        columns["first_name"].append(first)
        for i in range(1, k + 1):
            item = items[i - 1] if i <= len(items) else None
            columns[f"product_{i}"].append(item.product_id if item else None)
            columns[f"product_{i}_name"].append(item.name if item else None)
            columns[f"reason_{i}"].append(item.reason if item else None)
    return pa.table({name: pa.array(v, pa.string()) for name, v in columns.items()})


def propose_recommendation_email(ws: Workspace, proposed_by: str, k: int = 3,
                                 to: str | None = None) -> proposals.Proposal:  # fmt: skip
    """Queue the email export for the owner's approval; the backtest's lift is its effect."""
    check("email", k)
    document = fitted(ws)
    choice = next(p for p in document["placements"] if p["placement"] == "email")
    people = _reachable(ws)
    best = next(s for s in choice["scores"] if s["model"] == choice["chosen"])
    if choice["chosen"] == "popularity":
        effect = proposals.Effect(None, missing="no model beat bestsellers in the backtest")
    else:
        effect = proposals.Effect(
            f"MAP@{choice['k']} {best['map']:.3f} against bestsellers' lift {best['lift']:+.3f} "
            "in the backtest", best["lift_low"], best["lift_high"])  # fmt: skip
    return proposals.propose(
        ws, ACTION, f"Email {k} recommended products to each customer ({choice['chosen']})",
        {"k": k, "to": to}, (len(people), tuple(p[0] for p in people[:5])),
        choice["explanation"], effect,
        "orders and line items of customers consenting to personalisation; marketing consent, "
        "checked again when it runs", proposed_by, proposer_kind="model",
    )  # fmt: skip
