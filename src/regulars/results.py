"""What a service returns, as JSON-ready values: the one serialisation the CLI, the API and the
report share.

Services return frozen dataclasses (tuples for their lists, StrEnums for closed vocabularies);
``plain``
turns one into the dictionary it stands for, key for key in field order, so ``--json`` and the API
send
the same document a dictionary-returning service sent. Imports nothing heavy.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Mapping


def plain(value):
    """``value`` with every dataclass a dict (its fields, recursively), every tuple or list a list
    and
    every enum its value; anything else unchanged. Dates and datetimes stay as they are, so each
    surface writes them as it did for a dict: the API and the cache through pydantic (ISO, UTC as
    Z),
    the CLI through ``json.dumps(default=str)``."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if isinstance(value, Mapping):
        return {plain(k) if isinstance(k, enum.Enum) else k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value
