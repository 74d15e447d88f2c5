"""Voice of the customer: sentiment, themes, emerging issues and drivers of the shop's feedback."""

from regulars.services.feedback.issues import feedback_alerts, feedback_drivers
from regulars.services.feedback.results import (
    FeedbackAlerts,
    FeedbackDrivers,
    FeedbackSummary,
    FeedbackTrends,
    ScoredFile,
    ThemeDetail,
    ThemeRow,
)
from regulars.services.feedback.scoring import score_file
from regulars.services.feedback.views import (
    feedback_summary,
    feedback_theme,
    feedback_themes,
    feedback_trends,
)

__all__ = [
    "FeedbackAlerts",
    "FeedbackDrivers",
    "FeedbackSummary",
    "FeedbackTrends",
    "ScoredFile",
    "ThemeDetail",
    "ThemeRow",
    "feedback_alerts",
    "feedback_drivers",
    "feedback_summary",
    "feedback_theme",
    "feedback_themes",
    "feedback_trends",
    "score_file",
]
