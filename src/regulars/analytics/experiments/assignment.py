"""Deterministic, sticky assignment of units to arms, compatible with the GrowthBook SDKs.

``hash_unit(seed, value)`` is GrowthBook's hash version 2:
``fnv1a32(str(fnv1a32(seed + value))) % 10000 / 10000``; version 1 is ``fnv1a32(value + seed) % 1000
/ 1000``. Characters are hashed by code point (as the Python SDK does; the JavaScript SDK uses
UTF-16
code units, which agree for every character below U+10000). The unit interval is cut into one
range per arm by ``bucket_ranges`` (GrowthBook ``getBucketRange``): each arm's range starts at its
cumulative weight and is ``coverage`` times its weight long; a unit whose hash falls in no range
(a holdout) gets no arm. ``hash_units`` does the same for many ids at once with numpy.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

FNV_OFFSET = 0x811C9DC5
FNV_PRIME = 0x01000193
MASK = 0xFFFFFFFF


def fnv1a32(text: str) -> int:
    """32-bit FNV-1a over the code points of ``text``."""
    h = FNV_OFFSET
    for ch in text:
        h = ((h ^ ord(ch)) * FNV_PRIME) & MASK
    return h


def hash_unit(seed: str, value: str, version: int = 2) -> float | None:
    """GrowthBook's hash of one unit id into [0, 1); None for an unknown version."""
    if version == 2:
        return (fnv1a32(str(fnv1a32(seed + value))) % 10000) / 10000
    if version == 1:
        return (fnv1a32(value + seed) % 1000) / 1000
    return None


def _fnv_columns(codes: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Vectorised FNV-1a over rows of code points (rows padded past their ``lengths``)."""
    h = np.full(codes.shape[0], FNV_OFFSET, dtype=np.uint64)
    for j in range(codes.shape[1]):
        live = lengths > j
        step = ((h ^ codes[:, j]) * np.uint64(FNV_PRIME)) & np.uint64(MASK)
        h = np.where(live, step, h)
    return h


def _decimal_codes(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Code points of ``str(v)`` for unsigned 32-bit ints, left-aligned, and their lengths."""
    digits = np.stack(
        [(values // np.uint64(10**k)) % np.uint64(10) for k in range(9, -1, -1)], axis=1
    )
    lengths = np.maximum(10 - np.argmax(digits != 0, axis=1), 1)
    lengths = np.where(values == 0, 1, lengths)
    shift = 10 - lengths
    idx = np.clip(np.arange(10)[None, :] + shift[:, None], 0, 9)
    return np.take_along_axis(digits, idx, axis=1) + np.uint64(ord("0")), lengths


def hash_units(seed: str, values: Sequence[str]) -> np.ndarray:
    """Hash version 2 of many unit ids at once; equals ``[hash_unit(seed, v) for v in values]``."""
    texts = np.asarray([seed + str(v) for v in values], dtype=str)
    if texts.size == 0:
        return np.zeros(0)
    width = max(texts.dtype.itemsize // 4, 1)
    codes = np.ascontiguousarray(texts).view(np.uint32).reshape(texts.size, width).astype(np.uint64)
    first = _fnv_columns(codes, np.char.str_len(texts))
    dec, lengths = _decimal_codes(first)
    return (_fnv_columns(dec, lengths) % np.uint64(10000)).astype(float) / 10000


def bucket_ranges(
    num_arms: int, coverage: float = 1.0, weights: Sequence[float] | None = None
) -> list[tuple[float, float]]:
    """GrowthBook ``getBucketRange``: equal weights when weights are missing or do not sum to ~1."""
    coverage = min(max(coverage, 0.0), 1.0)
    if weights is None or len(weights) != num_arms or not 0.99 <= sum(weights) <= 1.01:
        weights = [1 / num_arms] * num_arms
    ranges, start = [], 0.0
    for w in weights:
        ranges.append((start, start + coverage * w))
        start += w
    return ranges


def choose_arm(n: float, ranges: Sequence[tuple[float, float]]) -> int:
    """Index of the range holding ``n``, or -1 (GrowthBook ``chooseVariation``)."""
    for i, (low, high) in enumerate(ranges):
        if low <= n < high:
            return i
    return -1


def _normalised(arms) -> tuple[list[str], list[float]]:
    names = list(arms)
    weights = [float(arms[a]) for a in names] if isinstance(arms, dict) else [1.0] * len(names)
    total = sum(weights)
    return names, [w / total for w in weights]


def assign(experiment_id: str, unit_id: str, arms, holdout: float = 0.0) -> str | None:
    """The arm a unit sees: ``arms`` is a list of names (equal split) or {name: weight}.

    ``holdout`` is the fraction of units kept out of the experiment (they get None). The same
    experiment and unit always give the same arm; changing weights moves as few units as GrowthBook.
    """
    names, weights = _normalised(arms)
    ranges = bucket_ranges(len(names), 1.0 - holdout, weights)
    i = choose_arm(hash_unit(experiment_id, str(unit_id)), ranges)
    return names[i] if i >= 0 else None


def assign_many(
    experiment_id: str, unit_ids: Sequence[str], arms, holdout: float = 0.0
) -> np.ndarray:
    """Vectorised ``assign``: an array of arm names, None for held-out units."""
    names, weights = _normalised(arms)
    ranges = bucket_ranges(len(names), 1.0 - holdout, weights)
    h = hash_units(experiment_id, [str(u) for u in unit_ids])
    out = np.full(h.size, None, dtype=object)
    for name, (low, high) in zip(names, ranges):
        out[(h >= low) & (h < high)] = name
    return out
