"""Experiments in the store: create one (arms, weights, holdout), find one, list them."""

from __future__ import annotations

import hashlib
import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime

import pyarrow as pa

from regulars.errors import InputError, NotFoundError
from regulars.services.workspace import Workspace
from regulars.store import ImportRecord, write_import

HOLDOUT = "holdout"
KEY_SEPARATOR = "\x1f"


def stable_key(table: str, *parts: str) -> str:
    """The key the importer derives for ``table`` from these values (re-imports match)."""
    return hashlib.sha1(KEY_SEPARATOR.join((table, *parts)).encode("utf-8")).hexdigest()[:20]


@dataclass(frozen=True)
class ArmPlan:
    """Arms and weights as stored (``control:0.45,treatment:0.45,holdout:0.1``), and as hashed."""

    weights: dict[str, float]  # every arm incl. the holdout, summing to 1
    holdout: float

    @property
    def arms(self) -> list[str]:
        return [a for a in self.weights if a != HOLDOUT]

    @property
    def control(self) -> str:
        return "control" if "control" in self.weights else self.arms[0]

    @property
    def hashing_weights(self) -> dict[str, float]:
        """The arms' weights among the units not held out (GrowthBook: coverage = 1 - holdout)."""
        total = sum(self.weights[a] for a in self.arms)
        return {a: self.weights[a] / total for a in self.arms}

    def text(self) -> str:
        return ",".join(f"{a}:{w:g}" for a, w in self.weights.items())


def parse_arms(text: str, holdout: float = 0.0) -> ArmPlan:
    """``control:0.5,treatment:0.5`` (weights optional: equal split), scaled down by ``holdout``."""
    if not 0 <= holdout < 1:
        raise InputError(
            f"--holdout {holdout}: give the held-out share as a fraction below 1, e.g. 0.1"
        )
    pairs = []
    for part in (p.strip() for p in text.split(",") if p.strip()):
        name, _, weight = part.partition(":")
        try:
            pairs.append((name.strip(), float(weight) if weight else None))
        except ValueError as exc:
            raise InputError(f"arm {part!r}: write it as NAME:WEIGHT, e.g. treatment:0.5") from exc
    names = [n for n, _ in pairs]
    if len(names) < 2 or len(set(names)) != len(names) or "" in names:
        raise InputError(
            f"arms {text!r}: name at least two different arms, e.g. control:0.5,treatment:0.5"
        )
    stored_holdout = dict(pairs).get(HOLDOUT)
    if stored_holdout is not None:
        return ArmPlan({n: float(w) for n, w in pairs}, float(stored_holdout))
    weights = [w if w is not None else 1.0 for _, w in pairs]
    if any(w <= 0 for w in weights):
        raise InputError(f"arms {text!r}: every weight must be positive")
    scale = (1 - holdout) / sum(weights)
    plan = {n: w * scale for n, w in zip(names, weights)}
    if holdout:
        plan[HOLDOUT] = holdout
    return ArmPlan(plan, holdout)


@dataclass(frozen=True)
class Experiment:
    experiment_id: str
    name: str
    arms: str
    status: str | None = None
    hypothesis: str | None = None
    primary_metric: str | None = None
    started_at: datetime | None = None
    ended_at: datetime | None = None
    planned_sample_size: int | None = None

    @property
    def plan(self) -> ArmPlan:
        return parse_arms(self.arms)

    def to_dict(self) -> dict:
        return asdict(self)


_FIELDS = (
    "experiment_id",
    "name",
    "arms",
    "status",
    "hypothesis",
    "primary_metric",
    "started_at",
    "ended_at",
    "planned_sample_size",
)


def find_experiment(ws: Workspace, name: str) -> Experiment:
    """The experiment with this name or id."""
    t = ws.store.table("experiments")
    rows = ws.store.to_arrow(
        t.filter((t.name == name) | (t.experiment_id == name)).select(*_FIELDS)
    ).to_pylist()
    if not rows:
        raise NotFoundError(f"no experiment named {name!r}; `regulars experiment list` shows them")
    return Experiment(**rows[0])


