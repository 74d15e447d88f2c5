"""Lead scores: the chance each lead converts within ``WITHIN_DAYS`` days, with reasons; a points
score, labelled as rules, below the data minimum; the best open leads to call; score history."""

from __future__ import annotations

from regulars.services.leads.scores import (
    WITHIN_DAYS,
    LeadExplanation,
    LeadScore,
    LeadScores,
    explain_lead,
    lead_scores,
    leads_to_call,
    save_scores,
)

__all__ = [
    "WITHIN_DAYS",
    "LeadExplanation",
    "LeadScore",
    "LeadScores",
    "explain_lead",
    "lead_scores",
    "leads_to_call",
    "save_scores",
]
