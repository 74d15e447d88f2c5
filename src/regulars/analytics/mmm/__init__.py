"""Marketing mix model: what each channel caused, with carry-over (adstock) and diminishing
returns (saturation), intervals from a block bootstrap; the best split of a budget; geo tests."""

from regulars.analytics.mmm.allocate import optimal_split, weekly_revenue
from regulars.analytics.mmm.diagnostics import Separability, separability
from regulars.analytics.mmm.fitting import Prior
from regulars.analytics.mmm.geo import (
    GeoPower,
    GeoReadout,
    diff_in_diff,
    geo_power,
    synthetic_control,
)
from regulars.analytics.mmm.model import MediaMixModel
from regulars.analytics.mmm.results import (
    Allocation,
    ChannelEffect,
    ChannelSplit,
    MmmSummary,
    ResponseCurve,
    allocate,
    summarise,
)

__all__ = [
    "Allocation",
    "ChannelEffect",
    "ChannelSplit",
    "GeoPower",
    "GeoReadout",
    "MediaMixModel",
    "MmmSummary",
    "Prior",
    "ResponseCurve",
    "Separability",
    "allocate",
    "diff_in_diff",
    "geo_power",
    "optimal_split",
    "separability",
    "summarise",
    "synthetic_control",
    "weekly_revenue",
]
