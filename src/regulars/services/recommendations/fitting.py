"""Fit: backtest every model per placement on several cut-offs, choose, and precompute the lists
of the chosen models fitted on all the data; save both in the workspace."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from regulars.analytics.recommendations import PLACEMENTS, PlacementChoice, Split, backtest
from regulars.errors import InputError, NotFoundError
from regulars.results import plain
from regulars.services.recommendations import data, saved
from regulars.services.recommendations.lists import precompute
from regulars.services.recommendations.rules import Catalogue
from regulars.services.workspace import Workspace

CUTOFFS, TEST_DAYS, K = 3, 28, 10
EPOCH = dt.date(1970, 1, 1)


@dataclass(frozen=True)
class FitReport:
    fitted_at: str
    k: int
    test_days: int
    cutoffs: tuple[str, ...]
    customers: int  # consenting customers with purchases (personal lists)
    products: int
    placements: tuple[PlacementChoice, ...]
    chosen: dict[str, str]
    explanation: str
    saved_to: str


def day_label(day: float) -> str:
    return (EPOCH + dt.timedelta(days=int(np.floor(day)))).isoformat()


def fit_recommendations(ws: Workspace, k: int = K, cutoffs: int = CUTOFFS,
                        test_days: int = TEST_DAYS) -> FitReport:  # fmt: skip
    """Backtest, choose per placement, precompute and save."""
    if not 1 <= k <= 20 or not 1 <= cutoffs <= 12 or not 7 <= test_days <= 180:
        raise InputError("k must be 1 to 20, cut-offs 1 to 12 and test days 7 to 180")
    end = data.last_day(ws)
    if end is None:
        raise NotFoundError("no sales with products yet: import orders with their line items")
    products = data.products(ws).to_pydict()
    catalogue = Catalogue.of(products, saved.load_rules(ws))
    days = [end - test_days * i for i in range(cutoffs, 0, -1)]
    splits = [_split(ws, day, test_days, catalogue.ids) for day in days]
    choices = tuple(backtest(splits, name, k) for name in PLACEMENTS)
    chosen = {c.placement: c.chosen for c in choices}
    full = data.interactions(data.summaries(ws), end, catalogue.ids)
    lists = precompute(full, chosen, catalogue, _popular(ws, catalogue))
    fitted_at = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    labels = tuple(day_label(d) for d in days)
    explanation = " ".join(c.explanation for c in choices)
    document = {"fitted_at": fitted_at, "k": k, "test_days": test_days, "cutoffs": labels,
                "placements": plain(choices), "chosen": chosen,
                "explanation": explanation, **lists}  # fmt: skip
    where = saved.save_lists(ws, document)
    return FitReport(fitted_at, k, test_days, labels, len(lists["customers"]),
                     len(catalogue.ids), choices, chosen, explanation, where)  # fmt: skip


def _split(ws: Workspace, day: float, test_days: int, items) -> Split:
    train = data.interactions(data.summaries(ws, before=day), day, items)
    after = data.bought_between(ws, day, day + test_days).to_pydict()
    return Split.of(day_label(day), train, after["customer_id"], after["product_id"])


def _popular(ws: Workspace, catalogue: Catalogue) -> list[tuple[int, str]]:
    counts = data.buyers(ws).to_pydict()
    position = {p: i for i, p in enumerate(catalogue.ids)}
    ranked = [(position[p], n) for p, n in zip(counts["product_id"], counts["buyers"])
              if p in position]  # fmt: skip
    rest = [i for i in range(len(catalogue.ids)) if i not in {j for j, _ in ranked}]
    out = [(i, f"a bestseller: {n} customers bought it") for i, n in ranked]
    return out + [(i, "in the shop's catalogue") for i in rest]
