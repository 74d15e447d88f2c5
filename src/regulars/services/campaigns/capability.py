"""Campaigns as a capability: declared so it is found with the others; it adds no highlight, no
part of the profile and no overview tile yet (its KPIs are built in: ``kpis.registry``)."""

from __future__ import annotations

from regulars.services.capabilities import Capability

CAPABILITY = Capability("campaigns", "Campaigns: what each really earned", 40)
