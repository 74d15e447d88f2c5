"""Report section: the deal pipeline, as the Pipeline page shows it."""

from __future__ import annotations

from regulars.report.sections import Section
from regulars.views.sales_intelligence import pipeline_context

SECTION = Section("pipeline", "Sales pipeline", 75, pipeline_context)
