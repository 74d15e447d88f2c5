"""From sufficient statistics per arm to comparisons, corrections, guardrails, SRM and a verdict.

Shared by the analysis of an experiment in the store and of hand-entered summaries. Every
comparison is treatment against control on the chosen ``scale``: ``relative`` (the default, as
GrowthBook and PostHog: the lift ``(b - a) / a`` with a delta-method interval, p-value and chance
to win) or ``absolute`` (``b - a`` in the metric's own units: rates in points, money in cents).
The verdict is decided on the scale shown. Every metric, rates included, is tested by Welch's t
(GrowthBook's and PostHog's convention); ``pooled`` takes the pooled z-test for rates instead
(its square is Pearson's chi-square). p-values are adjusted over the decision metrics and
treatments (Holm or Benjamini-Hochberg); intervals are per comparison at the stated level. Arms of
a conversion metric also carry Wilson and Beta-posterior intervals, and each comparison the exact
beta-binomial chance to win.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace

import numpy as np

from regulars.analytics.experiments import (
    EffectResult,
    GaussianPrior,
    ProportionStats,
    benjamini_hochberg,
    beta_binomial_test,
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
from regulars.analytics.experiments.counts import RateStats, k_sample_chi_square, rate_effect
from regulars.analytics.experiments.intervals import beta_credible_interval, wilson_interval
from regulars.analytics.experiments.sequential import DEFAULT_PLANNED_SAMPLE_SIZE
from regulars.errors import InputError

CORRECTIONS = ("holm", "bh", "none")
SCALES = ("relative", "absolute")
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
    unit: str = ""  # rate, money (cents) or number; from the statistic when empty

    @property
    def shown_as(self) -> str:
        return self.unit or ("rate" if self.statistic == "proportion" else "number")


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
    scale: str = "relative"
    beta_binomial: dict | None = None
    unit: str = "number"
    credible_interval: list[float] | None = None  # the Gaussian posterior's, on the same scale


@dataclass(frozen=True)
class Options:
    """How to test: the scale, pooled z for rates, a Gaussian prior, the sequential N*."""

    scale: str = "relative"
    pooled: bool = False
    prior: GaussianPrior = GaussianPrior()
    planned_sample_size: float | None = None
    currency: str = "USD"

    @property
    def relative(self) -> bool:
        return self.scale == "relative"


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
    omnibus: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def _test(control, treatment, alpha: float, sequential: bool, o: Options) -> EffectResult:
    if o.relative and control.unadjusted_mean == 0 and control.n > 0:
        o = replace(o, scale="absolute")  # no lift over a zero baseline: shown as a difference
    if sequential and not isinstance(control, RateStats):
        planned = o.planned_sample_size or DEFAULT_PLANNED_SAMPLE_SIZE
        return sequential_test(
            control, treatment, relative=o.relative, alpha=alpha, planned_sample_size=planned
        )
    if isinstance(control, RateStats) and isinstance(treatment, RateStats):
        return rate_effect(control, treatment, relative=o.relative, alpha=alpha)
    if o.pooled and isinstance(control, ProportionStats):
        return two_proportion_z_test(
            control, treatment, relative=o.relative, pooled=True, alpha=alpha
        )
    # rates too: Welch's t on the Bernoulli sums, as GrowthBook and PostHog
    return welch_t_test(control, treatment, relative=o.relative, alpha=alpha)


def _lift(r: EffectResult) -> float | None:
    if r.error is not None:
        return None
    if r.relative:
        return r.estimate
    return r.estimate / r.control_mean if r.control_mean else None


def _beta_binomial(control, treatment, inverse: bool) -> dict | None:
    if not (isinstance(control, ProportionStats) and isinstance(treatment, ProportionStats)):
        return None
    b = beta_binomial_test(control, treatment)
    if b.error:
        return None
    ctw = 1 - b.chance_to_win if inverse else b.chance_to_win
    return {
        "chance_to_win": ctw,
        "expected_loss_control": b.expected_loss_control,
        "expected_loss_treatment": b.expected_loss_treatment,
        "method": f"beta-binomial, Beta(1, 1) prior, {b.method}",
    }


def _comparison(
    arm: str, spec: MetricSpec, r: EffectResult, pair, guardrail: bool, o: Options
) -> Comparison:
    control, treatment = pair
    bayes = gaussian_effect_test(
        control,
        treatment,
        relative=o.relative,
        prior=o.prior,
        alpha=r.alpha,
        inverse=not spec.higher_is_better,
    )
    lift = _lift(r)
    lifted = (
        ", relative lift" if isinstance(control, RateStats) else ", relative lift (delta method)"
    )
    method = r.method + (lifted if r.relative else ", absolute")
    method += " with CUPED" if type(control).__name__ == "RegressionAdjustedStats" else ""
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
        "relative" if r.relative else "absolute",
        _beta_binomial(control, treatment, not spec.higher_is_better),
        spec.shown_as,
        None if bayes.error else [bayes.ci_low, bayes.ci_high],
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


def _check_options(correction: str, options: Options) -> None:
    if correction not in CORRECTIONS:
        raise InputError(f"--correction {correction!r}: use {', '.join(CORRECTIONS)}")
    if options.scale not in SCALES:
        raise InputError(f"--scale {options.scale!r}: use {' or '.join(SCALES)}")
    if options.prior.proper and options.prior.variance <= 0:
        raise InputError("--prior-variance must be positive")
    if options.planned_sample_size is not None and options.planned_sample_size <= 0:
        raise InputError("--planned-sample-size must be positive (units in all arms together)")


def _arm_row(arm: str, n: int, weights, stats, specs, alpha: float) -> dict:
    row = {
        "arm": arm,
        "n": n,
        "weight": (weights or {}).get(arm),
        "means": {s.name: stats[s.name][arm].unadjusted_mean for s in specs},
        "intervals": {},
    }
    for s in specs:
        x = stats[s.name][arm]
        if isinstance(x, ProportionStats):
            row["intervals"][s.name] = {
                "wilson": list(wilson_interval(x.conversions, x.n, alpha)),
                "credible": list(beta_credible_interval(x.conversions, x.n, alpha)),
            }
    return row


def _verdicts(results, specs, stats, control, treatments, guardrails, warnings, extra):
    daily_units, currency = extra
    primary = next((s for s in specs if s.name not in guardrails), specs[0])
    verdicts = []
    for arm in treatments:
        c, r = next((c, r) for c, r in results if c.arm == arm and c.metric == primary.name)
        small = small_sample_warning(stats[primary.name][control], stats[primary.name][arm])
        v = explain(
            r,
            metric=primary.label,
            control=control,
            treatment=arm,
            higher_is_better=primary.higher_is_better,
            daily_units_per_arm=daily_units,
            warnings=tuple(warnings) + small,
            unit=primary.shown_as,
            currency=currency,
        )
        verdicts.append(
            {
                "arm": arm,
                "decision": v.decision,
                "headline": v.headline,
                "warnings": list(v.warnings),
            }
        )
    return verdicts


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
    options: Options = Options(),
) -> ExperimentAnalysis:
    """``stats[metric][arm]`` -> the analysis. The first non-guardrail metric decides the
    verdict, on the scale of ``options``."""
    _check_options(correction, options)
    arms = list(units or next(iter(stats.values())))
    if control not in arms:
        raise InputError(f"there is no control arm {control!r}; arms: {', '.join(arms)}")
    treatments = [a for a in arms if a not in (control, "holdout")]
    units = units or {a: next(iter(stats.values()))[a].n for a in arms}
    results = []
    for spec in specs:
        for arm in treatments:
            pair = (stats[spec.name][control], stats[spec.name][arm])
            r = _test(*pair, alpha, sequential, options)
            results.append((_comparison(arm, spec, r, pair, spec.name in guardrails, options), r))
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
    verdicts = _verdicts(
        results,
        specs,
        stats,
        control,
        treatments,
        guardrails,
        warnings,
        (daily_units, options.currency),
    )
    comparisons = sum(not c.guardrail for c, _ in results)
    return ExperimentAnalysis(
        name,
        source,
        control,
        [_arm_row(a, units[a], weights, stats, specs, alpha) for a in arms],
        asdict(srm),
        [c for c, _ in results],
        [asdict(g) for g in checks],
        verdicts,
        _best(verdicts),
        sorted(set(warnings + [w for v in verdicts for w in v["warnings"]])),
        correction,
        alpha,
        {**_notes(options, sequential, alpha, correction, comparisons), **(notes or {})},
        _omnibus(stats, specs, [a for a in arms if a != "holdout"]),
    )


def _omnibus(stats, specs, arms: list[str]) -> list[dict]:
    """Pearson's chi-square over every arm of each rate metric, when there are three or more:
    is there any difference at all, before the pairwise comparisons."""
    out = []
    for s in specs:
        arm_stats = [stats[s.name][a] for a in arms]
        if len(arms) < 3 or not all(isinstance(x, ProportionStats) for x in arm_stats):
            continue
        r = k_sample_chi_square([x.conversions for x in arm_stats], [x.n for x in arm_stats])
        out.append({"metric": s.name, **asdict(r)})
    return out


def _notes(options: Options, sequential: bool, alpha: float, correction: str, m: int) -> dict:
    planned = options.planned_sample_size or DEFAULT_PLANNED_SAMPLE_SIZE
    prior = options.prior
    return {
        "method": f"sequential, tuned for N* = {planned:,.0f} units"
        if sequential
        else "fixed horizon",
        "scale": options.scale,
        "effect": "relative lift (treatment - control) / control, delta-method interval"
        if options.relative
        else "treatment minus control in the metric's units",
        "prior": f"Gaussian prior N({prior.mean:g}, {prior.variance:g}) on the {options.scale} "
        "effect"
        if prior.proper
        else "flat prior",
        "interval": f"{1 - alpha:.0%} per comparison",
        "correction": f"p-values adjusted ({correction}) over {m} comparisons",
        "causation": CAUSATION_NOTE,
    }


def _spec(specs: list[MetricSpec], name: str) -> MetricSpec:
    return next(s for s in specs if s.name == name)


def _best(verdicts: list[dict]) -> dict:
    rank = {"do not trust": 0, "ship": 1, "keep control": 2, "wait": 3, "cannot tell": 4}
    return (
        min(verdicts, key=lambda v: rank.get(v["decision"], 9))
        if verdicts
        else {"decision": "cannot tell", "headline": "No treatment arm to compare."}
    )
