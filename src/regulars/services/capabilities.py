"""Capabilities: what each analysis package adds to the shared views, found automatically.

A package under ``services`` (``clv``, ``segments``, ``kpis`` ...) adds a module ``capability.py``
defining ``CAPABILITY = Capability(...)``: the sentences it adds to the demo's highlights, its part
of a customer's profile, its tiles of the overview, the KPIs it adds with their measures, and what
the demo writes before analysing (a saved model). The demo, ``customer_view``,
``dashboard_overview`` and the KPI registry ask ``all_capabilities()``, so a new capability is new
files only, as a report section is (``report.sections``).

Each callable imports what it needs when called, so declaring a capability imports nothing heavy.
"""

from __future__ import annotations

import functools
import importlib
import importlib.util
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass

from regulars.services.workspace import Workspace

MODULE = "capability"  # the module of a services package that declares its CAPABILITY


@dataclass(frozen=True)
class Capability:
    name: str
    title: str
    order: int  # reading order of the highlights and the tiles (and of the profile, unless below)
    #: Sentences for the demo's highlights (an owner reads them first).
    highlights: Callable[[Workspace], list[str]] | None = None
    #: Keys added to one customer's profile (``customer_view``): name -> part.
    profile: Callable[[Workspace, str], dict[str, object]] | None = None
    #: Where its part comes in the profile, when not at ``order`` (value before segment).
    profile_order: int | None = None
    #: Keys added to the overview (``dashboard_overview``): name -> tile data.
    tiles: Callable[[Workspace], dict[str, object]] | None = None
    #: The KPI registry's sources it adds (``kpis.registry.KpiSource``: measures and their KPIs).
    kpi_sources: Callable[[], tuple] | None = None
    #: What the demo writes before it analyses (fit and save a model), so every read after it
    #: sees one data version and computes each analysis once.
    prepare: Callable[[Workspace], None] | None = None
    #: What it derived about one customer, for their access request (``export_customer``):
    #: name -> value. Without it, its ``profile`` part is what it holds about them.
    access: Callable[[Workspace, str], dict[str, object]] | None = None
    #: The consent purposes its customer-facing outputs need (``reached``: the customers those
    #: outputs name now), so the consent test covers every capability that declares them.
    reaches: tuple[str, ...] = ()
    reached: Callable[[Workspace], set[str]] | None = None
    #: Customers' words it adds to the voice-of-the-customer analysis (``services.feedback``):
    #: rows with the corpus columns of ``services.feedback.texts``, personal data masked.
    feedback_texts: Callable[[Workspace], list[dict]] | None = None
    #: A cheap mark of those texts (their number) that changes when they do: its writes may not
    #: move the data version, and the analysis is cached by both.
    feedback_marks: Callable[[Workspace], object] | None = None


@functools.cache
def all_capabilities() -> tuple[Capability, ...]:
    """Every ``CAPABILITY`` declared in a ``services.<package>.capability`` module, in order."""
    import regulars.services as services

    found = []
    for package in pkgutil.iter_modules(services.__path__):
        if not package.ispkg:
            continue
        name = f"{services.__name__}.{package.name}.{MODULE}"
        if importlib.util.find_spec(name) is None:
            continue
        capability = getattr(importlib.import_module(name), "CAPABILITY", None)
        if capability is not None:
            found.append(capability)
    return tuple(sorted(found, key=lambda c: (c.order, c.name)))


def highlights(ws: Workspace) -> list[str]:
    """Every capability's highlight sentences, in order."""
    return [line for c in all_capabilities() if c.highlights for line in c.highlights(ws)]


def profile_parts(ws: Workspace, customer_id: str) -> dict[str, object]:
    """Every capability's part of one customer's profile, in order."""
    ordered = sorted((c for c in all_capabilities() if c.profile), key=_profile_order)
    return {k: v for c in ordered if c.profile for k, v in c.profile(ws, customer_id).items()}


def access_parts(ws: Workspace, customer_id: str) -> dict[str, object]:
    """Every capability's derived values about one customer (its ``access``, else its
    ``profile``), by capability name."""
    parts = {}
    for c in all_capabilities():
        found = c.access or c.profile
        if found is not None:
            parts[c.name] = found(ws, customer_id)
    return parts


def tiles(ws: Workspace) -> dict[str, object]:
    """Every capability's tiles of the overview, in order."""
    return {k: v for c in all_capabilities() if c.tiles for k, v in c.tiles(ws).items()}


def prepare(ws: Workspace) -> None:
    """Every capability's writes the demo runs before its analyses."""
    for c in all_capabilities():
        if c.prepare:
            c.prepare(ws)


def _profile_order(c: Capability) -> int:
    return c.order if c.profile_order is None else c.profile_order
