"""Model watch on the demo shop: a CLV model validated on an older holdout (an older scoring)
against the purchases that then happened, per month, through the service and the CLI; and a
drift alert when the input mix moves."""

from __future__ import annotations

import datetime as dt

import pytest

from regulars.errors import NotFoundError
from regulars.services.clv import validate_clv
from regulars.services.clv.summary import last_sale_day
from regulars.services.modelwatch import clv_watch


def test_without_a_validation_watch_says_how_to_get_one(workspace):
    from regulars.views.modelwatch import watch_context

    with pytest.raises(NotFoundError, match="clv validate"):
        clv_watch(workspace)
    assert watch_context(workspace) == {"watch": None, "watch_chart": None}


def test_an_older_scoring_is_compared_with_what_happened(demo_copy, cli):
    ws = demo_copy
    assert clv_watch(ws).comparison.months  # the demo validated its model (a recovered scoring)
    end = last_sale_day(ws)
    doc = validate_clv(ws, end - dt.timedelta(days=120), models=("bgnbd",))
    w = clv_watch(ws)
    c = w.comparison
    assert 4 <= len(c.months) <= 5 and c.months == tuple(sorted(c.months))
    assert sum(c.actual) == pytest.approx(doc["actual_weekly_cumulative"][-1])
    assert sum(c.predicted) == pytest.approx(doc["models"][0]["cumulative_predicted"][-1])
    assert c.mape is not None and c.mape < 0.5  # the demo's planted shop is modelled well
    assert {d.feature for d in w.drift} == {"frequency", "recency", "T", "monetary_value"}
    shown = cli("models", "watch", ws=ws)
    assert shown["comparison"]["months"] == list(c.months) and shown["alert"] == w.alert


def test_the_models_page_shows_the_predicted_against_actual_chart(demo_copy):
    from regulars.views.modelwatch import watch_context

    ws = demo_copy
    validate_clv(ws, last_sale_day(ws) - dt.timedelta(days=90), models=("bgnbd",))
    shown = watch_context(ws)
    assert "Predicted" in shown["watch_chart"] and "Actual purchases" in shown["watch_chart"]
    assert shown["watch"].comparison.months[0] in shown["watch_chart"]


def test_an_older_scoring_is_compared_with_what_happened_on_each_backend(small_demo):
    """The same watch on DuckDB and PostgreSQL: the months compared, and the purchases predicted
    and made in them, are the validation's own (its holdout's cumulative sums)."""
    ws = small_demo
    doc = validate_clv(ws, last_sale_day(ws) - dt.timedelta(days=120), models=("bgnbd",))
    w = clv_watch(ws)
    c = w.comparison
    assert 4 <= len(c.months) <= 5 and c.months == tuple(sorted(c.months))
    assert sum(c.actual) == pytest.approx(doc["actual_weekly_cumulative"][-1])
    assert sum(c.predicted) == pytest.approx(doc["models"][0]["cumulative_predicted"][-1])
    assert {d.feature for d in w.drift} == {"frequency", "recency", "T", "monetary_value"}
