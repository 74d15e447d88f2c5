"""The only code that touches a database: Ibis connections, migrations, transactional writes.

The writer (and pyarrow with it) is imported on first use of its names: a command that only reads
need not pay for it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from regulars.store.connection import Store

if TYPE_CHECKING:
    from regulars.store.writer import ImportRecord, WriteCounts, write_import

__all__ = ["ImportRecord", "Store", "WriteCounts", "write_import"]


def __getattr__(name: str):
    if name in ("ImportRecord", "WriteCounts", "write_import"):
        return getattr(importlib.import_module("regulars.store.writer"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
