"""The wholesale pipeline: leads, deals and stage history; won deals become wholesale cafés."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from regulars.demo import customers as cu
from regulars.demo import tables
from regulars.demo.clock import DAY_US, NEVER, Window, intraday_us

STAGES = ("lead", "qualified", "proposal", "negotiation")
WON, LOST = "closed won", "closed lost"
OWNERS = ("Maya Chen", "Luc Tremblay", "Sam Okafor")
SOURCES = ("trade show", "referral", "website form", "instagram", "cold outreach")
WIN_RATE = 0.30  # among closed deals (the mean of the planted rates by source below)
#: Planted win rate by the deal's source (the pipeline's planted truth; averages WIN_RATE).
WIN_RATE_BY_SOURCE = {"trade show": 0.35, "referral": 0.55, "website form": 0.25,
                      "instagram": 0.20, "cold outreach": 0.15}  # fmt: skip
WON_CYCLE_MEDIAN_DAYS, WON_CYCLE_SIGMA = (
    38.0,
    0.5,
)  # lognormal, days from deal created to closed won
LOST_CYCLE_MEDIAN_DAYS, LOST_CYCLE_SIGMA = 30.0, 0.6
DEAL_SHARE = 0.75  # leads that become deals


@dataclass(frozen=True)
class Pipeline:
    leads: dict
    deals: dict
    history: dict
    won_close_us: np.ndarray  # sorted close times of won deals (the wholesale customers' arrival)
    won_company: list[str]  # in the same order
    won_deal: np.ndarray  # deal index in the same order
    truths: dict

    def tables(self, customer_ids: pa.Array, wholesale_idx: np.ndarray) -> dict[str, pa.Table]:
        """Fill in customer references (the k-th wholesale customer is the k-th won deal) and
        build."""
        deal_cust = np.full(len(self.deals["deal_id"]), None, dtype=object)
        deal_cust[self.won_deal] = customer_ids.take(pa.array(wholesale_idx)).to_numpy(
            zero_copy_only=False
        )
        lead_col = np.full(len(self.leads["lead_id"]), None, dtype=object)
        lead_col[self.deals["lead_index"]] = deal_cust
        deals = {k: v for k, v in self.deals.items() if k != "lead_index"}
        return {
            "leads": tables.build("leads", {**self.leads, "customer_id": list(lead_col)}),
            "deals": tables.build("deals", {**deals, "customer_id": list(deal_cust)}),
            "deal_stage_history": tables.build("deal_stage_history", self.history),
        }


def _companies(rng, n: int) -> list[str]:
    words = rng.integers(0, len(cu.CAFE_WORDS), n)
    kinds = rng.integers(0, len(cu.CAFE_KINDS), n)
    return [f"{cu.CAFE_WORDS[w]} {cu.CAFE_KINDS[k]}" for w, k in zip(words, kinds)]


def _leads(rng, window: Window, n: int) -> dict:
    created = np.sort(
        window.start_us
        + (rng.random(n) * (window.end_us - window.start_us - 3 * DAY_US)).astype(np.int64)
    )
    first = [cu.FIRST[i] for i in rng.integers(0, len(cu.FIRST), n)]
    last = [cu.LAST[i] for i in rng.integers(0, len(cu.LAST), n)]
    company = _companies(rng, n)
    slug = [c.lower().replace(" & ", "-").replace(" ", "-").replace("é", "e") for c in company]
    return {
        "lead_id": tables.ids("L", n, 5),
        "name": [f"{given} {family}" for given, family in zip(first, last)],
        "email": [
            f"{f.lower()}@{s}-{i + 1}.example.com".replace("é", "e")
            for i, (f, s) in enumerate(zip(first, slug))
        ],
        "company": company,
        "source": [SOURCES[i] for i in rng.integers(0, len(SOURCES), n)],
        "owner": [OWNERS[i] for i in rng.integers(0, len(OWNERS), n)],
        "created_at": created,
    }


def _stage_times(rng, created: np.ndarray, cycle_us: np.ndarray, depth: np.ndarray) -> np.ndarray:
    """Entry time of each of the 4 open stages plus the closing stage (column 4); NEVER when not
    reached."""
    n = len(created)
    frac = np.cumsum(
        rng.dirichlet(np.ones(4), n), axis=1
    )  # 4 transitions: qualified, proposal, negotiation, close
    times = np.full((n, 5), NEVER, dtype=np.int64)
    times[:, 0] = created
    for s in range(1, 4):
        reached = depth >= s
        times[reached, s] = created[reached] + (frac[reached, s - 1] * cycle_us[reached]).astype(
            np.int64
        )
    times[:, 4] = created + cycle_us
    return times


def _history(deal_ids: pa.Array, times: np.ndarray, won: np.ndarray, end_us: int) -> dict:
    rows_deal, rows_stage, rows_at = [], [], []
    names = np.array(list(STAGES) + [WON], dtype=object)
    for s in range(5):
        ok = (times[:, s] != NEVER) & (times[:, s] < end_us)
        idx = np.flatnonzero(ok)
        rows_deal.append(idx)
        rows_stage.append(np.where(won[idx], names[s], names[s] if s < 4 else LOST))
        rows_at.append(times[idx, s])
    deal, stage, at = np.concatenate(rows_deal), np.concatenate(rows_stage), np.concatenate(rows_at)
    order = np.lexsort((at, deal))
    return {
        "deal_stage_id": tables.ids("DS", len(deal), 6),
        "deal_id": deal_ids.take(pa.array(deal[order])),
        "stage": list(stage[order]),
        "entered_at": at[order],
    }


def make_pipeline(
    rng: np.random.Generator, window: Window, n_customers: int, by_source: dict | None = None
) -> Pipeline:
    """Leads and deals; won at ``WIN_RATE``, or at the rates ``by_source`` plants per source (the
    demo shop keeps one rate: its won deals make its wholesale customers, which its other planted
    truths, the experiments among them, are drawn over)."""
    leads = _leads(rng, window, max(40, int(round(n_customers * 0.04))))
    n_leads = len(leads["created_at"])
    lead_index = np.flatnonzero(rng.random(n_leads) < DEAL_SHARE)
    n = len(lead_index)
    created = (
        leads["created_at"][lead_index] + rng.integers(2, 15, n) * DAY_US + intraday_us(rng, n) // 4
    )
    deal_source = [leads["source"][i] for i in lead_index]
    rate = np.array([by_source[x] for x in deal_source]) if by_source else WIN_RATE
    won = rng.random(n) < rate
    cycle_days = np.where(
        won,
        rng.lognormal(np.log(WON_CYCLE_MEDIAN_DAYS), WON_CYCLE_SIGMA, n),
        rng.lognormal(np.log(LOST_CYCLE_MEDIAN_DAYS), LOST_CYCLE_SIGMA, n),
    )
    cycle_us = (cycle_days * DAY_US).astype(np.int64)
    depth = np.where(
        won, 3, rng.integers(1, 4, n)
    )  # last open stage reached (1 qualified .. 3 negotiation)
    times = _stage_times(rng, created, cycle_us, depth)
    closed = times[:, 4] < window.end_us
    stage_idx = np.where(closed, 4, (times[:, :4] < window.end_us).sum(axis=1) - 1)
    stage = np.where(
        stage_idx == 4,
        np.where(won, WON, LOST),
        np.array(STAGES, dtype=object)[np.minimum(stage_idx, 3)],
    )
    deal_ids = tables.ids("D", n, 5)
    company = [leads["company"][i] for i in lead_index]
    deals = {
        "deal_id": deal_ids,
        "name": [f"{c} - wholesale" for c in company],
        "lead_id": leads["lead_id"].take(pa.array(lead_index)),
        "lead_index": lead_index,
        "company_ids": [f"CO{i + 1:05d}" for i in lead_index],
        "pipeline": "Wholesale",
        "stage": list(stage),
        "amount_cents": (np.round(rng.lognormal(np.log(6000), 0.6, n)) * 100).astype(np.int64),
        "currency": "USD",
        "source": deal_source,
        "owner": [leads["owner"][i] for i in lead_index],
        "created_at": created,
        "closed_at": times[:, 4],
        "is_closed": closed,
        "is_won": closed & won,
    }
    won_now = np.flatnonzero(closed & won)
    won_now = won_now[np.argsort(times[won_now, 4], kind="stable")]
    _lead_status(leads, lead_index, closed, won, times[:, 4], window, rng)
    truths = {
        "planted_win_rate": WIN_RATE,
        "planted_win_rate_by_source": dict(by_source or {}),
        "realised_win_rate": float((closed & won).sum() / max(closed.sum(), 1)),
        "planted_avg_cycle_days_won": float(WON_CYCLE_MEDIAN_DAYS * np.exp(WON_CYCLE_SIGMA**2 / 2)),
        "realised_avg_cycle_days_won": float(cycle_days[closed & won].mean())
        if (closed & won).any()
        else None,
        "deals": int(n),
        "closed": int(closed.sum()),
        "won": int((closed & won).sum()),
        "leads": int(n_leads),
        "stages": list(STAGES) + [WON, LOST],
    }
    return Pipeline(
        leads,
        deals,
        _history(deal_ids, times, won, window.end_us),
        times[won_now, 4],
        [company[i] for i in won_now],
        won_now,
        truths,
    )


def _lead_status(leads: dict, lead_index, closed, won, close_us, window: Window, rng) -> None:
    n_leads = len(leads["created_at"])
    status = np.where(rng.random(n_leads) < 0.6, "lost", "new").astype(object)
    recent = leads["created_at"] > window.end_us - 30 * DAY_US
    status[recent] = "new"
    status[lead_index] = np.where(closed, np.where(won, "converted", "lost"), "qualified")
    converted = np.full(n_leads, NEVER, dtype=np.int64)
    converted[lead_index[closed & won]] = close_us[closed & won]
    leads["status"] = list(status)
    leads["converted_at"] = converted