def write_experiment_rows(ws: Workspace, rows: pa.Table, file_name: str) -> dict:
    record = ImportRecord(
        uuid.uuid4().hex,
        "experiments",
        file_name,
        hashlib.sha256(str(rows.to_pylist()).encode()).hexdigest(),
        "experiment",
        rows.num_rows,
    )
    return {k: asdict(v) for k, v in write_import(ws.store, record, {"experiments": rows}).items()}


def create_experiment(
    ws: Workspace,
    name: str,
    arms: str = "control:0.5,treatment:0.5",
    holdout: float = 0.0,
    hypothesis: str | None = None,
    primary_metric: str = "converted",
    planned_sample_size: int | None = None,
) -> Experiment:
    """A new experiment in status ``draft``; its id is the one an imported file with this name
    gets. ``planned_sample_size`` (N*, units in all arms) fixes the sequential test's tuning at
    plan time, so it is not re-tuned at each look."""
    name = name.strip()
    if not name:
        raise InputError("give the experiment a name")
    plan = parse_arms(arms, holdout)
    experiment_id = stable_key("experiments", name)
    t = ws.store.table("experiments")
    if ws.store.to_arrow(t.filter(t.experiment_id == experiment_id).count()).as_py():
        raise InputError(f"an experiment named {name!r} exists already; pick another name")
    if planned_sample_size is not None and planned_sample_size < 2:
        raise InputError("--planned-sample-size is the units in all arms together: at least 2")
    row = Experiment(
        experiment_id,
        name,
        plan.text(),
        "draft",
        hypothesis,
        primary_metric,
        planned_sample_size=planned_sample_size,
    )
    rows = pa.table(
        {
            "experiment_id": [row.experiment_id],
            "name": [name],
            "arms": [row.arms],
            "status": ["draft"],
            "hypothesis": pa.array([hypothesis], pa.string()),
            "primary_metric": [primary_metric],
            "planned_sample_size": pa.array([planned_sample_size], pa.int64()),
            "_source_line": pa.array([None], pa.int64()),
        }
    )
    write_experiment_rows(ws, rows, f"experiment create {name}")
    return row


def mark_running(ws: Workspace, experiment: Experiment, at: datetime) -> None:
    """Status ``running`` and a start time, the first time units are assigned."""
    if experiment.status not in (None, "draft"):
        return
    rows = pa.table(
        {
            "experiment_id": [experiment.experiment_id],
            "status": ["running"],
            "started_at": pa.array([experiment.started_at or at], pa.timestamp("us", tz="UTC")),
            "_source_line": pa.array([None], pa.int64()),
        }
    )
    write_experiment_rows(ws, rows, f"experiment start {experiment.name}")


@dataclass(frozen=True, slots=True)
class ExperimentListing:
    """An experiment as the list shows it: its row, and units per arm (assigned and exposed)."""

    experiment_id: str
    name: str
    arms: str
    status: str | None
    hypothesis: str | None
    primary_metric: str | None
    started_at: datetime | None
    ended_at: datetime | None
    planned_sample_size: int | None
    units: dict[str, dict[str, int]]
    assigned: int


def list_experiments(ws: Workspace) -> tuple[ExperimentListing, ...]:
    """Every experiment with its units per arm (assigned and exposed), latest started first."""
    e = ws.store.table("experiments")
    a = ws.store.table("experiment_assignments")
    counts = a.group_by(["experiment_id", "arm"]).aggregate(
        assigned=a.count(), exposed=a.exposed_at.count()
    )
    rows = ws.store.to_arrow(counts).to_pylist()
    out = []
    for r in ws.store.to_arrow(
        e.select(*_FIELDS).order_by([e.started_at.desc(), e.name])
    ).to_pylist():
        arms = {
            c["arm"]: {"assigned": c["assigned"], "exposed": c["exposed"]}
            for c in rows
            if c["experiment_id"] == r["experiment_id"]
        }
        out.append(
            ExperimentListing(
                **r,
                units=dict(sorted(arms.items())),
                assigned=sum(v["assigned"] for v in arms.values()),
            )
        )
    return tuple(out)


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)
