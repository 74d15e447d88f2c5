"""The sales pipeline, pure: Wilson intervals for win rates, the stage funnel, time in stage,
stalled deals, stage-to-win probabilities learned from closed deals (scored by Brier against fixed
CRM stage probabilities), and the pipeline forecast of won revenue by month."""

from __future__ import annotations

from regulars.analytics.pipeline.funnel import (
    FunnelStep,
    GroupRate,
    funnel,
    group_rates,
    stalled,
    wilson,
)
from regulars.analytics.pipeline.probabilities import (
    HUBSPOT_DEFAULTS,
    StageModel,
    brier,
    learn_stage_probabilities,
    pipeline_forecast,
)

__all__ = [
    "HUBSPOT_DEFAULTS",
    "FunnelStep",
    "GroupRate",
    "StageModel",
    "brier",
    "funnel",
    "group_rates",
    "learn_stage_probabilities",
    "pipeline_forecast",
    "stalled",
    "wilson",
]
