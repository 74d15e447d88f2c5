"""From sufficient statistics per arm to comparisons, corrections, guardrails, SRM and a verdict.

Shared by the analysis of an experiment in the store and of hand-entered summaries. Every
comparison is treatment minus control, in the metric's own units (rates in points, money in
cents), with its relative lift; p-values are adjusted over the decision metrics and treatments
(Holm or Benjamini-Hochberg); intervals are per comparison at the stated level.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

import numpy as np

from regulars.analytics.experiments import (
    EffectResult,
    ProportionStats,
    benjamini_hochberg,
    check_guardrail,
    explain,
    gaussian_effect_test,
    holm,
    sample_ratio_mismatch,
    sequential_test,
    small_sample_warning,
    srm_warning,
    two_proportion_z_test,
    welch_t_test,
)
from regulars.errors import InputError

CORRECTIONS = ("holm", "bh", "none")
CAUSATION_NOTE = (
    "An experiment with random assignment measures cause and effect; "
    "check the warnings before acting."
)


@dataclass(frozen=True)
class MetricSpec:
    name: str
    statistic: str  # proportion, mean or ratio
    label: str
    higher_is_better: bool = True


@dataclass(frozen=True)
class Comparison:
    arm: str
    metric: str
    label: str
    statistic: str
    method: str
    control_mean: float
    treatment_mean: float
    estimate: float
    ci_low: float
    ci_high: float
    relative_lift: float | None
    p_value: float
    adjusted_p: float
    significant: bool
    chance_to_win: float | None
    guardrail: bool
    error: str | None


@dataclass(frozen=True)
class ExperimentAnalysis:
    experiment: str
    source: str
    control: str
    arms: list[dict]
    srm: dict
    comparisons: list[Comparison]
    guardrails: list[dict]
    verdicts: list[dict]
    verdict: dict
    warnings: list[str]
    correction: str
    alpha: float
    notes: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)


def _test(
    spec: MetricSpec, control, treatment, alpha: float, sequential: bool, planned: float
) -> EffectResult:
    if sequential:
        return sequential_test(control, treatment, alpha=alpha, planned_sample_size=planned)
    if isinstance(control, ProportionStats) and isinstance(treatment, ProportionStats):
        return two_proportion_z_test(control, treatment, alpha=alpha)
    return welch_t_test(control, treatment, alpha=alpha)


def _comparison(
    arm: str, spec: MetricSpec, r: EffectResult, control, treatment, guardrail: bool
) -> Comparison:
    bayes = gaussian_effect_test(
        control, treatment, relative=False, inverse=not spec.higher_is_better
    )
    lift = r.estimate / r.control_mean if r.control_mean and r.error is None else None
    method = r.method + (
        " with CUPED" if type(control).__name__ == "RegressionAdjustedStats" else ""
    )
    return Comparison(
        arm,
        spec.name,
        spec.label,
        spec.statistic,
        method,
        r.control_mean,
        r.treatment_mean,
        r.estimate,
        r.ci_low,
        r.ci_high,
        lift,
        r.p_value,
        r.p_value,
        r.significant,
        None if bayes.error else bayes.chance_to_win,
        guardrail,
        r.error,
    )


def _adjust(results: list[tuple[Comparison, EffectResult]], correction: str, alpha: float):
    decide = [i for i, (c, _) in enumerate(results) if not c.guardrail and c.error is None]
    p = np.array([results[i][1].p_value for i in decide])
    adjusted = (
        {"holm": holm, "bh": benjamini_hochberg}.get(correction, lambda x: x)(p) if len(p) else p
    )
    out = list(results)
    for i, q in zip(decide, adjusted):
        c, r = out[i]
        out[i] = (
            replace(c, adjusted_p=float(q), significant=bool(q < alpha)),
            replace(r, p_value=float(q)),
        )
    return out


def evaluate(
    name: str,
    source: str,
    stats: dict[str, dict[str, object]],
    specs: list[MetricSpec],
    control: str,
    weights: dict[str, float] | None = None,
    *,
    guardrails: tuple[str, ...] = (),
    correction: str = "holm",
    alpha: float = 0.05,
    sequential: bool = False,
    daily_units: float | None = None,
    units: dict[str, int] | None = None,
    notes: dict | None = None,
) -> ExperimentAnalysis:
    """``stats[metric][arm]`` -> the analysis. The first non-guardrail metric decides the
    verdict."""
    if correction not in CORRECTIONS:
        raise InputError(f"--correction {correction!r}: use {', '.join(CORRECTIONS)}")
    arms = list(units or next(iter(stats.values())))
    if control not in arms:
        raise InputError(f"there is no control arm {control!r}; arms: {', '.join(arms)}")
    treatments = [a for a in arms if a not in (control, "holdout")]
    units = units or {a: next(iter(stats.values()))[a].n for a in arms}
    planned = sum(units.values()) or 1
    results = []
    for spec in specs:
        for arm in treatments:
            a, b = stats[spec.name][control], stats[spec.name][arm]
            r = _test(spec, a, b, alpha, sequential, planned)
            results.append((_comparison(arm, spec, r, a, b, spec.name in guardrails), r))
    results = _adjust(results, correction, alpha)
    srm = sample_ratio_mismatch(
        [units[a] for a in arms], [weights[a] for a in arms] if weights else None
    )
    checks = [
        check_guardrail(r, c.label, higher_is_better=_spec(specs, c.metric).higher_is_better)
        for c, r in results
        if c.guardrail
    ]
    warnings = list(srm_warning(srm)) + [g.message for g in checks if g.flagged]
    primary = next((s for s in specs if s.name not in guardrails), specs[0])
    verdicts = []
    for arm in treatments:
        c, r = next((c, r) for c, r in results if c.arm == arm and c.metric == primary.name)
        extra = small_sample_warning(stats[primary.name][control], stats[primary.name][arm])
        v = explain(
            r,
            metric=primary.label,
            control=control,
            treatment=arm,
            higher_is_better=primary.higher_is_better,
            daily_units_per_arm=daily_units,
            warnings=tuple(warnings) + extra,
        )
        verdicts.append(
            {
                "arm": arm,
                "decision": v.decision,
                "headline": v.headline,
                "warnings": list(v.warnings),
            }
        )
    arm_rows = [
        {
            "arm": a,
            "n": units[a],
            "weight": (weights or {}).get(a),
            "means": {s.name: stats[s.name][a].unadjusted_mean for s in specs},
        }
        for a in arms
    ]
    comparisons = sum(not c.guardrail for c, _ in results)
    return ExperimentAnalysis(
        name,
        source,
        control,
        arm_rows,
        asdict(srm),
        [c for c, _ in results],
        [asdict(g) for g in checks],
        verdicts,
        _best(verdicts),
        sorted(set(warnings + [w for v in verdicts for w in v["warnings"]])),
        correction,
        alpha,
        {
            "method": "sequential" if sequential else "fixed horizon",
            "interval": f"{1 - alpha:.0%} per comparison",
            "correction": f"p-values adjusted ({correction}) over {comparisons} comparisons",
            "causation": CAUSATION_NOTE,
            **(notes or {}),
        },
    )


def _spec(specs: list[MetricSpec], name: str) -> MetricSpec:
    return next(s for s in specs if s.name == name)


def _best(verdicts: list[dict]) -> dict:
    rank = {"do not trust": 0, "ship": 1, "keep control": 2, "wait": 3, "cannot tell": 4}
    return (
        min(verdicts, key=lambda v: rank.get(v["decision"], 9))
        if verdicts
        else {"decision": "cannot tell", "headline": "No treatment arm to compare."}
    )
