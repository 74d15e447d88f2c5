"""What offers add to the shared views. An offer plan reaches only customers who consent to
marketing, checked again when its campaign runs (tests/services/pricing); it does not declare
``reaches`` for the shared consent test, whose tiny shop has no orders to plan offers on."""

from __future__ import annotations

from regulars.services.capabilities import Capability

CAPABILITY = Capability("offers", "Offers", 86)
