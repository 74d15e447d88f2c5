"""What a service returns, as JSON-ready values: the one serialisation the CLI, the API and the report share.

Services return frozen dataclasses (tuples for their lists, enums for closed vocabularies); ``plain``
turns one into the dictionary it stands for, key for key in field order, so ``--json`` and the API send
the same document a dictionary-returning service sent. Imports nothing heavy.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping
from datetime import date, datetime, time


def plain(value):
    """``value`` with every dataclass a dict (its fields, recursively), every tuple or list a list,
    every enum its value and every date, time or datetime its ISO text; anything else unchanged."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if isinstance(value, Mapping):
        return {plain(k) if isinstance(k, enum.Enum) else k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return value
