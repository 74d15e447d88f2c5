"""Fitted-model plumbing shared by every model here: learned attributes, summary, JSON persistence.

scikit-learn contract: settings go in the constructor; what ``fit`` learns ends in ``_``
(``params_``, ``standard_errors_``, ``confidence_intervals_``, ``log_likelihood_``, ``converged_``,
``n_iterations_``, ``message_``). Models persist as JSON-ready dicts (``to_dict`` / ``from_dict``),
never as pickles.
"""

from __future__ import annotations

from typing import ClassVar

import numpy as np

from regulars.analytics.clv.estimation import Optimum, identification_problem
from regulars.analytics.clv.results import FitResult
from regulars.errors import InputError, NotFittedError

FORMAT_VERSION = 1


class FittedModel:
    """Base class: settings, learned attributes, summary and persistence."""

    model_name: ClassVar[str] = ""
    param_names: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self, penalizer: float = 0.0, max_iterations: int = 1000, tolerance: float = 1e-10
    ):
        self.penalizer = penalizer
        self.max_iterations = max_iterations
        self.tolerance = tolerance

    def _store_optimum(self, optimum: Optimum, n_customers: float, n_rows: int) -> None:
        names = self.param_names
        self.params_ = dict(zip(names, map(float, optimum.params)))
        self.standard_errors_ = dict(zip(names, map(float, optimum.standard_errors)))
        self.confidence_intervals_ = {
            n: (float(lo), float(hi))
            for n, lo, hi in zip(names, optimum.ci_lower, optimum.ci_upper)
        }
        self.log_likelihood_ = optimum.log_likelihood
        self.converged_ = optimum.converged
        self.n_iterations_ = optimum.n_iterations
        self.message_ = optimum.message
        self.n_customers_ = n_customers
        self.n_rows_ = n_rows

    def _params(self) -> np.ndarray:
        if not hasattr(self, "params_"):
            raise NotFittedError(
                f"{type(self).__name__} is not fitted yet: call fit() or from_dict() first"
            )
        return np.array([self.params_[n] for n in self.param_names])

    def problem(self) -> str | None:
        """Why this fit is not to be used as a model (did not converge, parameters not identified),
        in words; None when it can be."""
        self._params()
        names = self.param_names
        return identification_problem(
            names,
            [self.params_[n] for n in names],
            [self.confidence_intervals_[n][0] for n in names],
            [self.confidence_intervals_[n][1] for n in names],
            self.converged_,
            self.message_,
        )

    def summary(self) -> FitResult:
        """The estimates, their 95% intervals and the convergence verdict, in a frozen result."""
        self._params()
        shown = ", ".join(
            f"{n}={v:.4g} (95% CI {self.confidence_intervals_[n][0]:.4g} to "
            f"{self.confidence_intervals_[n][1]:.4g})"
            for n, v in self.params_.items()
        )
        problem = self.problem()
        verdict = "The fit converged" if problem is None else f"WARNING: {problem}"
        explanation = (
            f"{self.model_name} fitted by maximum likelihood to {self.n_customers_:g} customers "
            f"({self.n_rows_} distinct histories): {shown}; log-likelihood "
            f"{self.log_likelihood_:.2f}. {verdict}."
        )
        return FitResult(
            self.model_name,
            dict(self.params_),
            dict(self.standard_errors_),
            dict(self.confidence_intervals_),
            self.log_likelihood_,
            self.n_customers_,
            self.n_rows_,
            self.converged_,
            self.n_iterations_,
            self.message_,
            explanation,
        )

    # ----- persistence --------------------------------------------------------------------------

    def to_dict(self) -> dict:
        """A JSON-ready description of the fitted model (settings, estimates, convergence)."""
        self._params()
        return {
            "model": self.model_name,
            "format_version": FORMAT_VERSION,
            "settings": {
                "penalizer": self.penalizer,
                "max_iterations": self.max_iterations,
                "tolerance": self.tolerance,
            },
            "params": dict(self.params_),
            "standard_errors": dict(self.standard_errors_),
            "confidence_intervals": {k: list(v) for k, v in self.confidence_intervals_.items()},
            "log_likelihood": self.log_likelihood_,
            "converged": self.converged_,
            "n_iterations": self.n_iterations_,
            "message": self.message_,
            "n_customers": self.n_customers_,
            "n_rows": self.n_rows_,
        }

    @classmethod
    def from_dict(cls, data: dict):
        """Rebuild a fitted model from :meth:`to_dict` output."""
        if data.get("model") != cls.model_name:
            raise InputError(f"this is a saved {data.get('model')!r} model, not {cls.model_name!r}")
        if data.get("format_version") != FORMAT_VERSION:
            raise InputError(f"unsupported saved-model format {data.get('format_version')!r}")
        model = cls(**data["settings"])
        names = cls.param_names
        nan = float("nan")
        model.params_ = {n: float(data["params"][n]) for n in names}
        model.standard_errors_ = {n: float(data["standard_errors"].get(n, nan)) for n in names}
        ci = data.get("confidence_intervals", {})
        model.confidence_intervals_ = {n: tuple(map(float, ci.get(n, (nan, nan)))) for n in names}
        model.log_likelihood_ = float(data["log_likelihood"])
        model.converged_ = bool(data["converged"])
        model.n_iterations_ = int(data["n_iterations"])
        model.message_ = str(data["message"])
        model.n_customers_ = float(data["n_customers"])
        model.n_rows_ = int(data["n_rows"])
        return model
