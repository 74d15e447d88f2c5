"""A tiny hand-built shop (three months of 2025) whose every KPI is worked out by hand in the
tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from regulars.services.imports import import_file

FILES = {
    "customers": (
        "customer_id,email\nc1,c1@example.com\nc2,c2@example.com\n"
        "c3,c3@example.com\nc4,c4@example.com\n"
    ),
    "products": "product_id,name,price_cents,cost_cents\nP1,Beans,1000,400\nP2,Grinder,2000,1500\n",
    "orders": (
        "order_id,customer_id,ordered_at,currency,total_cents,status\n"
        "o1,c1,2025-01-05T10:00:00Z,USD,1000,paid\n"
        "o2,c2,2025-01-10T10:00:00Z,USD,3000,paid\n"
        "o3,c3,2025-01-20T10:00:00Z,USD,2000,cancelled\n"
        "o4,c1,2025-02-03T10:00:00Z,USD,2000,paid\n"
        "o5,c3,2025-02-14T10:00:00Z,USD,4000,refunded\n"
        "o6,c3,2025-02-20T10:00:00Z,USD,1000,paid\n"
        "o7,,2025-02-25T10:00:00Z,USD,500,paid\n"
        "o8,c4,2025-03-01T10:00:00Z,USD,6000,paid\n"
    ),
    "order_items": (
        "order_item_id,order_id,product_id,quantity,unit_price_cents,discount_cents\n"
        "i1,o1,P1,1,1000,0\ni2,o2,P2,1,2000,0\ni3,o2,P1,1,1000,0\n"
        "i4,o3,P2,1,2000,0\ni5,o4,P1,2,1000,200\n"
    ),
    "refunds": "refund_id,order_id,refunded_at,amount_cents\nr1,o4,2025-02-10T10:00:00Z,500\n",
    "events": (
        "event_id,session_id,event_type,occurred_at\n"
        "e1,s1,session_start,2025-02-02T10:00:00Z\ne2,s1,checkout,2025-02-02T10:05:00Z\n"
        "e3,s2,session_start,2025-02-03T10:00:00Z\ne4,s3,session_start,2025-02-04T10:00:00Z\n"
        "e5,s3,checkout,2025-02-04T10:09:00Z\ne6,s4,session_start,2025-02-05T10:00:00Z\n"
    ),
    "campaigns": (
        "campaign_id,name,channel,started_at,spend_cents,delivered,opens,clicks,unsubscribes,"
        "impressions,conversions,revenue_cents\n"
        "m1,February news,email,2025-02-01T09:00:00Z,,1000,250,40,5,,4,40000\n"
        "a1,February ads,ads,2025-02-15T09:00:00Z,10000,,,200,,10000,6,30000\n"
    ),
    "leads": (
        "lead_id,company,status,created_at,converted_at\n"
        "l1,Cafe A,converted,2025-01-03T10:00:00Z,2025-02-01T10:00:00Z\n"
        "l2,Cafe B,lost,2025-01-15T10:00:00Z,\n"
        "l3,Cafe C,converted,2025-01-20T10:00:00Z,\n"
    ),
    "deals": (
        "deal_id,name,amount_cents,created_at,closed_at,is_closed,is_won\n"
        "d1,Deal 1,100000,2025-01-01T10:00:00Z,2025-02-10T10:00:00Z,true,true\n"
        "d2,Deal 2,50000,2025-01-05T10:00:00Z,2025-02-20T10:00:00Z,true,false\n"
        "d3,Deal 3,70000,2025-02-01T10:00:00Z,,false,false\n"
        "d4,Deal 4,30000,2025-01-10T10:00:00Z,2025-03-05T10:00:00Z,true,true\n"
    ),
    "feedback": (
        "feedback_id,kind,created_at,rating,nps,csat,first_response_at\n"
        "f1,survey,2025-02-05T10:00:00Z,,,5,\nf2,survey,2025-02-06T10:00:00Z,,,4,\n"
        "f3,survey,2025-02-07T10:00:00Z,,,2,\n"
        "f4,survey,2025-02-08T10:00:00Z,,10,,\nf5,survey,2025-02-08T11:00:00Z,,9,,\n"
        "f6,survey,2025-02-08T12:00:00Z,,9,,\n"
        "f7,survey,2025-02-08T13:00:00Z,,7,,\nf8,survey,2025-02-08T14:00:00Z,,3,,\n"
        "f9,review,2025-02-09T10:00:00Z,5,,,\nf10,review,2025-02-10T10:00:00Z,4,,,\n"
        "f11,review,2025-02-11T10:00:00Z,3,,,\n"
        "f12,ticket,2025-02-01T10:00:00Z,,,,2025-02-01T12:00:00Z\n"
        "f13,ticket,2025-02-02T00:00:00Z,,,,2025-02-02T06:00:00Z\n"
        "f14,ticket,2025-02-03T08:00:00Z,,,,2025-02-03T09:00:00Z\n"
    ),
}
ORDER = (
    "customers",
    "products",
    "orders",
    "order_items",
    "refunds",
    "events",
    "campaigns",
    "leads",
    "deals",
    "feedback",
)


def import_tables(ws, folder: Path, names) -> None:
    for name in names:
        path = folder / f"{name}.csv"
        path.write_text(FILES[name], encoding="utf-8")
        import_file(ws, name, path)


@pytest.fixture
def tiny_shop(workspace, tmp_path):
    """Returns (workspace, import function for the remaining tables): orders come first."""
    import_tables(workspace, tmp_path, ORDER[:3])
    return workspace, lambda: import_tables(workspace, tmp_path, ORDER[3:])


@pytest.fixture
def new_york_workspace(tmp_path, database_url, monkeypatch):
    """An empty workspace whose shop keeps New York time (DST changes included)."""
    from regulars.services.workspace import Workspace

    monkeypatch.setenv("REGULARS_TIMEZONE", "America/New_York")
    ws = Workspace.open(tmp_path / "ny", database_url)
    ws.init()
    yield ws
    ws.close()
