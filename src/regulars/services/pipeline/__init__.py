"""The sales pipeline from deals and their stage history: the funnel, time in stage, win rates by
source and owner with Wilson intervals, stalled deals, stage-to-win probabilities learned from
closed deals (scored against HubSpot's fixed ones), and the pipeline forecast by month."""

from __future__ import annotations

from regulars.services.pipeline.report import PipelineReport, pipeline_report

__all__ = ["PipelineReport", "pipeline_report"]
