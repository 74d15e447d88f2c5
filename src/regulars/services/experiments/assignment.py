"""Sticky assignment of customers to arms, written through the store's transactional writer.

Each customer's arm is GrowthBook's hash of (experiment id, customer id) cut by the arms' weights;
held-out customers are recorded with the arm ``holdout``. Customers assigned before keep their
row: re-running adds only customers who are new since.
"""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from regulars.analytics.experiments import assign_many
from regulars.errors import InputError
from regulars.services.experiments.registry import (
    HOLDOUT,
    find_experiment,
    mark_running,
    now,
    stable_key,
)
from regulars.services.workspace import Workspace
from regulars.store import ImportRecord, write_import


def candidate_customers(ws: Workspace, customers: str = "all") -> pa.Array:
    """Customer ids to assign: ``all``, or the members of a saved audience of that name."""
    if customers == "all":
        return ws.store.key_values("customers", "customer_id")
    from regulars.services.segments.audiences import audience_members, get_audience

    members = audience_members(ws, get_audience(ws, customers, count=False).rule)
    return ws.store.to_arrow(members.select("customer_id"))["customer_id"].combine_chunks()


def assignment_rows(
    experiment_id: str,
    customer_ids: list[str],
    weights: dict[str, float],
    holdout: float,
    at: datetime,
) -> pa.Table:
    arms = assign_many(experiment_id, customer_ids, weights, holdout=holdout)
    arms = np.where(_held_out(arms), HOLDOUT, arms).astype(str)
    return pa.table(
        {
            "assignment_id": [
                stable_key("experiment_assignments", experiment_id, c) for c in customer_ids
            ],
            "experiment_id": pa.array([experiment_id] * len(customer_ids), pa.string()),
            "customer_id": pa.array(customer_ids, pa.string()),
            "arm": pa.array(arms.tolist(), pa.string()),
            "assigned_at": pa.array([at] * len(customer_ids), pa.timestamp("us", tz="UTC")),
            "_source_line": pa.nulls(len(customer_ids), pa.int64()),
        }
    )


def _held_out(values: np.ndarray) -> np.ndarray:
    return np.array([v is None for v in values], dtype=bool)


@dataclass(frozen=True, slots=True)
class Assignment:
    """What one assignment run did: candidates, those assigned before, those assigned now per
    arm."""

    experiment: str
    experiment_id: str
    candidates: int
    already_assigned: int
    assigned_now: int
    per_arm: dict[str, int]
    counts: dict[str, dict[str, int]]


@dataclass(frozen=True, slots=True)
class AssignmentExport:
    experiment: str
    file: str
    rows: int


def assign_experiment(
    ws: Workspace, name: str, customers: str = "all", at: datetime | None = None
) -> Assignment:
    """Assign every candidate customer not yet in the experiment; returns counts per arm."""
    experiment = find_experiment(ws, name)
    plan = experiment.plan
    a = ws.store.table("experiment_assignments")
    known = ws.store.to_arrow(
        a.filter(a.experiment_id == experiment.experiment_id).select("customer_id")
    )["customer_id"]
    candidates = candidate_customers(ws, customers)
    new = pc.filter(
        candidates, pc.invert(pc.is_in(candidates, value_set=known.combine_chunks()))
    ).to_pylist()
    at = at or now()
    rows = assignment_rows(
        experiment.experiment_id, sorted(new), plan.hashing_weights, plan.holdout, at
    )
    record = ImportRecord(
        uuid.uuid4().hex,
        "experiment_assignments",
        f"experiment assign {experiment.name}",
        hashlib.sha256("\n".join(sorted(new)).encode()).hexdigest(),
        "assignment",
        rows.num_rows,
    )
    counts = (
        write_import(ws.store, record, {"experiment_assignments": rows}) if rows.num_rows else {}
    )
    if rows.num_rows:
        mark_running(ws, experiment, at)
    per_arm = {
        arm: int(n)
        for arm, n in zip(
            *np.unique(np.asarray(rows["arm"].to_pylist(), dtype=str), return_counts=True)
        )
    }
    return Assignment(
        experiment.name,
        experiment.experiment_id,
        len(candidates),
        len(candidates) - len(new),
        rows.num_rows,
        per_arm,
        {k: asdict(v) for k, v in counts.items()},
    )


def export_assignments(
    ws: Workspace, name: str, to: Path | str, arm: str | None = None
) -> AssignmentExport:
    """The assignment list as CSV: customer_id, arm, assigned_at, exposed_at (no personal data)."""
    experiment = find_experiment(ws, name)
    target = Path(to)
    if target.suffix.lower() != ".csv":
        raise InputError(f"--to {target}: assignment lists are written as .csv")
    a = ws.store.table("experiment_assignments")
    a = a.filter(a.experiment_id == experiment.experiment_id)
    if arm:
        a = a.filter(a.arm == arm)
    rows = ws.store.to_arrow(
        a.select("customer_id", "arm", "assigned_at", "exposed_at").order_by(["arm", "customer_id"])
    )
    target.parent.mkdir(parents=True, exist_ok=True)
    pacsv.write_csv(rows, target)
    return AssignmentExport(experiment.name, str(target), rows.num_rows)
