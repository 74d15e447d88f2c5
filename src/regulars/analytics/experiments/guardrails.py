"""Guardrail metrics: the ones a treatment must not make significantly worse (latency, refunds)."""

from __future__ import annotations

from dataclasses import dataclass

from regulars.analytics.experiments.frequentist import EffectResult


@dataclass(frozen=True)
class GuardrailCheck:
    metric: str
    flagged: bool
    message: str


def check_guardrail(
    result: EffectResult, metric: str, *, higher_is_better: bool = True
) -> GuardrailCheck:
    """Flag when the interval lies wholly on the harmful side (a significant worsening)."""
    if result.error:
        return GuardrailCheck(
            metric, False, f"Guardrail {metric} could not be checked: {result.error}"
        )
    worse = result.ci_high < 0 if higher_is_better else result.ci_low > 0
    if worse and result.significant:
        return GuardrailCheck(
            metric,
            True,
            f"Guardrail {metric} got significantly worse (p = {result.p_value:.2g}); do not ship "
            "without understanding why.",
        )
    return GuardrailCheck(metric, False, f"Guardrail {metric}: no significant harm detected.")
