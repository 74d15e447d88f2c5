"""Capabilities are found, not listed: a services package that declares ``CAPABILITY`` in its
``capability.py`` adds its highlights, its part of the profile and its overview tiles, and nothing
central is edited. The built-in ones keep the order the owner reads them in."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

import regulars.services as services
from regulars.services import cache, capabilities
from regulars.services.customers import customer_view
from regulars.services.demo import demo_highlights
from regulars.services.imports import import_file
from regulars.services.kpis import kpi, kpi_history
from regulars.services.overview import dashboard_overview

PACKAGE = "zz_loyalty_points"
DECLARATION = """
from regulars.services.capabilities import Capability
from regulars.services.overview import headline


def _highlights(ws):
    return [f"Loyalty points: {headline(ws).customers} members earn them."]


def _profile(ws, customer_id):
    return {"loyalty": {"customer_id": customer_id, "points": 10}}


def _tiles(ws):
    return {"loyalty": {"members": headline(ws).customers}}


def _measures(s):
    from regulars.services.kpis.measures import sale_periods

    o = sale_periods(s, "customer_id")
    return o.group_by("p").aggregate(buyers=o.customer_id.nunique(), orders=o.count())


def _kpi_sources():
    from regulars.services.kpis.registry import Kpi, KpiSource

    per_buyer = Kpi("orders_per_buyer", "Orders per buyer", "Sale orders in P / buyers in P.",
                    "ratio", "up", ("orders",), "loyalty",
                    lambda t: t.orders.cast("float64") / t.buyers, "needs orders",
                    aliases=("opb",), sample=lambda t: t.buyers)
    return (KpiSource("loyalty", _measures, (("orders", "ordered_at"),), (per_buyer,)),)


CAPABILITY = Capability("loyalty", "Loyalty points", 90, highlights=_highlights,
                        profile=_profile, tiles=_tiles, kpi_sources=_kpi_sources)
"""

FILES = {
    "customers": "customer_id,email\nc1,c1@example.com\nc2,c2@example.com\n",
    "orders": (
        "order_id,customer_id,ordered_at,currency,total_cents,status\n"
        "o1,c1,2025-01-05T10:00:00Z,USD,1000,paid\n"
        "o2,c1,2025-02-10T10:00:00Z,USD,3000,paid\n"
        "o3,c2,2025-02-20T10:00:00Z,USD,5000,paid\n"
        "o4,c1,2025-02-21T10:00:00Z,USD,500,paid\n"
    ),
}


@pytest.fixture
def shop(duckdb_workspace, tmp_path: Path):
    for name, text in FILES.items():
        path = tmp_path / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        import_file(duckdb_workspace, name, path)
    return duckdb_workspace


@pytest.fixture
def new_package(tmp_path: Path, monkeypatch):
    """A real package ``regulars.services.zz_loyalty_points`` in a folder of its own (the services
    package's path extended to it, as a plugin folder would be): only new files."""
    folder = tmp_path / "plugins" / PACKAGE
    folder.mkdir(parents=True)
    (folder / "__init__.py").write_text('"""Loyalty points."""\n', encoding="utf-8")
    (folder / "capability.py").write_text(textwrap.dedent(DECLARATION), encoding="utf-8")
    monkeypatch.setattr(services, "__path__", [*services.__path__, str(folder.parent)])
    capabilities.all_capabilities.cache_clear()
    cache.clear()
    yield
    for name in [m for m in sys.modules if m.startswith(f"regulars.services.{PACKAGE}")]:
        del sys.modules[name]
    capabilities.all_capabilities.cache_clear()
    cache.clear()


def test_the_built_in_capabilities_are_found_in_order():
    names = [c.name for c in capabilities.all_capabilities()]
    assert names == [
        "kpis", "segments", "clv", "model-watch", "campaigns", "feedback", "mmm", "experiments",
        "forecast", "recommendations", "pipeline", "leads", "pricing", "offers", "proposals",
        "assistant",
    ]  # fmt: skip


def test_a_new_capability_appears_without_editing_a_central_list(shop, new_package):
    assert "loyalty" in [c.name for c in capabilities.all_capabilities()]
    lines = demo_highlights(shop)
    assert "Loyalty points: 2 members earn them." in lines
    assert lines.index("Loyalty points: 2 members earn them.") > max(
        i for i, line in enumerate(lines) if "customers placed" in line
    )
    view = customer_view(shop, "c1")
    assert list(view)[-3:] == ["predictions", "segment", "loyalty"]
    assert view["loyalty"] == {"customer_id": "c1", "points": 10}
    overview = dashboard_overview(shop)
    assert list(overview) == ["headline", "months", "top_products", "warnings", "kpis", "loyalty"]
    assert overview["loyalty"] == {"members": 2}


def test_a_new_capability_adds_its_kpis_with_their_measures(shop, new_package):
    """Orders per buyer: January 1 order by 1 buyer, February 3 orders by 2 buyers."""
    assert kpi("opb").key == "orders_per_buyer"
    history = kpi_history(shop, "month")
    series = history.get("orders_per_buyer")
    assert [(p.label, p.value, p.sample) for p in series.points if p.value is not None] == [
        ("January 2025", 1.0, 1),
        ("February 2025", 1.5, 2),
    ]
    assert history.get("orders").points[-1].value == 3.0  # the built-in KPIs are still there


def test_without_it_the_profile_and_overview_keep_their_keys(shop):
    capabilities.all_capabilities.cache_clear()
    cache.clear()
    assert list(customer_view(shop, "c2"))[-2:] == ["predictions", "segment"]
    keys = ["headline", "months", "top_products", "warnings", "kpis"]
    assert list(dashboard_overview(shop)) == keys
