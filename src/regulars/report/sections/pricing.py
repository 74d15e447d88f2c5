"""Report section: elasticities, price suggestions and the offer plan with its fairness audit,
as the Pricing & offers page shows them."""

from __future__ import annotations

from regulars.report.sections import Section
from regulars.views.pricing import pricing_context

SECTION = Section("pricing", "Pricing & offers", 85, pricing_context)
