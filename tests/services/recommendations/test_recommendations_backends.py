"""Fit and serve on both real backends (DuckDB and PostgreSQL): the same small demo shop gives
the same choices and the same lists, and a shop without sales is told what to import."""

from __future__ import annotations

import pytest

from regulars.errors import NotFoundError
from regulars.services.recommendations import fit_recommendations, recommendations_for
from regulars.services.recommendations.serving import fitted

_SEEN: dict[str, object] = {}


def test_fit_gives_the_same_lists_on_each_backend(small_demo, backend):
    report = fit_recommendations(small_demo, cutoffs=2)
    assert {p.placement for p in report.placements} == {"home", "email", "product"}
    for p in report.placements:
        assert p.explanation and (p.enough_data or p.chosen == "popularity")
    document = fitted(small_demo)
    lists = {c: v for c, v in document["customers"].items()}
    if lists:
        cid = sorted(lists)[0]
        assert recommendations_for(small_demo, cid, 3).personal
    summary = (report.chosen, report.customers, sorted(lists.items())[:20], document["popular"])
    other = _SEEN.setdefault("summary", summary)
    assert other == summary  # the second backend agrees with the first


def test_no_sales_is_a_clear_error(workspace):
    with pytest.raises(NotFoundError, match="import orders"):
        fit_recommendations(workspace)
