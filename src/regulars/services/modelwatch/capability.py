"""Model watch in the demo: before it analyses, the demo validates its lifetime-value model on the
last 120 days (a scoring recovered from before them), so the Models page and the report show the
predicted-against-actual chart."""

from __future__ import annotations

from regulars.services.capabilities import Capability
from regulars.services.workspace import Workspace

DEMO_HOLDOUT_DAYS = 120


def _prepare(ws: Workspace) -> None:
    import datetime as dt

    from regulars.errors import RegularsError
    from regulars.services.clv import validate_clv
    from regulars.services.clv.summary import last_sale_day

    end = last_sale_day(ws)
    if end is None:
        return
    try:
        validate_clv(ws, end - dt.timedelta(days=DEMO_HOLDOUT_DAYS), models=("bgnbd",))
    except RegularsError:
        pass  # too little data: the Models page says how to get the chart


CAPABILITY = Capability("model-watch", "Models against what happened", 31, prepare=_prepare)
