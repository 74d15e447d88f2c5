"""Emerging issues and drivers of unhappy customers, with the texts and orders behind them."""

from __future__ import annotations

import numpy as np

from regulars.analytics.feedback import drivers as dr
from regulars.analytics.feedback import emerging
from regulars.services.feedback.analysis import Analysis, analyse
from regulars.services.feedback.results import (
    DriverRow,
    FeedbackAlert,
    FeedbackAlerts,
    FeedbackDrivers,
)
from regulars.services.feedback.views import _counts, quotes
from regulars.services.workspace import Workspace

NOT_CAUSE = (
    "Association, not cause: customers who mention a theme may differ in other ways; "
    "intervals are Newcombe's 95% for the difference of two shares."
)


def _alert(a: Analysis, e: emerging.Episode, last: int) -> FeedbackAlert:
    t = a.themes[e.theme]
    day = a.day_numbers()
    lo = e.first_day - emerging.WINDOW + 1
    rows = np.flatnonzero(a.matrix[:, e.theme] & (day >= lo) & (day <= e.last_day))
    orders = tuple(sorted({str(o) for o in a.corpus.order[rows] if o}))
    first, end = a.start + e.first_day, a.start + e.last_day
    words = (
        f"{t.title}: {e.share:.0%} of feedback in the 7 days to {first} against "
        f"{e.usual_share:.0%} usually (p = {e.p_value:.1e}); raised until {end}, "
        f"{len(rows):,} texts, {len(orders):,} orders."
    )
    return FeedbackAlert(
        t.name,
        t.title,
        str(first),
        str(end),
        e.last_day >= last,
        e.count,
        e.share,
        e.usual_share,
        e.p_value,
        quotes(a, rows),
        orders,
        _counts(a.corpus.kind[rows]),
        _counts(a.corpus.channel[rows]),
        words,
    )


def feedback_alerts(ws: Workspace) -> FeedbackAlerts:
    a = analyse(ws)
    if a.start is None:
        return FeedbackAlerts((), "No feedback with words yet.")
    last = int(a.day_numbers().max())
    alerts = tuple(_alert(a, e, last) for e in a.episodes)
    words = (
        f"{len(alerts)} emerging issues: a theme's share of the last 7 days' feedback "
        f"beyond its share in the 8 weeks before (Fisher's exact test, corrected for "
        f"the number of themes and weeks)."
        if alerts
        else "No emerging issue: no theme's share rose beyond its usual level."
    )
    return FeedbackAlerts(alerts, words)


def feedback_drivers(ws: Workspace) -> FeedbackDrivers:
    a = analyse(ws)
    c = a.corpus
    flag = dr.unhappy(c.rating, c.nps, c.csat)
    rows = tuple(
        DriverRow(
            a.themes[d.theme].name,
            a.themes[d.theme].title,
            d.with_theme,
            d.unhappy_with,
            d.without_theme,
            d.unhappy_without,
            d.difference,
            d.low,
            d.high,
            d.clear,
        )
        for d in dr.drivers(a.matrix, flag)
    )
    return FeedbackDrivers(rows, NOT_CAUSE)
