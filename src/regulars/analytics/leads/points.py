"""The points score: rules, not a model. Used below the data minimum; the owner edits the points.

Each attribute value earns its points (unknown values none); the score is the sum, and the reasons
are the rules that fired."""

from __future__ import annotations

#: Points per attribute value (the owner's to edit; these are a starting point, not learned).
DEFAULT_POINTS: dict[str, dict[str, int]] = {
    "source": {"referral": 30, "trade show": 20, "website form": 15, "instagram": 10,
               "cold outreach": 5},
}  # fmt: skip


def points_score(
    attributes: dict[str, list[str]], points: dict[str, dict[str, int]] | None = None
) -> tuple[list[int], list[list[str]]]:
    """(score per lead, reasons per lead) by the points rules."""
    points = DEFAULT_POINTS if points is None else points
    n = len(next(iter(attributes.values()))) if attributes else 0
    scores, reasons = [0] * n, [[] for _ in range(n)]
    for column, table in points.items():
        for i, value in enumerate(attributes.get(column, [None] * n)):
            if value in table:
                scores[i] += table[value]
                reasons[i].append(f"{column} {value}: +{table[value]} points")
    return scores, reasons
