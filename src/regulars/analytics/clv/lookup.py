"""Evaluating an expensive per-customer term once per distinct input, not once per customer.

Real summaries repeat themselves: frequency is a small whole number and T (time from the first
purchase to the end of calibration) takes one value per first-purchase *day*, so a million customers
have a few thousand distinct (frequency, T) pairs. Terms that depend on a row only through such a
pair (the Gauss hypergeometric term of the BG/NBD expectation, say) are evaluated once per pair and
looked up per row.

Finding the pairs must cost less than the term it saves, so there is no sort: when T lies on a grid
of ``1/s`` for a small whole ``s`` (days, or days in weeks: ``s`` = 1 or 7) every pair gets a cell
in
a dense table, found with integer arithmetic only. Anything else is evaluated row by row (same
result, slower).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

#: Grids tried for T: whole units, and sevenths (dates in days, time in weeks).
GRID_SCALES = (1.0, 7.0)
#: Below this many rows a lookup table is not worth building.
MIN_ROWS = 2048
#: A dense table may have at most this many cells per row (plus a constant).
MAX_CELLS_PER_ROW = 4
SPOT_CHECK = 256


def _on_grid(values: np.ndarray, scale: float) -> np.ndarray | None:
    scaled = values * scale
    codes = np.rint(scaled)
    if np.any(np.abs(scaled - codes) > 1e-9 * np.maximum(scaled, 1.0)):
        return None
    return codes.astype(np.int64)


def grid_codes(values: np.ndarray) -> np.ndarray | None:
    """Integer codes ``k`` with ``values == k / s`` (to rounding) for the first fitting ``s``, or
    None."""
    sample = values[:: max(values.size // SPOT_CHECK, 1)]
    for scale in GRID_SCALES:
        if _on_grid(sample, scale) is not None:
            codes = _on_grid(values, scale)
            if codes is not None:
                return codes
    return None


def by_count_and_value(
    f: Callable[[np.ndarray, np.ndarray], np.ndarray], counts: np.ndarray, values: np.ndarray
) -> np.ndarray:
    """``f(counts, values)`` per row, evaluated once per distinct (count, value) pair when possible.

    ``counts`` are whole numbers >= 0 (as floats); ``f`` must be elementwise.
    """
    if counts.size < MIN_ROWS:
        return f(counts, values)
    codes = grid_codes(values)
    if codes is None:
        return f(counts, values)
    low = int(codes.min())
    width = int(codes.max()) - low + 1
    ints = counts.astype(np.int64)
    n_cells = (int(ints.max()) + 1) * width
    if n_cells > MAX_CELLS_PER_ROW * counts.size + 1_000_000:
        return f(counts, values)
    cell = ints * width + (codes - low)
    representative = np.empty(n_cells)
    representative[cell] = values  # every row of a cell has (to rounding) the same value
    used = np.flatnonzero(np.bincount(cell, minlength=n_cells))
    table = np.empty(n_cells)
    table[used] = f((used // width).astype(float), representative[used])
    return table[cell]


def by_count(f: Callable[[np.ndarray], np.ndarray], counts: np.ndarray) -> np.ndarray:
    """``f`` evaluated once per whole number 0..max(counts) and looked up per row."""
    ints = counts.astype(np.int64)
    return f(np.arange(int(ints.max()) + 1 if ints.size else 1, dtype=float))[ints]
