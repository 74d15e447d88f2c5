"""``generate``: a seeded specialty coffee roaster (online retail and wholesale) with planted
truths."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from regulars import schema
from regulars.demo import affinities as af
from regulars.demo import assistant as asst
from regulars.demo import campaigns as cm
from regulars.demo import catalog as ca
from regulars.demo import consents as co
from regulars.demo import customers as cu
from regulars.demo import experiments as ex
from regulars.demo import feedback as fb
from regulars.demo import market as mk
from regulars.demo import offers as of
from regulars.demo import orders as od
from regulars.demo import purchases as pu
from regulars.demo import sales as sa
from regulars.demo import tables
from regulars.demo import web as wb
from regulars.demo.clock import WEEKDAY_WEIGHTS, Window, black_friday
from regulars.demo.truths import Truths
from regulars.offer_tables import LOG_COLUMNS

END = dt.date(2026, 10, 31)


@dataclass(frozen=True)
class DemoShop:
    tables: dict[str, pa.Table]
    truths: Truths

    @property
    def offer_log(self) -> pa.Table | None:
        """The logged offer test (``demo.offers``) as an email tool exports it: four columns."""
        log = self.tables.get("offer_log")
        return None if log is None else log.select(list(LOG_COLUMNS))


def _kpi_targets(window: Window) -> pa.Table:
    rows = (
        ("revenue_cents", "month", 9_000_000.0, "Grow 15% on last year"),
        ("new_customers", "month", 300.0, ""),
        ("repeat_rate", "quarter", 0.35, "Share of customers with a second order"),
        ("nps", "quarter", 50.0, ""),
        ("site_conversion_rate", "month", 0.035, "After the banner test"),
    )
    return tables.build(
        "kpi_targets",
        {
            "kpi": [r[0] for r in rows],
            "period": [r[1] for r in rows],
            "target": np.array([r[2] for r in rows]),
            "set_at": np.full(len(rows), window.start_us),
            "note": [r[3] or None for r in rows],
        },
    )


def _btyd_customers(people: cu.Customers, plan: pu.Plan) -> dict[str, dict]:
    idx = np.flatnonzero(~np.isnan(plan.lam))
    ids = people.ids.take(pa.array(idx)).to_pylist()
    alive = plan.alive_until[idx] == np.iinfo(np.int64).max
    return {
        i: {"lambda": float(lam), "p": float(p), "alive_at_end": bool(a)}
        for i, lam, p, a in zip(ids, plan.lam[idx], plan.p[idx], alive)
    }


def _base_truths(seed: int, window: Window, people: cu.Customers, btyd: pu.BTYD, **kw) -> dict:
    groups = np.array(cu.GROUPS, dtype=object)[people.group]
    return dict(
        seed=seed,
        customers=len(people),
        start=window.start.isoformat(),
        end=window.end.isoformat(),
        btyd=btyd.as_dict(),
        customer_groups=dict(zip(people.ids.to_pylist(), groups.tolist())),
        group_counts={g: int((people.group == i).sum()) for i, g in enumerate(cu.GROUPS)},
        group_rules={
            "lapsed_quiet_days": cu.LAPSED_QUIET_DAYS,
            "subscription_every_days": 30.44,
            "subscriber_min_tenure_days": cu.SUBSCRIBER_MIN_TENURE_DAYS,
            "wholesale_every_days": 14.0,
            "code_probability": {f"hunter={h},promo={p}": v for (h, p), v in od.CODE_P.items()},
            "gift_season": "10 days before Black Friday to December 21",
        },
        seasonality={
            "weekday_weights_mon_to_sun": list(WEEKDAY_WEIGHTS),
            "black_fridays": [
                black_friday(y).isoformat() for y in range(window.start.year, window.end.year + 1)
            ],
            "black_friday_to_cyber_monday_factor": 3.0,
            "december_1_20_factor": 1.6,
            "yearly": "1 + 0.22 cos(2 pi (day_of_year - 15) / 365.25)",
            "growth": "0.9 -> 1.1 linear",
        },
        promotions=[p.as_dict() for p in window.promotions],
        notes={"money": od.__doc__.split("\n\n", 1)[1].strip()},
        **kw,
    )


def generate(
    customers: int = 8000, seed: int = 42, months: int = 30, end: dt.date = END
) -> DemoShop:
    """The full shop: every canonical table and the planted truths."""
    window = Window.ending(end, months)
    rng = lambda part: tables.rng_for(seed, part)  # noqa: E731
    cat = ca.make_catalog(rng("catalog"), window)
    pipeline = sa.make_pipeline(rng("sales"), window, customers)
    people = cu.make_customers(
        rng("customers"), window, customers, pipeline.won_close_us, pipeline.won_company
    )
    btyd = pu.BTYD()
    plan = pu.plan_purchases(rng("purchases"), window, people, btyd)
    consents = co.make_consents(rng("consents"), window, people.created_us)
    campaigns, touches = cm.run_campaigns(rng("campaigns"), window, people, consents, plan)
    experiments = ex.Experiments()
    experiments.banner(rng("banner"), window, people, plan)
    experiments.subject_line(rng("subject"), campaigns, touches)
    orders = od.build_orders(rng("orders"), window, cat, people, plan, prices_rng=rng("prices"))
    out: dict[str, pa.Table] = {
        "customers": people.table,
        "products": cat.table,
        "orders": orders.table,
        "order_items": orders.items,
        "refunds": orders.refunds,
    }
    camp_tables, camp_truths = cm.finalize(campaigns, touches, orders, people.ids)
    web_tables, conversion, content = wb.make_web(
        rng("web"), window, people, orders, campaigns, touches, cat
    )
    names = people.table["first_name"].combine_chunks()
    feedback, delay = fb.make_feedback(rng("feedback"), window, people.ids, names, orders)
    market_tables, market_truths = mk.make_market(rng("market"), window, cat)
    out.update(
        camp_tables,
        **web_tables,
        feedback=feedback,
        **market_tables,
        kpi_targets=_kpi_targets(window),
        faq_entries=asst.faq_table(),
    )
    out.update(experiments.tables(people.ids), consents=consents.table(people.ids))
    out.update(pipeline.tables(people.ids, np.flatnonzero(people.group == cu.WHOLESALE)))
    out["offer_log"], offer_truths = of.make_offer_log(rng("offers"), window.end_us, people)
    out = {t.name: out[t.name] for t in schema.TABLES}
    truths = Truths(
        **_base_truths(
            seed,
            window,
            people,
            btyd,
            btyd_customers=_btyd_customers(people, plan),
            campaigns=camp_truths,
            site_conversion=conversion,
            shipping_delay=delay,
            sales=pipeline.truths,
            experiments=experiments.truths,
            competitors=market_truths,
            marketing_refused=co.latest_marketing_refused(out["consents"]),
            content=content,
            recommendations=af.truths(cat),
            pricing=orders.pricing or {},
            offers=offer_truths,
            assistant=asst.truths(),
            row_counts={k: v.num_rows for k, v in out.items()},
        )
    )
    return DemoShop(out, truths)


def _calibrated_plan(
    rng, window: Window, people: cu.Customers, per_customer: float
) -> tuple[pu.BTYD, pu.Plan]:
    """Plan once, see how many orders the non-BTYD groups place, re-aim the BTYD customers and plan
    again."""
    btyd_group = np.isin(people.group, (cu.ORDINARY, cu.HUNTER))
    created = people.created_us[people.group == cu.ORDINARY]
    btyd = pu.calibrated(pu.BTYD(), window, created, per_customer)
    plan = pu.plan_purchases(rng("purchases"), window, people, btyd)
    others = int((~btyd_group[plan.cust]).sum())
    target = max((per_customer * len(people) - others) / max(int(btyd_group.sum()), 1), 1.05)
    btyd = pu.calibrated(pu.BTYD(), window, created, target)
    return btyd, pu.plan_purchases(rng("purchases"), window, people, btyd)


def generate_orders_only(
    customers: int = 1_000_000,
    seed: int = 42,
    months: int = 30,
    end: dt.date = END,
    orders_per_customer: float = 10.0,
    with_items: bool = False,
) -> DemoShop:
    """Customers and orders (and optionally order_items) only, fast, for benchmarks.

    ``orders_per_customer`` calibrates the BTYD rate (alpha) so that all customers together average
    about that many orders; the planted groups keep their own rhythms.
    """
    window = Window.ending(end, months)
    rng = lambda part: tables.rng_for(seed, part)  # noqa: E731
    cat = ca.make_catalog(rng("catalog"), window)
    people = cu.make_customers(rng("customers"), window, customers)
    btyd, plan = _calibrated_plan(rng, window, people, orders_per_customer)
    orders = od.build_orders(rng("orders"), window, cat, people, plan, with_items=with_items)
    out = {"customers": people.table, "products": cat.table, "orders": orders.table}
    if with_items:
        out["order_items"] = orders.items
    truths = Truths(
        **_base_truths(
            seed, window, people, btyd, row_counts={k: v.num_rows for k, v in out.items()}
        )
    )
    return DemoShop(out, truths)
