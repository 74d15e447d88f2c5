"""A holdout test for one campaign, in one click: the power first (``campaigns test design``'s
:func:`~regulars.services.mmm.geo.holdout_design`, on the campaign's own audience and buying
rate), then the test recorded as a draft experiment: arm ``control`` the customers held out (not
sent), arm ``send`` the others, the planned sample size the campaign's audience; so ``regulars
experiment assign`` splits the next send and ``regulars experiment analyze`` reads it out.
Recording the same campaign again adds nothing."""

from __future__ import annotations

from dataclasses import dataclass

from regulars.analytics.mmm.geo import HoldoutPower
from regulars.errors import InputError, NotFoundError
from regulars.services.mmm.geo import holdout_design
from regulars.services.workspace import Workspace

#: The buying rate assumed when the campaign's own send cannot tell (no sends or no buyers).
DEFAULT_BASELINE = 0.05
MIN_BASELINE, MAX_BASELINE = 0.001, 0.5


@dataclass(frozen=True)
class CampaignHoldout:
    """The holdout test designed for ``campaign_id``: its power, where the numbers come from,
    and the experiment recording it (None until recorded)."""

    campaign_id: str
    campaign: str
    channel: str | None
    holdout_share: float
    power: HoldoutPower
    baseline_source: str
    experiment_id: str | None
    experiment: str
    recorded_now: bool
    explanation: str


def _campaign(ws: Workspace, campaign_id: str):
    from regulars.services.campaigns.performance import campaign_performance

    for row in campaign_performance(ws):
        if row.campaign_id == campaign_id:
            return row
    raise NotFoundError(f"no campaign with id {campaign_id!r}; the Campaigns page lists them")


def experiment_named(ws: Workspace, name: str) -> str | None:
    """The id of the experiment called ``name``, None if there is none."""
    t = ws.store.table("experiments")
    rows = ws.store.to_arrow(t.filter(t.name == name).select("experiment_id")).to_pylist()
    return rows[0]["experiment_id"] if rows else None


def design_campaign_holdout(ws: Workspace, campaign_id: str, holdout_share: float = 0.1,
                            lift: float = 0.2) -> CampaignHoldout:  # fmt: skip
    """The power of holding out ``holdout_share`` of the campaign's audience for a ``lift``
    (relative) in the buying rate; the audience and the rate are the campaign's last send's."""
    row = _campaign(ws, campaign_id)
    if not row.sends:
        raise InputError(f"campaign {row.name!r} reaches no list of customers (no sends), so no "
                         "customer can be held out; test its channel by regions instead "
                         "(regulars campaigns test design --kind geo)")  # fmt: skip
    rate = row.buyers / row.sends
    if row.buyers:
        baseline = min(max(rate, MIN_BASELINE), MAX_BASELINE)
        source = f"the buying rate after its send ({row.buyers:,} of {row.sends:,})"
    else:
        baseline, source = DEFAULT_BASELINE, "an assumed buying rate (its send shows no buyers)"
    power = holdout_design(row.sends, baseline, holdout_share, lift)
    name = f"Holdout: {row.name or row.campaign_id}"
    found = experiment_named(ws, name)
    text = f"{row.name}: {power.explanation} Audience: its {row.sends:,} sends; rate: {source}."
    if found:
        text += f" Recorded as the draft experiment {name!r}."
    return CampaignHoldout(row.campaign_id, row.name or row.campaign_id, row.channel,
                           holdout_share, power, source, found, name, False, text)  # fmt: skip


def record_campaign_holdout(ws: Workspace, campaign_id: str, holdout_share: float = 0.1,
                            lift: float = 0.2) -> CampaignHoldout:  # fmt: skip
    """Design (power first) and record the test as a draft experiment; once per campaign."""
    from dataclasses import replace

    from regulars.services.experiments import create_experiment

    design = design_campaign_holdout(ws, campaign_id, holdout_share, lift)
    if design.experiment_id:
        return design
    share = round(holdout_share, 4)
    made = create_experiment(ws, design.experiment, f"control:{share:g},send:{1 - share:g}",
                             hypothesis=design.explanation, primary_metric="converted",
                             planned_sample_size=design.power.audience)  # fmt: skip
    name = repr(made.name)
    text = (f"{design.explanation} Recorded as the draft experiment {name} (arm control: held "
            f"out, not sent): split the next send with regulars experiment assign {name}, read "
            f"it out with regulars experiment analyze {name}.")  # fmt: skip
    return replace(design, experiment_id=made.experiment_id, recorded_now=True, explanation=text)
