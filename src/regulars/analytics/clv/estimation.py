"""Shared maximum-likelihood machinery for the customer-lifetime models.

Every model hands this module a per-row log-likelihood (and, where practical, its analytic gradient)
written on the *log scale* of its parameters. This module:

* checks and merges the input (identical rows become one row with a weight: a big speed win, since
  real data has few distinct (frequency, recency, T) triples);
* maximises the weighted log-likelihood with L-BFGS-B on log-parameters (bounded to
  ``[-LOG_BOUND, LOG_BOUND]`` so a parameter running away is caught, not followed to overflow);
* computes the numerical Hessian of the negative log-likelihood at the optimum and, from it,
  standard errors (delta method for the log transform) and 95% confidence intervals;
* decides, and says in words, whether the fit converged. It never fails silently: a fit that did not
  converge is reported with ``converged=False`` and a message in plain words (never the
  optimiser's own);
* :func:`identification_problem`: whether the data pin the parameters down at all (a converged fit
  whose 95% intervals span more than a factor ``MAX_INTERVAL_RATIO`` is not to be presented as a
  model).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from scipy import optimize

from regulars.errors import InputError

#: Log-parameters are kept within +-LOG_BOUND (parameters between about 1.5e-8 and 6.6e7).
LOG_BOUND = 18.0
#: A parameter this close to the bound is taken to have run away (no finite optimum).
RUNAWAY_MARGIN = 1.0
#: A 95% interval wider than this factor (upper / lower) leaves the parameter unidentified.
MAX_INTERVAL_RATIO = 100.0
#: z-value of a two-sided 95% confidence interval.
Z_95 = 1.959963984540054


class ConvergenceWarning(UserWarning):
    """A fit stopped without reaching a trustworthy optimum (see the model's ``message_``)."""


@dataclass(frozen=True, eq=False)
class Optimum:
    """What the optimiser found, on the natural scale of the parameters."""

    params: np.ndarray
    standard_errors: np.ndarray
    ci_lower: np.ndarray
    ci_upper: np.ndarray
    log_likelihood: float
    converged: bool
    n_iterations: int
    message: str


def as_float_array(name: str, values, *, n: int | None = None) -> np.ndarray:
    """A 1-D float array of finite, non-negative values, or an InputError saying what is wrong."""
    arr = np.asarray(values, dtype=float).reshape(-1)
    if n is not None and arr.size != n:
        raise InputError(f"{name} has {arr.size} values; expected {n} (one per customer)")
    if not np.all(np.isfinite(arr)):
        raise InputError(f"{name} contains missing or infinite values")
    if np.any(arr < 0):
        raise InputError(f"{name} contains negative values")
    return arr


def check_rfm(frequency, recency, T, weights=None) -> tuple[np.ndarray, ...]:
    """Validate (frequency, recency, T[, weights]) and return them as float arrays."""
    x = as_float_array("frequency", frequency)
    tx = as_float_array("recency", recency, n=x.size)
    t_obs = as_float_array("T", T, n=x.size)
    w = np.ones(x.size) if weights is None else as_float_array("weights", weights, n=x.size)
    if x.size == 0:
        raise InputError("no customers given")
    if np.any(x != np.round(x)):
        raise InputError("frequency must count whole repeat purchases")
    if np.any(tx > t_obs * (1 + 1e-12)):
        raise InputError(
            "recency is later than T for some customers (the last purchase is after the end)"
        )
    if np.any((x == 0) & (tx > 0)):
        raise InputError("recency must be 0 for customers with no repeat purchase (frequency 0)")
    return x, np.minimum(tx, t_obs), t_obs, w


def merge_identical_rows(columns: tuple[np.ndarray, ...], weights: np.ndarray):
    """Merge identical rows (same value in every column) into one row whose weight is the sum.

    Same result as ``np.unique(np.column_stack(columns), axis=0, return_inverse=True)`` followed by
    a
    weighted bincount, but via one lexsort (faster on a million rows).
    """
    order = np.lexsort(columns[::-1])
    ordered = [c[order] for c in columns]
    new = np.zeros(order.size, dtype=bool)
    new[0] = True
    for c in ordered:
        new[1:] |= c[1:] != c[:-1]
    starts = np.flatnonzero(new)
    merged_weights = np.add.reduceat(weights[order], starts)
    keep = merged_weights > 0
    return tuple(c[starts][keep] for c in ordered), merged_weights[keep]


def numerical_gradient(
    f: Callable[[np.ndarray], float], x: np.ndarray, step: float = 1e-6
) -> np.ndarray:
    """Central-difference gradient of a scalar function."""
    grad = np.empty_like(x)
    for i in range(x.size):
        e = np.zeros_like(x)
        e[i] = step
        grad[i] = (f(x + e) - f(x - e)) / (2 * step)
    return grad


def numerical_hessian(
    f: Callable[[np.ndarray], float], x: np.ndarray, step: float = 1e-4
) -> np.ndarray:
    """Central-difference Hessian of a scalar function (symmetric by construction)."""
    k = x.size
    hess = np.empty((k, k))
    f0 = f(x)
    eye = np.eye(k) * step
    for i in range(k):
        hess[i, i] = (f(x + eye[i]) - 2 * f0 + f(x - eye[i])) / step**2
        for j in range(i):
            h = (
                f(x + eye[i] + eye[j])
                - f(x + eye[i] - eye[j])
                - f(x - eye[i] + eye[j])
                + f(x - eye[i] - eye[j])
            ) / (4 * step**2)
            hess[i, j] = hess[j, i] = h
    return hess


def hessian_from_gradient(
    g: Callable[[np.ndarray], np.ndarray], x: np.ndarray, step: float = 1e-5
) -> np.ndarray:
    """Central differences of an analytic gradient (2k gradient calls), symmetrised."""
    eye = np.eye(x.size) * step
    cols = [(np.asarray(g(x + e)) - np.asarray(g(x - e))) / (2 * step) for e in eye]
    hess = np.column_stack(cols)
    return (hess + hess.T) / 2


def _uncertainty(hessian: np.ndarray, log_params: np.ndarray):
    """Standard errors (delta method) and 95% intervals from the Hessian of -LL in
    log-parameters."""
    params = np.exp(log_params)
    nan = np.full(params.size, np.nan)
    if not np.all(np.isfinite(hessian)):
        return nan, nan, nan, "the Hessian at the optimum is not finite"
    eigenvalues = np.linalg.eigvalsh(hessian)
    if eigenvalues.min() <= 1e-10 * max(eigenvalues.max(), 1.0):
        return (
            nan,
            nan,
            nan,
            "the likelihood is flat in some direction (Hessian not positive definite)",
        )
    se_log = np.sqrt(np.diag(np.linalg.inv(hessian)))
    return (
        params * se_log,
        np.exp(log_params - Z_95 * se_log),
        np.exp(log_params + Z_95 * se_log),
        "",
    )


def maximize_likelihood(
    total_log_likelihood: Callable[[np.ndarray], float],
    total_gradient: Callable[[np.ndarray], np.ndarray] | None,
    x0: np.ndarray,
    names: tuple[str, ...],
    *,
    total_weight: float,
    penalizer: float = 0.0,
    max_iterations: int = 1000,
    tolerance: float = 1e-10,
) -> Optimum:
    """Maximise a log-likelihood over log-parameters; report convergence and uncertainty.

    ``total_log_likelihood(log_params)`` is the weighted sum over rows; ``total_gradient`` its
    gradient with respect to the log-parameters (None: central differences). The optimiser sees the
    mean negative log-likelihood plus ``penalizer * sum(params**2)`` so tolerances do not depend on
    the number of customers.
    """

    def objective(z: np.ndarray) -> float:
        value = -total_log_likelihood(z) / total_weight + penalizer * np.sum(np.exp(2 * z))
        return float(value) if np.isfinite(value) else 1e300

    def gradient(z: np.ndarray) -> np.ndarray:
        g = total_gradient(z) if total_gradient else numerical_gradient(total_log_likelihood, z)
        g = -np.asarray(g) / total_weight + 2 * penalizer * np.exp(2 * z)
        return np.where(np.isfinite(g), g, 0.0)

    bounds = [(-LOG_BOUND, LOG_BOUND)] * x0.size
    options = {
        "maxiter": max_iterations,
        "ftol": tolerance * 1e-3,
        "gtol": tolerance * 10,
        "maxcor": 20,
    }
    res = optimize.minimize(
        objective, x0, jac=gradient, method="L-BFGS-B", bounds=bounds, options=options
    )
    z = np.asarray(res.x, dtype=float)
    if total_gradient is not None:
        hessian = hessian_from_gradient(lambda v: -np.asarray(total_gradient(v)), z)
    else:
        hessian = numerical_hessian(lambda v: -total_log_likelihood(v), z)
    se, lower, upper, hess_problem = _uncertainty(hessian, z)
    problems = _convergence_problems(res, z, names, hess_problem)
    converged = not problems
    message = "converged" if converged else "did not converge: " + "; ".join(problems)
    return Optimum(
        np.exp(z),
        se,
        lower,
        upper,
        float(total_log_likelihood(z)),
        converged,
        int(res.nit),
        message,
    )


def _convergence_problems(
    res, z: np.ndarray, names: tuple[str, ...], hess_problem: str
) -> list[str]:
    problems = []
    if not np.isfinite(res.fun) or res.fun >= 1e299:
        problems.append("the log-likelihood is not finite at the parameters reached")
    if not res.success:  # the optimiser's own message is not for owners: said in words
        problems.append("the search for the best parameters stopped before it settled")
    runaway = [n for n, v in zip(names, z) if abs(v) > LOG_BOUND - RUNAWAY_MARGIN]
    if runaway:
        problems.append(
            "parameter(s) "
            + ", ".join(runaway)
            + " ran off towards 0 or infinity: the data do not pin the"
            " model down (too few repeat purchases, or data that the model cannot describe)"
        )
    if hess_problem and not runaway:
        problems.append(hess_problem)
    return problems


def identification_problem(
    names, params, ci_lower, ci_upper, converged: bool, message: str
) -> str | None:
    """Why a fit is not to be trusted as a model, in words; None when it is.

    Not converged; a likelihood flat in some direction (no finite standard errors: the Hessian is
    not positive definite); or a parameter whose 95% interval spans more than
    ``MAX_INTERVAL_RATIO`` (the data hardly pin it down)."""
    if not converged:
        return "the fit " + message
    lower, upper = np.asarray(ci_lower, float), np.asarray(ci_upper, float)
    if not (np.all(np.isfinite(lower)) and np.all(np.isfinite(upper))):
        return (
            "the data do not pin its parameters down (the likelihood is flat in some "
            "direction: the Hessian is not positive definite)"
        )
    with np.errstate(divide="ignore"):
        ratio = upper / lower
    wide = [n for n, r in zip(names, ratio) if not r <= MAX_INTERVAL_RATIO]
    if wide:
        n = wide[0]
        i = list(names).index(n)
        return (
            f"the data hardly pin its parameters down ({n} = {params[i]:.3g}, but its 95% "
            f"interval runs from {lower[i]:.3g} to {upper[i]:.3g})"
        )
    return None
