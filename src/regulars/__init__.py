"""Regulars: open-source customer intelligence for small businesses."""

__version__ = "0.1.0"
