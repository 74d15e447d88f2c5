"""A hand-built experiment whose per-arm sums are worked out by hand in the tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from regulars.services.imports import import_file

FILES = {
    "customers": "customer_id,email\n" + "".join(f"c{i},c{i}@example.com\n" for i in range(1, 7)),
    "experiments": (
        "experiment_id,name,status,arms,primary_metric\n"
        'E1,Banner,running,"control:0.5,treatment:0.5",converted\n'
    ),
    "experiment_assignments": (
        "assignment_id,experiment_id,customer_id,arm,assigned_at,exposed_at\n"
        "a1,E1,c1,control,2025-01-01T00:00:00Z,2025-01-01T00:00:00Z\n"
        "a2,E1,c2,control,2025-01-01T00:00:00Z,2025-01-02T00:00:00Z\n"
        "a3,E1,c3,control,2025-01-01T00:00:00Z,\n"
        "a4,E1,c4,treatment,2025-01-01T00:00:00Z,2025-01-01T00:00:00Z\n"
        "a5,E1,c5,treatment,2025-01-01T00:00:00Z,2025-01-03T00:00:00Z\n"
        "a6,E1,c6,treatment,2025-01-01T00:00:00Z,2025-01-01T00:00:00Z\n"
    ),
    "orders": (
        "order_id,customer_id,ordered_at,currency,total_cents,status\n"
        "o1,c1,2025-01-05T10:00:00Z,USD,1000,paid\n"
        "o2,c1,2025-01-10T10:00:00Z,USD,3000,paid\n"
        "o3,c2,2025-01-20T10:00:00Z,USD,5000,paid\n"
        "o4,c4,2024-12-20T10:00:00Z,USD,2000,paid\n"
        "o5,c4,2025-01-02T10:00:00Z,USD,4000,refunded\n"
        "o6,c5,2025-01-04T10:00:00Z,USD,1000,cancelled\n"
        "o7,c6,2025-01-14T10:00:00Z,USD,6000,paid\n"
        "o8,c3,2025-01-02T10:00:00Z,USD,7000,paid\n"
    ),
    "campaigns": (
        "campaign_id,name,channel,started_at\nm1,January news,email,2025-01-01T09:00:00Z\n"
    ),
    "campaign_touches": (
        "touch_id,campaign_id,customer_id,touch_type,occurred_at\n"
        "t1,m1,c1,opened,2025-01-03T10:00:00Z\n"
        "t2,m1,c4,opened,2025-01-02T10:00:00Z\n"
        "t3,m1,c4,opened,2025-01-03T10:00:00Z\n"
        "t4,m1,c5,opened,2024-12-31T10:00:00Z\n"
    ),
}


@pytest.fixture
def tiny_experiment(workspace, tmp_path: Path):
    for name, text in FILES.items():
        path = tmp_path / f"{name}.csv"
        path.write_text(text, encoding="utf-8")
        import_file(workspace, name, path)
    return workspace
