"""What the three purchase-count models (BG/NBD, MBG/NBD, Pareto/NBD) have in common.

Inputs per customer, in one time unit chosen by the caller (weeks in the papers):

* ``frequency``: repeat purchases in the calibration period (purchases on the same day count as
one);
* ``recency``: time from the first to the last purchase (0 when there is no repeat purchase);
* ``T``: time from the first purchase to the end of the calibration period.

scikit-learn contract: settings go in the constructor; ``fit`` returns ``self``; what is learned
ends in ``_``; predictions never change the model. Models persist as JSON-ready dicts
(``to_dict`` / ``from_dict``), never pickles.

A fit that does not converge does not raise: it sets ``converged_ = False``, puts the reason in
``message_`` (and the summary's explanation) and emits a :class:`ConvergenceWarning`. Invalid input
raises :class:`regulars.errors.InputError`.
"""

from __future__ import annotations

import warnings
from abc import ABC, abstractmethod

import numpy as np

from regulars.analytics.clv.estimation import (
    ConvergenceWarning,
    as_float_array,
    check_rfm,
    maximize_likelihood,
    merge_identical_rows,
)
from regulars.analytics.clv.fitted import FittedModel


class PurchaseModel(FittedModel, ABC):
    """Base class of the purchase-count models: fitting and the predictions they share."""

    # ----- to be provided by each model ---------------------------------------------------------

    @abstractmethod
    def _row_log_likelihood(self, params: np.ndarray, x, tx, T) -> np.ndarray:
        """Per-row log-likelihood at ``params``."""

    def _row_gradient(self, params: np.ndarray, x, tx, T) -> np.ndarray | None:
        """d(log-likelihood)/d(log-parameter), shape (n_params, n_rows); None when not analytic."""
        return None

    def _initial_log_params(self, x, tx, T) -> np.ndarray:
        scale = max(float(np.max(T)), 1e-9) / 10.0
        return np.log(
            np.array([1.0 if n not in ("alpha", "beta") else scale for n in self.param_names])
        )

    # ----- fitting ------------------------------------------------------------------------------

    def _likelihood_functions(self, x, tx, T, w):
        def total(z):
            with np.errstate(all="ignore"):
                return float(np.sum(w * self._row_log_likelihood(np.exp(z), x, tx, T)))

        if self._row_gradient(np.ones(len(self.param_names)), x[:1], tx[:1], T[:1]) is None:
            return total, None

        def gradient(z):
            with np.errstate(all="ignore"):
                return np.sum(self._row_gradient(np.exp(z), x, tx, T) * w, axis=1)

        return total, gradient

    def fit(self, frequency, recency, T, weights=None):
        """Maximum-likelihood fit. Identical rows are merged into weights first. Returns self."""
        x, tx, t_obs, w = check_rfm(frequency, recency, T, weights)
        (x, tx, t_obs), w = merge_identical_rows((x, tx, t_obs), w)
        total, gradient = self._likelihood_functions(x, tx, t_obs, w)
        optimum = maximize_likelihood(
            total,
            gradient,
            self._initial_log_params(x, tx, t_obs),
            self.param_names,
            total_weight=float(w.sum()),
            penalizer=self.penalizer,
            max_iterations=self.max_iterations,
            tolerance=self.tolerance,
        )
        self._store_optimum(optimum, float(w.sum()), int(x.size))
        if not self.converged_:
            warnings.warn(
                f"{self.model_name} fit {self.message_}", ConvergenceWarning, stacklevel=2
            )
        return self

    # ----- predictions shared by all models -----------------------------------------------------

    def log_likelihood(self, frequency, recency, T) -> np.ndarray:
        """Per-customer log-likelihood of the observed histories under the fitted parameters."""
        x, tx, t_obs, _ = check_rfm(frequency, recency, T)
        with np.errstate(all="ignore"):
            return self._row_log_likelihood(self._params(), x, tx, t_obs)

    def probability_of_purchase(self, t: float, frequency, recency, T) -> np.ndarray:
        """P(at least one purchase in the next ``t`` periods | history).

        Uses the identity P(no purchase in (T, T+t] | history) = L(x, t_x, T+t) / L(x, t_x, T): the
        likelihood is the probability of the purchases seen *and none after the last one until T*.
        """
        x, tx, t_obs, _ = check_rfm(frequency, recency, T)
        params = self._params()
        with np.errstate(all="ignore"):
            later = self._row_log_likelihood(params, x, tx, t_obs + float(t))
            now = self._row_log_likelihood(params, x, tx, t_obs)
        return -np.expm1(np.minimum(later - now, 0.0))

    def _posterior_rate_shape_scale(self, x, t_obs) -> tuple[np.ndarray, np.ndarray]:
        """Gamma posterior of the purchase rate for a customer who is still active: (r+x,
        alpha+T)."""
        p = self.params_
        return p["r"] + x, p["alpha"] + t_obs

    def expected_time_to_next_purchase(self, frequency, recency, T) -> np.ndarray:
        """Mean time to the next purchase *if the customer is still active* and keeps buying.

        (alpha+T)/(r+x-1), the posterior mean of 1/lambda; infinite when r+x <= 1 (a one-off buyer's
        rate is too uncertain for a finite mean; see :meth:`median_time_to_next_purchase`).
        """
        x, _, t_obs, _ = check_rfm(frequency, recency, T)
        self._params()
        shape, scale = self._posterior_rate_shape_scale(x, t_obs)
        with np.errstate(divide="ignore"):
            return np.where(shape > 1, scale / np.maximum(shape - 1, 1e-300), np.inf)

    def median_time_to_next_purchase(self, frequency, recency, T) -> np.ndarray:
        """Median time to the next purchase if the customer is still active:
        (alpha+T)(2^(1/(r+x))-1)."""
        x, _, t_obs, _ = check_rfm(frequency, recency, T)
        self._params()
        shape, scale = self._posterior_rate_shape_scale(x, t_obs)
        return scale * np.expm1(np.log(2.0) / shape)

    def _check_horizon(self, t) -> float:
        t = float(as_float_array("t", [t])[0])
        return t
