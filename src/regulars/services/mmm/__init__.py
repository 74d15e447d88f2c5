"""Marketing mix model over the store: what each channel caused week by week, how sure that is,
the test that would tell where the data cannot, and where the next dollar should go.

``fit_mmm`` fits on the weekly data (:mod:`.data`), calibrated by every holdout the campaigns
carry (a campaign's measured incremental revenue becomes a prior on its channel in those weeks)
and by the user's own priors, and saves the fit as a JSON document in the store (``_models``,
kind ``mmm``). ``mmm_report`` reads the saved fit (or fits one), ``allocate_budget`` splits a
weekly budget under the fitted curves, and ``propose_allocation`` puts the split in the approval
queue (a budget split reaches no customer: the owner approves it, nothing is executed).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from regulars.analytics.mmm import (
    MediaMixModel,
    Prior,
    Separability,
    allocate,
    separability,
    summarise,
)
from regulars.errors import InputError, NotFoundError
from regulars.services.mmm.amounts import (
    ChannelCaused,
    CurveCents,
    SplitCents,
    cents,
    channel_caused,
    curve_cents,
    splits_cents,
    writer,
)
from regulars.services.mmm.data import WeeklyData, weekly_data
from regulars.services.mmm.priors import holdout_priors, parse_priors
from regulars.services.workspace import Workspace
from regulars.store import models as stored

KIND, NAME = "mmm", "mmm:latest"
N_BOOT = 200


@dataclass(frozen=True)
class MmmReport:
    """What each channel caused (minor units), with 90% intervals; the response curves; each
    week's contribution per channel; the limits of the data; the priors that calibrated it."""

    currency: str
    weeks: tuple[str, ...]
    channels: tuple[ChannelCaused, ...]
    curves: tuple[CurveCents, ...]
    contributions_cents: tuple[tuple[int, ...], ...]
    revenue_cents: tuple[int, ...]
    separability: Separability
    priors: tuple[str, ...]
    r2: float
    saved: str | None
    explanation: str


@dataclass(frozen=True)
class BudgetAllocation:
    """The weekly budget's split (minor units) against today's, the channels' weekly revenue
    under each with 90% intervals, the gain's interval; the proposal once queued."""

    currency: str
    budget_cents: int
    splits: tuple[SplitCents, ...]
    revenue_today_cents: int
    revenue_today_interval_cents: tuple[int, int]
    revenue_proposed_cents: int
    revenue_proposed_interval_cents: tuple[int, int]
    gain_interval_cents: tuple[int, int]
    explanation: str
    proposal_id: str | None = None


def _currency(ws: Workspace) -> str:
    return ws.settings.currency


def _report(ws, model, data: WeeklyData, priors: tuple[str, ...], saved) -> MmmReport:
    s = summarise(model, data.spend, data.channels, writer(_currency(ws)), data.extra,
                  data.extra_names)  # fmt: skip
    weekly = tuple(tuple(cents(v) for v in row) for row in s.contributions)
    return MmmReport(_currency(ws), data.weeks, tuple(map(channel_caused, s.channels)),
                     tuple(map(curve_cents, s.curves)), weekly,
                     tuple(cents(v) for v in data.revenue), s.separability, priors, s.r2, saved,
                     s.explanation)  # fmt: skip


def fit_mmm(ws: Workspace, priors: tuple[str, ...] = (), holdouts: bool = True,
            n_boot: int = N_BOOT, seed: int = 0, save: bool = True) -> MmmReport:  # fmt: skip
    """Fit on every whole week; ``priors`` like ``"email=470000:100000"`` (caused revenue in minor
    units over the fitted weeks, and its standard deviation)."""
    data = weekly_data(ws)
    stated = parse_priors(priors, data.channels)
    measured = holdout_priors(ws, data) if holdouts else ()
    all_priors = tuple(p for p, _ in stated + measured)
    words = tuple(w for _, w in stated + measured)
    model = MediaMixModel(n_boot=n_boot, seed=seed, priors=all_priors)
    model.fit(data.spend, data.revenue, data.extra)
    saved = None
    if save:
        doc = {"model": model.to_dict(), "channels": list(data.channels), "priors": list(words),
               "first_week": data.first_week}  # fmt: skip
        stored.save_document(ws.store, NAME, KIND, doc)
        saved = NAME
    return _report(ws, model, data, words, saved)


def _saved(ws: Workspace) -> tuple[MediaMixModel, dict] | None:
    raw = stored.document(ws.store, NAME)
    if raw is None:
        return None
    doc = json.loads(raw)
    return MediaMixModel.from_dict(doc["model"]), doc


def _model_for(ws: Workspace, data: WeeklyData):
    found = _saved(ws)
    if found is None:
        raise NotFoundError("no marketing mix model is saved yet: run regulars mmm fit first")
    model, doc = found
    if tuple(doc["channels"]) != data.channels:
        raise InputError("the channels changed since the model was fitted: run regulars mmm fit")
    return model, doc


def mmm_report(ws: Workspace) -> MmmReport:
    """The saved fit read against the current weekly data."""
    data = weekly_data(ws)
    model, doc = _model_for(ws, data)
    return _report(ws, model, data, tuple(doc["priors"]), NAME)


def allocate_budget(ws: Workspace, budget_cents: int | None = None, weeks: int = 13,
                    max_change: float = 2.0) -> BudgetAllocation:  # fmt: skip
    """Split ``budget_cents`` a week (default: the average of the last ``weeks`` weeks) across
    channels, each at most ``max_change`` times its recent weekly spend."""
    if budget_cents is not None and budget_cents <= 0:
        raise InputError("the budget must be a positive amount in minor units")
    if max_change < 1:
        raise InputError("--max-change must be at least 1")
    data = weekly_data(ws)
    model, _ = _model_for(ws, data)
    today = data.spend[-max(weeks, 1) :].mean(0)
    held = separability(data.spend, data.channels, data.extra, data.extra_names).separable
    a = allocate(model, today, data.channels, budget_cents, max_change, writer(_currency(ws)),
                 tuple(not ok for ok in held))  # fmt: skip
    return BudgetAllocation(_currency(ws), cents(a.budget), splits_cents(a),
                            cents(a.revenue_today), tuple(map(cents, a.revenue_today_interval)),
                            cents(a.revenue_proposed),
                            tuple(map(cents, a.revenue_proposed_interval)),
                            tuple(map(cents, a.gain_interval)), a.explanation)  # fmt: skip


def propose_allocation(ws: Workspace, plan: BudgetAllocation, user: str) -> BudgetAllocation:
    """Queue the split for the owner's approval (action type ``budget_split``)."""
    from dataclasses import replace

    from regulars.services.proposals import Effect, propose

    a = plan
    split = {s.channel: s.proposed_cents for s in a.splits}
    more = writer(a.currency)(a.revenue_proposed_cents - a.revenue_today_cents)
    effect = Effect(f"{more} more revenue a week", *a.gain_interval_cents)
    p = propose(ws, "budget_split", "Weekly budget split across channels",
                {"weekly_budget_cents": a.budget_cents, "split_cents": split},
                (0, ()), a.explanation, effect, "marketing mix model (regulars mmm fit)", user,
                consent_purpose=None)  # fmt: skip
    return replace(plan, proposal_id=p.proposal_id)


__all__ = ["BudgetAllocation", "MmmReport", "Prior", "allocate_budget", "fit_mmm", "mmm_report",
           "propose_allocation"]  # fmt: skip
