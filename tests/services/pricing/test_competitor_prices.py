"""The competitor band is drawn around the observed competitors' prices (competitor_observations):
each competitor's latest observation counts, the centre is their median, its date and source go
into the evidence; an observation older than 30 days sets no band and says so, as does a product
nobody observed; a price given by hand wins."""

from __future__ import annotations

import datetime as dt

import pyarrow as pa
import pyarrow.csv as pacsv
import pytest

from regulars.services import pricing
from regulars.services.imports import import_file
from regulars.services.pricing.competitors import STALE_DAYS
from regulars.services.pricing.proposals import propose_prices


def _observe(ws, tmp, rows: list[tuple[str, str, int, dt.datetime]]) -> None:
    pacsv.write_csv(pa.table({"competitor_id": ["KA", "KB"], "name": ["Alpha", "Beta"]}),
                    tmp / "competitors.csv")  # fmt: skip
    import_file(ws, "competitors", tmp / "competitors.csv")
    cols = {
        "observation_id": [f"OB{i}" for i in range(len(rows))],
        "competitor_id": [r[0] for r in rows],
        "product_id": [r[1] for r in rows],
        "price_cents": [r[2] for r in rows],
        "observed_at": [r[3].isoformat() for r in rows],
    }
    pacsv.write_csv(pa.table(cols), tmp / "observations.csv")
    import_file(ws, "competitor_observations", tmp / "observations.csv")


@pytest.fixture(scope="module")
def observed(priced_shop, tmp_path_factory):
    ws, _ = priced_shop
    o = ws.store.table("orders")
    last = ws.store.to_arrow(o.aggregate(last=o.ordered_at.max()))["last"][0].as_py()
    _observe(ws, tmp_path_factory.mktemp("obs"), [
        ("KA", "beans-001", 1500, last - dt.timedelta(days=60)),  # superseded by A's latest
        ("KA", "beans-001", 880, last - dt.timedelta(days=3)),
        ("KB", "beans-001", 920, last - dt.timedelta(days=10)),
        ("KA", "beans-002", 700, last - dt.timedelta(days=STALE_DAYS + 20)),
    ])  # fmt: skip
    return ws, last


def test_the_band_is_drawn_around_the_latest_observed_prices(observed):
    ws, last = observed
    s = pricing.suggestions(ws, ("beans-001",), min_days=0, max_step=0.2, band=0.05)
    (c,) = s.competitors
    assert c.price_cents == 900 and not c.stale  # median of A's latest 880 and B's 920
    assert c.observed_on == f"{last - dt.timedelta(days=3):%Y-%m-%d}"
    assert any(x.startswith("Alpha 880 on") for x in c.sources)
    assert any(x.startswith("Beta 920 on") for x in c.sources)
    got = s.suggestions[0]
    # planted elasticity -2 and cost 400 want 800; the band around 900 allows 855 to 945
    assert got.price_cents == 855 and "lowest by the competitor band" in got.binding


def test_a_stale_or_missing_observation_sets_no_band_and_says_so(observed):
    ws, _ = observed
    s = pricing.suggestions(ws, ("beans-002", "beans-003"), min_days=0, max_step=0.2)
    stale, missing = s.competitors
    assert stale.stale and stale.price_cents is None
    assert f"older than {STALE_DAYS}" in stale.explanation and "no competitor band" in (
        stale.explanation)  # fmt: skip
    assert missing.price_cents is None and "no competitor price observed" in missing.explanation
    assert all("competitor band" not in " ".join(x.binding) for x in s.suggestions)


def test_a_price_given_by_hand_wins_and_the_evidence_names_the_source(observed):
    ws, _ = observed
    s = pricing.suggestions(ws, ("beans-001",), {"beans-001": 1000}, min_days=0, max_step=0.2)
    assert s.competitors[0].price_cents == 1000 and s.competitors[0].sources == ("given",)
    p = propose_prices(ws, "ana", ("beans-001",), min_days=0, max_step=0.2, band=0.05)
    ev = p.parameters["evidence"]["competitors"]["beans-001"]
    assert ev["price"] == 900 and ev["stale"] is False and "Alpha 880" in ev["explanation"]
