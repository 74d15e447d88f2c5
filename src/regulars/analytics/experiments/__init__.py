"""A/B test statistics a non-statistician can trust (GrowthBook gbstats conventions).

Sufficient statistics in (``statistics``), frozen results out, an ``error`` message instead of an
exception when a result cannot be computed. Modules: ``power`` (design), ``frequentist``,
``sequential`` (safe under peeking), ``bayesian``, ``cuped`` (variance reduction, outlier
capping), ``srm``, ``corrections``, ``guardrails``, ``assignment`` (sticky hashing) and
``verdict`` (plain words). Pure: imports nothing from the store, services or adapters.
"""

from regulars.analytics.experiments.assignment import (
    assign,
    assign_many,
    bucket_ranges,
    hash_unit,
    hash_units,
)
from regulars.analytics.experiments.bayesian import (
    BayesianResult,
    BetaBinomialResult,
    GaussianPrior,
    beta_binomial_test,
    gaussian_effect_test,
)
from regulars.analytics.experiments.corrections import benjamini_hochberg, holm
from regulars.analytics.experiments.cuped import CappedValues, pooled_theta, winsorize
from regulars.analytics.experiments.frequentist import (
    EffectResult,
    ratio_test,
    two_proportion_z_test,
    welch_t_test,
)
from regulars.analytics.experiments.guardrails import GuardrailCheck, check_guardrail
from regulars.analytics.experiments.power import (
    Design,
    evan_miller_sample_size,
    mde_for_mean,
    mde_for_proportion,
    power_for_mean,
    power_for_proportion,
    power_prop_test,
    power_t_test,
    sample_size_mean,
    sample_size_proportion,
)
from regulars.analytics.experiments.sequential import sequential_test
from regulars.analytics.experiments.srm import SampleRatioCheck, sample_ratio_mismatch
from regulars.analytics.experiments.statistics import (
    ProportionStats,
    RatioStats,
    RegressionAdjustedStats,
    SampleMeanStats,
)
from regulars.analytics.experiments.verdict import (
    Verdict,
    explain,
    peeking_warning,
    small_sample_warning,
    srm_warning,
)

__all__ = [
    "BayesianResult",
    "BetaBinomialResult",
    "CappedValues",
    "Design",
    "EffectResult",
    "GaussianPrior",
    "GuardrailCheck",
    "ProportionStats",
    "RatioStats",
    "RegressionAdjustedStats",
    "SampleMeanStats",
    "SampleRatioCheck",
    "Verdict",
    "assign",
    "assign_many",
    "benjamini_hochberg",
    "beta_binomial_test",
    "bucket_ranges",
    "check_guardrail",
    "evan_miller_sample_size",
    "explain",
    "gaussian_effect_test",
    "hash_unit",
    "hash_units",
    "holm",
    "mde_for_mean",
    "mde_for_proportion",
    "peeking_warning",
    "pooled_theta",
    "power_for_mean",
    "power_for_proportion",
    "power_prop_test",
    "power_t_test",
    "ratio_test",
    "sample_ratio_mismatch",
    "sample_size_mean",
    "sample_size_proportion",
    "sequential_test",
    "small_sample_warning",
    "srm_warning",
    "two_proportion_z_test",
    "welch_t_test",
    "winsorize",
]
