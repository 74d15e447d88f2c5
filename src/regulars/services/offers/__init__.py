"""Offer campaigns: which offer each marketable customer gets (Thompson sampling per coarse group,
a permanent holdout, caps, a margin floor), the fairness audit of the plan, off-policy evaluation
on logged offers, and the plan proposed for the owner's approval (its discount codes are written
by ``services.actions`` when it runs, to the customers who still consent then)."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from regulars.analytics.offers import (
    OFFERS,
    Caps,
    FairnessAudit,
    OfferBandit,
    PolicyValue,
    audit_fairness,
    evaluate_policy,
)
from regulars.analytics.offers.bandit import in_holdout
from regulars.errors import InputError
from regulars.offer_tables import LOG_COLUMNS
from regulars.services import proposals
from regulars.services.offers.customers import Customers, audit_attributes, load_customers
from regulars.services.offers.holdout import logged_rows
from regulars.services.workspace import Workspace

OFFER_CAMPAIGN = "offer_campaign"
KEYS = tuple(o.key for o in OFFERS)


@dataclass(frozen=True)
class GroupPlan:
    group: str
    customers: int
    offers: dict[str, int]
    best: str


@dataclass(frozen=True)
class OfferPlan:
    customers: int
    held_out: int
    offered: int
    discount_cents: int
    groups: tuple[GroupPlan, ...]
    assignments: dict[str, str]
    audit: FairnessAudit
    explanation: str


def _bandit(c: Customers, log: list[dict] | None) -> tuple[OfferBandit, np.ndarray]:
    groups = tuple(sorted(set(c.group)))
    codes = np.searchsorted(np.asarray(groups), c.group)
    bandit = OfferBandit(groups)
    if log:
        g, a, r, _ = _log_arrays(c, groups, log)
        bandit.fit(g, a, r > 0)
    return bandit, codes


def _log_arrays(c: Customers, groups, log: list[dict]):
    index = {cid: i for i, cid in enumerate(c.customer_id)}
    g, a, r, mu = [], [], [], []
    for n, row in enumerate(log, start=1):
        cid, offer = str(row.get("customer_id", "")), str(row.get("offer", ""))
        if cid not in index:
            continue  # a customer since erased or merged away
        if offer not in KEYS:
            raise InputError(f"offer log line {n}: offer {offer!r} is not one of {', '.join(KEYS)}")
        g.append(groups.index(c.group[index[cid]]))
        a.append(KEYS.index(offer))
        r.append(float(row.get("margin_cents") or 0) / 100)
        mu.append(float(row.get("propensity") or 0))
    return np.array(g, int), np.array(a, int), np.array(r), np.array(mu)


def offer_plan(ws: Workspace, log: list[dict] | None = None, *, holdout: float = 0.10,
               budget_cents: int | None = None, per_customer_cents: int | None = None,
               margin_floor_cents: int = 0, seed: int = 0) -> OfferPlan:  # fmt: skip
    """The offer for each marketable customer now (the holdout and capped get none), learned
    from ``log`` (an offer log's rows) or else from the ``offer_log`` table."""
    c = load_customers(ws)
    if not len(c.customer_id):
        raise InputError("no customers with orders: import orders first")
    log = logged_rows(ws) if log is None else log
    bandit, codes = _bandit(c, log)
    caps = Caps(holdout, margin_floor_cents, budget_cents, per_customer_cents)
    hold = in_holdout(c.customer_id, holdout) | ~c.marketable
    chosen = bandit.choose(codes, np.random.default_rng(seed), caps, hold)
    cost = bandit.offer_cost_cents()[chosen]
    offered = (chosen > 0).astype(float)
    share = np.array([o.discount for o in OFFERS])[chosen]
    audit = audit_fairness(audit_attributes(c), offered, share, explained_by="segment")
    best = bandit.best_offers()
    groups = tuple(
        GroupPlan(str(g), int((codes == i).sum()), _counts(chosen[codes == i]), best[g])
        for i, g in enumerate(bandit.groups)
    )
    assignments = {str(cid): KEYS[k] for cid, k in zip(c.customer_id, chosen, strict=True)
                   if k > 0}  # fmt: skip
    held = int((in_holdout(c.customer_id, holdout) & c.marketable).sum())
    words = (f"{len(assignments)} of {int(c.marketable.sum())} marketable customers get an "
             f"offer, {held} are held out to measure what offers add; discounts up to "
             f"{int(cost.sum()) / 100:.2f} if all are used; {_learned(log)}. "
             f"{audit.explanation}")  # fmt: skip
    return OfferPlan(len(c.customer_id), held, len(assignments), int(cost.sum()), groups,
                     assignments, audit, words)  # fmt: skip


def _learned(log: list[dict] | None) -> str:
    if not log:
        return "no offer logged yet, so every offer is tried alike until responses come in"
    return f"learned from {len(log)} logged offers"


def _counts(chosen: np.ndarray) -> dict[str, int]:
    return {KEYS[k]: int((chosen == k).sum()) for k in range(len(KEYS)) if (chosen == k).any()}


def evaluate_log(ws: Workspace, log: list[dict], seed: int = 0) -> PolicyValue:
    """Would the bandit's policy (each group's best offer) have beaten the logged one?"""
    c = load_customers(ws)
    groups = tuple(sorted(set(c.group)))
    g, a, r, mu = _log_arrays(c, groups, log)
    if len(r) < 2:
        raise InputError("the offer log names fewer than 2 known customers")
    if np.any(mu <= 0) or np.any(mu > 1):
        raise InputError("every logged offer needs a propensity between 0 and 1 (exclusive of 0)")
    bandit = OfferBandit(groups).fit(g, a, r > 0)
    target = np.zeros((len(groups), len(KEYS)))
    best = bandit.best_offers()
    for i, grp in enumerate(groups):
        target[i, KEYS.index(best[grp])] = 1.0
    return evaluate_policy(g, a, r, mu, target, seed=seed)


def propose_offer_campaign(ws: Workspace, proposed_by: str, plan: OfferPlan, *,
                           proposer_kind: str = "person") -> proposals.Proposal:  # fmt: skip
    """Queue the plan; nothing is written until the owner approves and it runs."""
    if not plan.assignments:
        raise InputError("the plan offers nothing to anyone; nothing to propose")
    audit = {"fair": plan.audit.fair, "verdict": plan.audit.explanation,
             "disparities": [d.__dict__ for d in plan.audit.disparities]}  # fmt: skip
    ids = tuple(sorted(plan.assignments))
    return proposals.propose(
        ws, OFFER_CAMPAIGN, f"Offers to {len(ids)} customers",
        {"offers": dict(sorted(plan.assignments.items())), "fairness_audit": audit,
         "held_out": plan.held_out},
        (len(ids), ids), plan.explanation,
        proposals.Effect(None, missing="measured afterwards against the holdout"),
        "orders, segments and marketing consent, checked again when it runs",
        proposed_by, proposer_kind=proposer_kind,
    )  # fmt: skip


def read_offer_log(path) -> list[dict]:
    """An offer log CSV: customer_id, offer (one of KEYS), propensity (the chance the logging
    policy gave that offer), margin_cents (the margin of what they bought after it; 0: nothing)."""
    import csv
    from pathlib import Path

    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    with p.open(newline="", encoding="utf-8-sig") as f:
        reader = csv.DictReader(f)
        missing = [c for c in LOG_COLUMNS if c not in (reader.fieldnames or ())]
        if missing:
            raise InputError(
                f"{p}: line 1: no column {missing[0]!r} (needs {', '.join(LOG_COLUMNS)})"
            )
        rows = list(reader)
    for n, row in enumerate(rows, start=2):
        for col in ("propensity", "margin_cents"):
            try:
                float(row[col] or 0)
            except ValueError:
                raise InputError(
                    f"{p}: line {n}, column {col}: {row[col]!r} is not a number"
                ) from None
    return rows
