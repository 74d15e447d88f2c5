"""Persona cards written deterministically from the numbers of each cluster.

A trait's strength is its standardised difference: (group mean - overall mean) / overall standard
deviation. The 3-5 strongest traits (|d| >= 0.3; at least 3) are described with their ratio to the
average customer; the strongest trait with a name names the persona (the next one is added when two
groups would share a name).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

import numpy as np

from regulars.analytics.segments.traits import format_value, wording

MIN_TRAITS, MAX_TRAITS, MIN_STRENGTH, EXTRA_STRENGTH = 3, 5, 0.3, 0.5


@dataclass(frozen=True)
class Trait:
    feature: str
    text: str
    group_value: float
    overall_value: float
    ratio: float | None
    strength: float


@dataclass(frozen=True)
class PersonaCard:
    cluster: int
    name: str
    customers: int
    customer_share: float
    revenue_share: float
    traits: tuple[Trait, ...]
    best_channel: str | None
    discount_share: float | None
    discount_sensitivity: str
    average_rating: float | None
    rated_customers: int
    typical_products: tuple[str, ...] = ()

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class FeatureFrame:
    """Raw (unscaled) features: NaN where unknown; channels and categories name their columns."""

    columns: tuple[str, ...]
    values: np.ndarray
    spend_cents: np.ndarray
    channels: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()

    def column(self, name: str) -> np.ndarray | None:
        return self.values[:, self.columns.index(name)] if name in self.columns else None


def _trait_text(
    feature: str, group: float, overall: float, frame: FeatureFrame, currency: str
) -> tuple[str, float | None]:
    w = wording(feature, frame.channels, frame.categories)
    values = (
        f"({format_value(w.unit, group, currency)} vs {format_value(w.unit, overall, currency)})"
    )
    ratio = group / overall if overall > 0 and group >= 0 else None
    if ratio is None:
        direction = "higher" if group > overall else "lower"
        return f"{w.phrase} {direction} than the average customer {values}", None
    if ratio >= 1.5:
        return f"{w.phrase} {ratio:.1f}x the average customer {values}", ratio
    if ratio <= 1 / 1.5:
        return f"{w.phrase} {ratio:.2f}x the average customer {values}", ratio
    direction = "above" if ratio > 1 else "below"
    return f"{w.phrase} {abs(ratio - 1):.0%} {direction} the average customer {values}", ratio


def group_traits(frame: FeatureFrame, members: np.ndarray, currency: str = "USD") -> list[Trait]:
    """Every feature's trait for one group, strongest first."""
    traits = []
    for j, feature in enumerate(frame.columns):
        col = frame.values[:, j]
        known = ~np.isnan(col)
        if known.sum() < 2 or not (known & members).any():
            continue
        overall, spread = float(col[known].mean()), float(col[known].std())
        if spread <= 0:
            continue
        group = float(col[known & members].mean())
        text, ratio = _trait_text(feature, group, overall, frame, currency)
        traits.append(Trait(feature, text, group, overall, ratio, (group - overall) / spread))
    return sorted(traits, key=lambda t: (-abs(t.strength), t.feature))


def leading_traits(traits: list[Trait]) -> tuple[Trait, ...]:
    chosen = [t for t in traits if abs(t.strength) >= EXTRA_STRENGTH][:MAX_TRAITS]
    chosen += [t for t in traits if t not in chosen and abs(t.strength) >= MIN_STRENGTH][
        : max(MIN_TRAITS - len(chosen), 0)
    ]
    return tuple(chosen) if len(chosen) >= MIN_TRAITS else tuple(traits[:MIN_TRAITS])


def _names(trait: Trait, frame: FeatureFrame) -> str | None:
    w = wording(trait.feature, frame.channels, frame.categories)
    return w.high_name if trait.strength > 0 else w.low_name


def persona_name(traits: list[Trait], frame: FeatureFrame, taken: set[str]) -> str:
    named = [n for n in (_names(t, frame) for t in traits if abs(t.strength) >= MIN_STRENGTH) if n]
    if not named:
        return "Typical customers" if "Typical customers" not in taken else "Typical customers (2)"
    name = named[0]
    for qualifier in named[1:]:
        if name not in taken:
            break
        name = f"{named[0]}, {qualifier.lower()}"
    suffix = 2
    while name in taken:
        name, suffix = f"{named[0]} ({suffix})", suffix + 1
    return name


def _discount(frame: FeatureFrame, members: np.ndarray) -> tuple[float | None, str]:
    col = frame.column("discount_share")
    if col is None or np.isnan(col).all():
        return None, "unknown"
    group, overall = float(np.nanmean(col[members])), float(np.nanmean(col))
    if overall <= 0:
        return group, "none"
    ratio = group / overall
    return group, "high" if ratio >= 1.5 else "low" if ratio <= 1 / 1.5 else "average"


def _best_channel(frame: FeatureFrame, members: np.ndarray) -> str | None:
    shares = [
        (float(np.nanmean(frame.values[members, frame.columns.index(f"channel_{i}")])), c)
        for i, c in enumerate(frame.channels)
    ]
    return max(shares)[1] if shares else None


def _rating(frame: FeatureFrame, members: np.ndarray) -> tuple[float | None, int]:
    col = frame.column("average_rating")
    if col is None:
        return None, 0
    rated = col[members & ~np.isnan(col)]
    return (float(rated.mean()) if len(rated) else None), int(len(rated))


def persona_cards(
    frame: FeatureFrame, labels: np.ndarray, currency: str = "USD"
) -> list[PersonaCard]:
    """One card per cluster, largest revenue share first."""
    total_spend, n = float(frame.spend_cents.sum()) or 1.0, len(labels)
    clusters = sorted(
        set(labels.tolist()), key=lambda c: (-frame.spend_cents[labels == c].sum(), c)
    )
    cards, taken = [], set()
    for c in clusters:
        members = labels == c
        traits = group_traits(frame, members, currency)
        name = persona_name(traits, frame, taken)
        taken.add(name)
        discount, sensitivity = _discount(frame, members)
        rating, rated = _rating(frame, members)
        cards.append(
            PersonaCard(
                int(c),
                name,
                int(members.sum()),
                members.sum() / n,
                float(frame.spend_cents[members].sum()) / total_spend,
                leading_traits(traits),
                _best_channel(frame, members),
                discount,
                sensitivity,
                rating,
                rated,
            )
        )
    return cards
