"""Report section: customer lifetime value and churn risk, as the dashboard's CLV page shows it
(``views.clv``).

The report uses the saved model (``regulars clv fit``); without one it fits BG/NBD in memory for the
report only (nothing is saved) and says so.
"""

from __future__ import annotations

from regulars.errors import NotFoundError, RegularsError
from regulars.report.sections import Section
from regulars.services import clv
from regulars.services.clv.predictions import saved_predictions
from regulars.services.customers import display_names
from regulars.services.workspace import Workspace
from regulars.views.clv import clv_context, listed_customers


def _context(ws: Workspace) -> dict | None:
    try:
        document, note = clv.load_model(ws), None
    except NotFoundError:
        try:
            document = clv.fit_clv(ws, save=False)
        except RegularsError as exc:
            return {"document": None, "error": str(exc)}
        note = (
            "No saved model: BG/NBD was fitted for this report only (regulars clv fit saves one)."
        )
    try:  # the saved model's predictions are the demo's highlights' (cached)
        predictions = clv.predict_from_document(ws, document) if note else saved_predictions(ws)
    except RegularsError as exc:
        return {"document": None, "error": str(exc)}
    names = display_names(ws, listed_customers(predictions))
    context = clv_context(document, predictions, clv.load_validation(ws), names)
    return {**context, "report_note": note}


SECTION = Section("clv", "Customer lifetime value and churn risk", 40, _context)
