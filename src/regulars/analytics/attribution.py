"""Multi-touch attribution: who gets the credit for a conversion, under six models side by side.

Input is a set of customer journeys as flat arrays (one entry per touch): the journey each touch
belongs to, its channel (a campaign index, ``0 .. n_channels - 1``) and how many days before the
journey's end (the conversion, or the last touch) it happened; per journey, whether it converted
and the conversion's value. Every rule-based model splits each conversion's one unit of credit
(and its value) among the journey's touches, so each model's credits sum to the number of
converting journeys:

* ``first-touch`` / ``last-touch``: all credit to the earliest / latest touch;
* ``linear``: equal shares;
* ``time-decay``: weights ``2^(-days_before / half_life)`` (half-life 7 days by default);
* ``position-based``: 40% first, 40% last, 20% spread over the middle (one touch: all; two: half
each);
* ``markov``: data-driven. A first-order Markov chain over channels (states start, channels,
  conversion, null; consecutive repeats of a channel collapsed) is fitted on converting and
  non-converting journeys; the removal effect of a channel is ``1 - P(conversion without it) /
  P(conversion)``; conversions are shared in proportion to the removal effects.

Attribution describes who was touched before buying; it is not causation. Pure: numpy only.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from regulars.vocabulary import ATTRIBUTION_MODELS as MODELS


@dataclass(frozen=True)
class Journeys:
    """Touches as arrays (any order); ``converted`` and ``value`` are per journey."""

    journey: np.ndarray
    channel: np.ndarray
    days_before: np.ndarray
    converted: np.ndarray
    value: np.ndarray

    @classmethod
    def from_paths(
        cls, paths: list[list[int]], converted: list[bool], values: list[float] | None = None
    ) -> Journeys:
        """Journeys from ordered channel paths (earliest first), one day apart (handy in tests)."""
        journey = (
            np.concatenate([np.full(len(p), i) for i, p in enumerate(paths)])
            if paths
            else np.zeros(0, int)
        )
        channel = np.concatenate([np.asarray(p, int) for p in paths]) if paths else np.zeros(0, int)
        days = (
            np.concatenate([np.arange(len(p) - 1, -1, -1, dtype=float) for p in paths])
            if paths
            else np.zeros(0)
        )
        conv = np.asarray(converted, bool)
        value = np.asarray(values if values is not None else conv.astype(float), float)
        return cls(journey.astype(int), channel.astype(int), days, conv, value)

    def ordered(self) -> Journeys:
        """Touches sorted by journey, earliest (most days before) first."""
        order = np.lexsort((-self.days_before, self.journey))
        return Journeys(
            self.journey[order],
            self.channel[order],
            self.days_before[order],
            self.converted,
            self.value,
        )


@dataclass(frozen=True)
class Credit:
    model: str
    conversions: np.ndarray  # per channel, sums to the converting journeys
    value: np.ndarray  # per channel, sums to their value


@dataclass(frozen=True)
class MarkovResult:
    conversion_probability: float
    removal_effects: np.ndarray
    credit: Credit


def _spread(j: Journeys, weights: np.ndarray, n_channels: int, model: str) -> Credit:
    """Normalise ``weights`` within each converting journey and add them up per channel."""
    live = j.converted[j.journey] & (weights > 0)
    totals = np.bincount(j.journey[live], weights[live], minlength=len(j.converted))
    share = np.where(live, weights / np.where(totals[j.journey] > 0, totals[j.journey], 1.0), 0.0)
    conversions = np.bincount(j.channel, share, minlength=n_channels)
    value = np.bincount(j.channel, share * j.value[j.journey], minlength=n_channels)
    return Credit(model, conversions[:n_channels], value[:n_channels])


def _positions(j: Journeys) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per touch (in ``ordered`` order): position in its journey, journey length, is-last."""
    starts = np.r_[0, np.flatnonzero(np.diff(j.journey)) + 1]
    lengths = np.diff(np.r_[starts, len(j.journey)])
    length = np.repeat(lengths, lengths)
    position = np.arange(len(j.journey)) - np.repeat(starts, lengths)
    return position, length, position == length - 1


def first_touch(journeys: Journeys, n_channels: int) -> Credit:
    j = journeys.ordered()
    position, _, _ = _positions(j)
    return _spread(j, (position == 0).astype(float), n_channels, "first-touch")


