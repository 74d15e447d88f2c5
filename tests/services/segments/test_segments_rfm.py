"""RFM scores, segments and movement against a hand-worked example, on DuckDB and PostgreSQL.

Ten customers, as of the last order (C01's). Percent rank with n = 10 is k / 9 for rank k, so the
score is 1, 1, 2, 2, 3, 3, 4, 4, 5, 5 for ranks 0..9; ties share the lowest rank.
- R (ascending by last order): C10 C09 | C08 C07 | C06 C05 | C04 C03 | C02 C01.
- F: 1 order (C03 C05 C08 C10) rank 0 -> 1; 2 (C09) rank 4 -> 3; 3 (C04) rank 5 -> 3; 4 (C02 C06)
rank 6 -> 4;
  5 (C01 C07) rank 8 -> 5.
- M: C10 $10 -> 1, C08 $20 -> 1, C05 $30 -> 2, C03 $50 -> 2, C09 $80 -> 3, C02 $400 -> 3, C01 $500
-> 4,
  C04 and C06 $600 (tie, rank 7: 1 + floor(3.89)) -> 4, C07 $1000 -> 5.
- FM = (F + M + 1) // 2, then the grid in docs/segments.md.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from regulars.errors import InputError
from regulars.services.segments import (
    customer_rfm,
    customer_segment,
    movement_customers,
    movement_matrix,
    rfm_report,
)

END = datetime(2025, 6, 30, 12, 0, tzinfo=UTC)  # as in conftest.SHOP

EXPECTED = {  # customer: (R, F, M, FM, segment)
    "C01": (5, 5, 4, 5, "Champions"),
    "C02": (5, 4, 3, 4, "Champions"),
    "C03": (4, 1, 2, 2, "Potential loyalist"),
    "C04": (4, 3, 4, 4, "Loyal"),
    "C05": (3, 1, 2, 2, "About to sleep"),
    "C06": (3, 4, 4, 4, "Loyal"),
    "C07": (2, 5, 5, 5, "Cannot lose them"),
    "C08": (2, 1, 1, 1, "Hibernating"),
    "C09": (1, 3, 3, 3, "At risk"),
    "C10": (1, 1, 1, 1, "Lost"),
}


def test_scores_and_segments_by_hand(hand_shop):
    rows = hand_shop.store.to_arrow(customer_rfm(hand_shop)).to_pylist()
    got = {
        r["customer_id"]: (r["r_score"], r["f_score"], r["m_score"], r["fm_score"], r["segment"])
        for r in rows
    }
    assert got == EXPECTED
    c10 = next(r for r in rows if r["customer_id"] == "C10")
    assert c10["orders"] == 1 and c10["spend_cents"] == 1000  # the cancelled order is left out
    assert c10["recency_days"] == pytest.approx(500)


def test_a_customers_segment_for_the_profile(hand_shop):
    seg = customer_segment(hand_shop, "C07", with_persona=False)
    assert seg.available and seg.message is None and seg.persona is None
    assert (seg.r_score, seg.f_score, seg.m_score, seg.fm_score, seg.segment) == EXPECTED["C07"]
    assert seg.meaning and seg.action
    nobody = customer_segment(hand_shop, "NOBODY")
    assert not nobody.available and "No sales orders" in nobody.message
    assert nobody.segment is None and nobody.persona is None


def test_segment_sizes_revenue_share_and_average_order(hand_shop):
    report = rfm_report(hand_shop)
    assert report.customers == 10 and report.revenue_cents == 329000
    champions = report.segment("Champions")
    assert champions.customers == 2 and champions.orders == 9 and champions.revenue_cents == 90000
    assert champions.revenue_share == pytest.approx(90000 / 329000)
    assert champions.average_order_cents == pytest.approx(10000)
    assert report.segment("Loyal").customers == 2 and report.segment("New").customers == 0
    assert sum(s.customers for s in report.segments) == 10
    assert report.to_dict()["segments"][0]["name"] == "Champions"


def test_movement_matrix_by_hand(hand_shop):
    """As of 150 days before the end only C07-C10 had bought; with n = 4 the scores are 1, 2, 4, 5
    by rank.

    C07 Champions -> Cannot lose them; C08 (R4, F1, M2) Potential loyalist -> Hibernating;
    C09 (R2, F4, M4) At risk -> At risk; C10 Lost -> Lost; the other six were not yet customers.
    """
    start = END - timedelta(days=150)
    m = movement_matrix(hand_shop, start=start)
    assert m.count("Champions", "Cannot lose them") == 1
    assert m.count("Potential loyalist", "Hibernating") == 1
    assert m.count("At risk", "At risk") == 1 and m.count("Lost", "Lost") == 1
    assert (
        m.count("Not yet a customer", "Champions") == 2
        and m.count("Not yet a customer", "Loyal") == 2
    )
    assert sum(c.customers for c in m.cells) == 10
    assert movement_customers(hand_shop, "Not yet a customer", "Loyal", start=start) == [
        "C04",
        "C06",
    ]
    assert movement_customers(hand_shop, "Champions", "Cannot lose them", start=start) == ["C07"]
    with pytest.raises(InputError):
        movement_customers(hand_shop, "Loyalish", "Lost", start=start)
