"""The 11 named RFM segments on the R-score x FM-score grid.

R, F and M are quintile scores 1-5 (5 = most recent, most orders, most spend). The FM score is the
mean of F and M rounded half up: ``FM = (F + M + 1) // 2``. Each of the 25 (R, FM) cells belongs to
exactly one segment (checked by ``check_grid``); the rules follow the widely used RFM grid
(R x F/FM), with the oldest, lowest-value corner split into Hibernating (R 2) and Lost (R 1).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SegmentRule:
    name: str
    r_range: tuple[int, int]  # inclusive
    fm_range: tuple[int, int]  # inclusive
    meaning: str
    action: str

    def holds(self, r: int, fm: int) -> bool:
        return (
            self.r_range[0] <= r <= self.r_range[1] and self.fm_range[0] <= fm <= self.fm_range[1]
        )


SEGMENT_RULES: tuple[SegmentRule, ...] = (
    SegmentRule(
        "Champions",
        (5, 5),
        (4, 5),
        "bought recently, buy often and spend the most",
        "reward them; ask for reviews",
    ),
    SegmentRule(
        "Loyal",
        (3, 4),
        (4, 5),
        "buy often and spend well; not the very latest buyers",
        "upsell; loyalty perks",
    ),
    SegmentRule(
        "Potential loyalist",
        (4, 5),
        (2, 3),
        "recent buyers with average frequency and spend",
        "membership or subscription offer",
    ),
    SegmentRule(
        "New",
        (5, 5),
        (1, 1),
        "bought very recently, once or little",
        "onboarding; a good first experience",
    ),
    SegmentRule(
        "Promising",
        (4, 4),
        (1, 1),
        "recent, but low frequency and spend",
        "build the habit; brand content",
    ),
    SegmentRule(
        "Need attention",
        (3, 3),
        (3, 3),
        "middle of the road on all three",
        "limited-time offer; recommendations",
    ),
    SegmentRule(
        "About to sleep",
        (3, 3),
        (1, 2),
        "slipping: below-average recency, low frequency and spend",
        "win them back before they go",
    ),
    SegmentRule(
        "At risk",
        (1, 2),
        (3, 4),
        "spent well and bought often, but long ago",
        "personal win-back message",
    ),
    SegmentRule(
        "Cannot lose them",
        (1, 2),
        (5, 5),
        "the biggest spenders of the past, gone quiet",
        "call them; find out why",
    ),
    SegmentRule(
        "Hibernating",
        (2, 2),
        (1, 2),
        "last bought a while ago, little and rarely",
        "relevant offer; do not over-mail",
    ),
    SegmentRule(
        "Lost", (1, 1), (1, 2), "lowest recency, frequency and spend", "ignore or one last campaign"
    ),
)

SEGMENT_NAMES: tuple[str, ...] = tuple(rule.name for rule in SEGMENT_RULES)


def fm_score(f: int, m: int) -> int:
    """Mean of the F and M scores, rounded half up (1-5)."""
    return (f + m + 1) // 2


def segment_for(r: int, fm: int) -> str:
    for rule in SEGMENT_RULES:
        if rule.holds(r, fm):
            return rule.name
    raise ValueError(f"no segment for R={r}, FM={fm}")


def check_grid() -> dict[tuple[int, int], str]:
    """Every (R, FM) cell in exactly one segment; returns the grid."""
    grid = {}
    for r in range(1, 6):
        for fm in range(1, 6):
            owners = [rule.name for rule in SEGMENT_RULES if rule.holds(r, fm)]
            if len(owners) != 1:
                raise AssertionError(f"cell R={r} FM={fm} belongs to {owners}")
            grid[(r, fm)] = owners[0]
    return grid


def quintile_score(value: float, cut_points: tuple[float, float, float, float]) -> int:
    """1 plus how many of the four quintile cut points ``value`` lies above (as in the database):
    the
    bins of pandas' ``qcut(x, 5)``, right-closed, so equal values always share a score."""
    return 1 + sum(value > cut for cut in cut_points)