def last_touch(journeys: Journeys, n_channels: int) -> Credit:
    j = journeys.ordered()
    _, _, last = _positions(j)
    return _spread(j, last.astype(float), n_channels, "last-touch")


def linear(journeys: Journeys, n_channels: int) -> Credit:
    j = journeys.ordered()
    return _spread(j, np.ones(len(j.journey)), n_channels, "linear")


def time_decay(journeys: Journeys, n_channels: int, half_life_days: float = 7.0) -> Credit:
    j = journeys.ordered()
    return _spread(
        j, np.power(2.0, -np.maximum(j.days_before, 0.0) / half_life_days), n_channels, "time-decay"
    )


def position_based(
    journeys: Journeys, n_channels: int, first: float = 0.4, last: float = 0.4
) -> Credit:
    j = journeys.ordered()
    position, length, is_last = _positions(j)
    middle = np.where(length > 2, (1.0 - first - last) / np.maximum(length - 2, 1), 0.0)
    ends = np.where(length == 2, 0.5, np.where(position == 0, first, last))
    w = np.where(length == 1, 1.0, np.where((position == 0) | is_last, ends, middle))
    return _spread(j, w, n_channels, "position-based")


def _transitions(journeys: Journeys, n_channels: int) -> np.ndarray:
    """Transition counts between states: channels 0..C-1, start C, conversion C+1, null C+2."""
    j = journeys.ordered()
    start, conv, null = n_channels, n_channels + 1, n_channels + 2
    counts = np.zeros((n_channels + 3, n_channels + 3))
    same = np.r_[False, (j.journey[1:] == j.journey[:-1]) & (j.channel[1:] == j.channel[:-1])]
    j = Journeys(j.journey[~same], j.channel[~same], j.days_before[~same], j.converted, j.value)
    position, _, is_last = _positions(j)
    np.add.at(counts, (start, j.channel[position == 0]), 1)
    inner = ~is_last
    np.add.at(counts, (j.channel[:-1][inner[:-1]], j.channel[1:][inner[:-1]]), 1)
    end = np.where(j.converted[j.journey[is_last]], conv, null)
    np.add.at(counts, (j.channel[is_last], end), 1)
    return counts


def _conversion_probability(p: np.ndarray, n_channels: int, removed: int | None = None) -> float:
    """P(reaching conversion from start), optionally with one channel sending everyone to null."""
    transient = n_channels + 1  # channels and start
    q = p[:transient, :transient].copy()
    r = p[:transient, n_channels + 1].copy()
    if removed is not None:
        q[removed, :] = 0.0
        q[:, removed] = 0.0
        r[removed] = 0.0
    x = np.linalg.lstsq(np.eye(transient) - q, r, rcond=None)[0]
    return float(x[n_channels])


def markov(journeys: Journeys, n_channels: int) -> MarkovResult:
    """Removal-effect attribution from a first-order Markov chain (see the module docstring)."""
    counts = _transitions(journeys, n_channels)
    rows = counts.sum(axis=1, keepdims=True)
    p = np.divide(counts, rows, out=np.zeros_like(counts), where=rows > 0)
    base = _conversion_probability(p, n_channels)
    effects = np.zeros(n_channels)
    if base > 0:
        effects = np.array(
            [1.0 - _conversion_probability(p, n_channels, c) / base for c in range(n_channels)]
        )
        effects = np.clip(effects, 0.0, None)
    total = effects.sum()
    share = effects / total if total > 0 else np.zeros(n_channels)
    conv = journeys.converted
    credit = Credit("markov", share * conv.sum(), share * journeys.value[conv].sum())
    return MarkovResult(base, effects, credit)


def attribute(
    journeys: Journeys, n_channels: int, model: str, half_life_days: float = 7.0
) -> Credit:
    """Credit per channel under one of ``MODELS``."""
    if model == "markov":
        return markov(journeys, n_channels).credit
    if model == "time-decay":
        return time_decay(journeys, n_channels, half_life_days)
    rules = {
        "first-touch": first_touch,
        "last-touch": last_touch,
        "linear": linear,
        "position-based": position_based,
    }
    if model not in rules:
        raise ValueError(f"unknown attribution model {model!r}; models: {', '.join(MODELS)}")
    return rules[model](journeys, n_channels)


def compare_models(
    journeys: Journeys, n_channels: int, half_life_days: float = 7.0
) -> dict[str, Credit]:
    """Every model side by side."""
    return {m: attribute(journeys, n_channels, m, half_life_days) for m in MODELS}
