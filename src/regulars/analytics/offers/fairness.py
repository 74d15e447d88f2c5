"""The fairness audit of an offer plan (or a price list), run before any approval: per group of
each audited attribute (region or postcode area as a proxy, segment, new against returning) the
offer rate, the mean discount and the mean price paid, and the disparity ratio (lowest group over
highest). A ratio under 0.8 (the four-fifths rule of the US EEOC's Uniform Guidelines, 29 CFR
1607.4(D)) is flagged. Groups under ``MIN_GROUP`` customers are reported but not judged."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

FOUR_FIFTHS = 0.8
MIN_GROUP = 30


@dataclass(frozen=True)
class GroupRow:
    attribute: str
    group: str
    customers: int
    offer_rate: float
    mean_discount: float
    mean_price_paid: float | None


@dataclass(frozen=True)
class Disparity:
    attribute: str
    measure: str
    ratio: float | None
    lowest: str | None
    highest: str | None
    flagged: bool


@dataclass(frozen=True)
class FairnessAudit:
    rows: tuple[GroupRow, ...]
    disparities: tuple[Disparity, ...]
    fair: bool
    explanation: str


def _rows(attr, values, offered, discount, paid) -> list[GroupRow]:
    out = []
    for g in np.unique(values):
        m = values == g
        price = None if paid is None else float(np.nanmean(paid[m]))
        out.append(GroupRow(attr, str(g), int(m.sum()), float(offered[m].mean()),
                            float(discount[m].mean()), price))  # fmt: skip
    return out


def _ratio(attr, rows, measure) -> Disparity:
    judged = [r for r in rows if r.customers >= MIN_GROUP and getattr(r, measure) is not None]
    if len(judged) < 2:
        return Disparity(attr, measure, None, None, None, False)
    lo = min(judged, key=lambda r: getattr(r, measure))
    hi = max(judged, key=lambda r: getattr(r, measure))
    top = getattr(hi, measure)
    ratio = 1.0 if top == 0 else getattr(lo, measure) / top
    return Disparity(attr, measure, float(ratio), lo.group, hi.group, ratio < FOUR_FIFTHS)


def audit_fairness(attributes: dict[str, np.ndarray], offered, discount, paid=None,
                   explained_by: str | None = None) -> FairnessAudit:  # fmt: skip
    """``attributes``: name -> each customer's group; ``offered``: 0/1; ``discount``: share given;
    ``paid``: the price each paid (or NaN). ``explained_by`` names the attribute the plan itself
    targets (e.g. the segment), whose disparity is the plan working, said so, not a proxy."""
    offered, discount = np.asarray(offered, float), np.asarray(discount, float)
    paid = None if paid is None else np.asarray(paid, float)
    rows, disparities = [], []
    for attr, values in attributes.items():
        r = _rows(attr, np.asarray(values).astype(str), offered, discount, paid)
        rows += r
        measures = ("offer_rate", "mean_discount") + (("mean_price_paid",) if paid is not None
                                                       else ())  # fmt: skip
        disparities += [_ratio(attr, r, m) for m in measures]
    flags = [d for d in disparities if d.flagged and d.attribute != explained_by]
    return FairnessAudit(
        tuple(rows), tuple(disparities), not flags, _verdict(flags, disparities, explained_by)
    )


def _verdict(flags, disparities, explained_by) -> str:
    targeted = [d for d in disparities if d.flagged and d.attribute == explained_by]
    note = f" Differences by {explained_by} are the plan's own targeting." if targeted else ""
    if not flags:
        return "No group of any audited attribute gets under four fifths of another's offers, " \
               "discounts or prices." + note  # fmt: skip
    worst = min(flags, key=lambda d: d.ratio)
    names = sorted({f"{d.attribute} ({d.measure.replace('_', ' ')})" for d in flags})
    return (
        f"Check before approving: {', '.join(names)} differ by more than the four-fifths "
        f"rule; worst, {worst.lowest} gets {worst.ratio:.0%} of {worst.highest}'s "
        f"{worst.measure.replace('_', ' ')}. A postcode or region gap can stand in for a "
        f"protected attribute." + note
    )
