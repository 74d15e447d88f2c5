"""Kept for old imports: money is written by ``regulars.units``, the one formatter of money,
rates and changes."""

from regulars.units import money, symbol

__all__ = ["money", "symbol"]
