"""Report section: how leads are scored and the leads to call, as the Leads page shows them."""

from __future__ import annotations

from regulars.report.sections import Section
from regulars.views.sales_intelligence import leads_context

SECTION = Section("leads", "Lead scores", 80, leads_context)
