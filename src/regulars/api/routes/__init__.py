"""REST API routes under /api/v1: one module per capability, each defining ``router``.

A module may set ``ROUTE_ORDER`` (default 100) to be included earlier: a more specific path under
another module's catch-all one (``/customers/{id}/recommendations`` before the profile's
``/customers/{customer_id:path}``) must come first."""

from __future__ import annotations

import importlib
import pkgutil

from fastapi import APIRouter

DEFAULT_ORDER = 100


def all_routers() -> list[APIRouter]:
    modules = [
        importlib.import_module(f"{__name__}.{module.name}")
        for module in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name)
    ]
    modules.sort(key=lambda m: getattr(m, "ROUTE_ORDER", DEFAULT_ORDER))  # stable: by name within
    return [m.router for m in modules if getattr(m, "router", None) is not None]
