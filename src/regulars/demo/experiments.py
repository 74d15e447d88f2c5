"""Two A/B tests: a free-shipping banner with a real lift, and an email subject-line test with none.

Banner test: retail customers (ordinary and discount hunters) alive when it starts are assigned
50/50;
85% are exposed during the 28 days. Primary metric: placed an order within 14 days after first
exposure. The generator enforces the planted per-arm probabilities on those 14 days: it removes the
customer's planned orders there and, with the arm's probability, plants one order.
Subject-line test: the recipients of one newsletter split 50/50; both arms share the campaign's open
and click rates, so the planted effect is zero.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from regulars.demo import campaigns as cm
from regulars.demo import customers as cu
from regulars.demo import purchases as pu
from regulars.demo import tables
from regulars.demo.clock import DAY_US, NEVER, Window

BANNER_RATES = {"control": 0.15, "treatment": 0.20}
BANNER_DAYS, BANNER_WINDOW_DAYS, BANNER_EXPOSED = 28, 14, 0.85
BANNER_START_DAYS_BEFORE_END = 200


class Experiments:
    def __init__(self) -> None:
        self.rows: list[dict] = []
        self.assign: list[
            tuple[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray]
        ] = []  # exp, cust, arm, at, exposed
        self.truths: list[dict] = []

    def banner(
        self, rng: np.random.Generator, window: Window, people: cu.Customers, plan: pu.Plan
    ) -> None:
        start = window.end_us - BANNER_START_DAYS_BEFORE_END * DAY_US
        end = start + BANNER_DAYS * DAY_US
        g = people.group
        pop = np.flatnonzero(
            np.isin(g, (cu.ORDINARY, cu.HUNTER))
            & (people.created_us < start)
            & (plan.alive_until > start)
        )
        arm = (rng.random(len(pop)) < 0.5).astype(np.int64)
        assigned = start + rng.integers(0, 3_600_000_000, len(pop))
        exposed_mask = rng.random(len(pop)) < BANNER_EXPOSED
        exposed = np.where(
            exposed_mask, start + (rng.random(len(pop)) * (end - start)).astype(np.int64), NEVER
        )
        exposed = np.maximum(exposed, assigned)
        ex_cust, ex_at, ex_arm = pop[exposed_mask], exposed[exposed_mask], arm[exposed_mask]
        horizon = BANNER_WINDOW_DAYS * DAY_US
        first = np.full(len(people), NEVER, dtype=np.int64)
        first[ex_cust] = ex_at
        in_window = (
            (plan.t_us >= first[plan.cust])
            & (plan.t_us < first[plan.cust] + horizon)
            & (first[plan.cust] != NEVER)
        )
        plan.keep(~in_window)
        p = np.where(ex_arm == 1, BANNER_RATES["treatment"], BANNER_RATES["control"])
        buys = rng.random(len(ex_cust)) < p
        plan.add(
            ex_cust[buys],
            ex_at[buys] + (rng.random(int(buys.sum())) * horizon).astype(np.int64),
            pu.EXPERIMENT,
        )
        self._record(
            "Free-shipping threshold banner",
            "Showing the free-shipping threshold in a banner raises the share of customers who "
            "order.",
            "order within 14 days of first exposure",
            start,
            end,
            pop,
            arm,
            assigned,
            exposed,
        )
        self.truths.append(
            {
                "name": "Free-shipping threshold banner",
                "metric": "converted_14d",
                "planted": dict(BANNER_RATES),
                "planted_lift": BANNER_RATES["treatment"] - BANNER_RATES["control"],
                "realised": {
                    a: {
                        "assigned": int((arm == i).sum()),
                        "exposed": int((ex_arm == i).sum()),
                        "converted": int(buys[ex_arm == i].sum()),
                    }
                    for i, a in enumerate(("control", "treatment"))
                },
            }
        )

    def subject_line(
        self, rng: np.random.Generator, campaigns: list[cm.Campaign], touches: cm.Touches
    ) -> None:
        ci = next(i for i, c in enumerate(campaigns) if c.subject_test)
        c = campaigns[ci]
        cust, camp, kind, t = touches.arrays()
        mine = camp == ci
        sent = np.unique(cust[mine & (kind == cm.SENT)])
        arm = (rng.random(len(sent)) < 0.5).astype(np.int64)
        delivered = np.isin(sent, cust[mine & (kind == cm.DELIVERED)])
        opened = np.isin(sent, cust[mine & (kind == cm.OPENED)])
        clicked = np.isin(sent, cust[mine & (kind == cm.CLICKED)])
        exposed = np.where(delivered, c.start_us, NEVER)
        self._record(
            f"Subject line test: {c.name}",
            "A question in the subject line raises opens.",
            "open_rate",
            c.start_us,
            c.start_us + 3 * DAY_US,
            sent,
            arm,
            np.full(len(sent), c.start_us),
            exposed,
            status_running=False,
        )
        self.truths.append(
            {
                "name": f"Subject line test: {c.name}",
                "metric": "open_rate",
                "campaign_index": ci,
                "planted": {"control": c.open_rate, "treatment": c.open_rate},
                "planted_lift": 0.0,
                "realised": {
                    a: {
                        "assigned": int((arm == i).sum()),
                        "exposed": int(delivered[arm == i].sum()),
                        "opened": int(opened[arm == i].sum()),
                        "clicked": int(clicked[arm == i].sum()),
                    }
                    for i, a in enumerate(("control", "treatment"))
                },
            }
        )

    def _record(
        self,
        name,
        hypothesis,
        metric,
        start,
        end,
        cust,
        arm,
        assigned,
        exposed,
        status_running=False,
    ):
        self.rows.append(
            {
                "name": name,
                "hypothesis": hypothesis,
                "primary_metric": metric,
                "started_at": start,
                "ended_at": end,
                "status": "running" if status_running else "stopped",
            }
        )
        self.assign.append((len(self.rows) - 1, cust, arm, assigned, exposed))

    def tables(self, customer_ids: pa.Array) -> dict[str, pa.Table]:
        exp_ids = tables.ids("EXP", len(self.rows), 3)
        for i, t in enumerate(self.truths):
            t["experiment_id"] = exp_ids[i].as_py()
        experiments = tables.build(
            "experiments",
            {
                "experiment_id": exp_ids,
                "name": [r["name"] for r in self.rows],
                "hypothesis": [r["hypothesis"] for r in self.rows],
                "status": [r["status"] for r in self.rows],
                "arms": "control:0.5,treatment:0.5",
                "primary_metric": [r["primary_metric"] for r in self.rows],
                "started_at": np.array([r["started_at"] for r in self.rows]),
                "ended_at": np.array([r["ended_at"] for r in self.rows]),
            },
        )
        e, c, a, at, ex = (
            np.concatenate(x)
            for x in zip(*[(np.full(len(c), e), c, a, at, ex) for e, c, a, at, ex in self.assign])
        )
        assignments = tables.build(
            "experiment_assignments",
            {
                "assignment_id": tables.ids("A", len(e), 7),
                "experiment_id": exp_ids.take(pa.array(e)),
                "customer_id": customer_ids.take(pa.array(c)),
                "arm": tables.pick(("control", "treatment"), a),
                "assigned_at": at,
                "exposed_at": ex,
            },
        )
        return {"experiments": experiments, "experiment_assignments": assignments}
