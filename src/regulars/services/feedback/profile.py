"""One customer's feedback themes and sentiment, for their profile."""

from __future__ import annotations

import numpy as np

from regulars.services.feedback.analysis import analyse
from regulars.services.workspace import Workspace


def customer_feedback_themes(ws: Workspace, customer_id: str) -> list[dict]:
    """Each theme the customer's texts mention: texts and mean sentiment."""
    a = analyse(ws)
    mine = a.corpus.customer == customer_id
    out = []
    for k, t in enumerate(a.themes):
        rows = np.flatnonzero(mine & a.matrix[:, k])
        if len(rows):
            out.append(
                {
                    "theme": t.name,
                    "title": t.title,
                    "texts": len(rows),
                    "sentiment": float(a.score[rows].mean()),
                }
            )
    return out
