"""Report sections: one module per capability, each defining ``SECTION``; found automatically.

A section's ``context(ws)`` returns what its template ``templates/sections/<id>.html`` shows, or
None to leave the section out (e.g. no data yet; the template may also render an empty state).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from regulars.services.workspace import Workspace


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    order: int
    context: Callable[[Workspace], dict | None]


def all_sections() -> list[Section]:
    found = []
    for module in pkgutil.iter_modules(__path__):
        section = getattr(importlib.import_module(f"{__name__}.{module.name}"), "SECTION", None)
        if section is not None:
            found.append(section)
    return sorted(found, key=lambda s: s.order)
