"""Report section: next months' revenue with intervals and the backtest table, as the Forecast
page shows it (``views.sales_intelligence``)."""

from __future__ import annotations

from regulars.report.sections import Section
from regulars.views.sales_intelligence import forecast_context

SECTION = Section("forecast", "Sales forecast", 70, forecast_context)
