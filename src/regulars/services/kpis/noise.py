"""Sampling noise, the one rule for every KPI verdict: a "needs attention" label and an alert rest
on enough observations and on a change larger than chance would make.

A share of a sample (conversion, win, open rate ...) is binomial; a count (orders, new customers)
is Poisson; other KPIs (money, durations, scores) have no sampling model here and are judged on
their change alone. A share or count resting on fewer than ``MIN_SAMPLE`` observations is never
judged; alerts skip any period resting on fewer.
"""

from __future__ import annotations

from regulars.analytics.anomalies import LABEL_Z, within_noise
from regulars.services.kpis.definition import Kpi

#: Fewer answers, orders or deals than this in a period and its value is not judged at all.
MIN_SAMPLE = 10


def noise_kind(kpi: Kpi) -> str | None:
    """ "share" (binomial), "count" (Poisson) or None (no sampling model)."""
    if kpi.unit == "percent" and kpi.sample is not None:
        return "share"
    if kpi.unit == "count" and kpi.volume:
        return "count"
    return None


def too_few(kpi: Kpi, n: int | None) -> bool:
    return kpi.sample is not None and n is not None and n < MIN_SAMPLE


def is_noise(
    kpi: Kpi,
    value: float,
    n: int | None,
    base: float,
    base_n: int | None = None,
    z: float = LABEL_Z,
    sampled: bool = True,
) -> bool:
    """Whether the difference from ``base`` is within sampling noise (or rests on too few).

    ``sampled``: the base is another period's value (noisy too), not a target or benchmark."""
    kind = noise_kind(kpi)
    if kind is not None and (too_few(kpi, n) or too_few(kpi, base_n)):
        return True
    if kind == "share" and not (0 <= value <= 1 and 0 <= base <= 1):
        return False
    if kind == "count":
        base_n = 1 if sampled else None  # a count is its own sample: only whether base is one
    return within_noise(kind, value, n, base, base_n if sampled else None, z)


def rests_on(kpi: Kpi, n: int | None, base_n: int | None = None) -> str:
    """'5 closed deals against 3' / '1,204 orders' ('' when the KPI has no sample)."""
    if kpi.sample is None or n is None:
        return ""
    against = "" if base_n is None else f" against {base_n:,}"
    return f"{n:,} {_noun(kpi.sample_noun, n)}{against}"


def _noun(plural: str, n: int) -> str:
    """'closed deals' -> 'closed deal', 'emails delivered' -> 'email delivered' for one."""
    if n != 1:
        return plural
    words = plural.split()
    at = len(words) - 1 if words[-1].endswith("s") else 0
    words[at] = words[at].removesuffix("s")
    return " ".join(words)
