"""The marketing mix model, scikit-learn style: ``MediaMixModel().fit(spend, y)``.

Weekly revenue = baseline (trend + Fourier seasonality + holidays / promotions) + sum over channels
of ``beta_c * hill(adstock(spend_c, decay_c), half_c)``. The point fit is
:mod:`~regulars.analytics.mmm.fitting`; the uncertainty is a moving-block bootstrap of the weekly
residuals (blocks of ``block`` weeks), each draw refitted from the point estimate's transforms, so
the intervals carry the uncertainty in decay and half-point as well as in the ceilings. Each
channel's ceiling is shrunk towards zero by a half-normal prior scaled to its spend (``roas_sd``),
so a channel the data cannot see is not handed the baseline's ups and downs.
"""

from __future__ import annotations

import numpy as np

from regulars.analytics.mmm.fitting import DECAYS, HALVES, RIDGE, Prior, Problem, block_resample
from regulars.analytics.mmm.transforms import adstock, baseline_design, hill

#: The prior on what each channel caused: half-normal, with the spread of a return of
#: ``ROAS_SD`` per unit of its spend (the spend-share prior of Robyn and PyMC-Marketing, in
#: return-on-ad-spend terms); None for plain NNLS with a small ridge.
ROAS_SD = 5.0


class MediaMixModel:
    """Fit with ``fit(spend (weeks, channels), y (weeks,), extra=None)``; draws in ``draws_``:
    (draws, channels) arrays ``decay``, ``half`` (spend units per week), ``beta`` (revenue units per
    week at saturation)."""

    def __init__(self, fourier: int = 2, n_boot: int = 200, block: int = 4, ridge: float = RIDGE,
                 seed: int = 0, priors: tuple[Prior, ...] = (),
                 roas_sd: float | None = ROAS_SD):  # fmt: skip
        self.fourier, self.n_boot, self.block, self.roas_sd = fourier, n_boot, block, roas_sd
        self.ridge, self.seed, self.priors = ridge, seed, tuple(priors)

    def get_params(self, deep: bool = True) -> dict:
        return {"fourier": self.fourier, "n_boot": self.n_boot, "block": self.block,
                "ridge": self.ridge, "seed": self.seed, "priors": self.priors,
                "roas_sd": self.roas_sd}  # fmt: skip

    def set_params(self, **params) -> MediaMixModel:
        for key, value in params.items():
            setattr(self, key, value)
        return self

    def fit(self, spend, y, extra=None) -> MediaMixModel:
        spend, y = np.asarray(spend, float), np.asarray(y, float)
        n, k = spend.shape
        self.spend_scale_ = np.where(spend.mean(0) > 0, spend.mean(0), 1.0)
        self.y_scale_ = float(np.mean(np.abs(y))) or 1.0
        xs, ys = spend / self.spend_scale_, y / self.y_scale_
        base = baseline_design(n, self.fourier, extra=extra)
        scaled = tuple(Prior(p.index, p.total / self.y_scale_, p.sd / self.y_scale_, p.start,
                             p.stop) for p in self.priors)  # fmt: skip
        problem = Problem(xs, base, ridge=self.ridge)
        sol = problem.fit(ys)
        sigma = np.sqrt(sol.sse / max(n - base.shape[1] - 2 * k, 1))
        if self.roas_sd:
            problem = Problem(xs, base, scaled + self._roas_priors(spend), self.ridge, sigma)
            sol = problem.fit(ys, problem.grid_index(sol))
        elif scaled:
            problem = Problem(xs, base, scaled, self.ridge, sigma)
            sol = problem.fit(ys, problem.grid_index(sol))
        fitted = base @ sol.base + problem.media(sol).sum(1)
        self.sigma_ = float(sigma * self.y_scale_)
        self.solution_, self.base_, self.extra_ = sol, base, extra
        self.point_ = self._params(sol)
        rng = np.random.default_rng(self.seed)
        resid, start = ys - fitted, problem.grid_index(sol)
        draws = [problem.fit(fitted + block_resample(rng, resid, self.block), start, sweeps=1)
                 for _ in range(self.n_boot)]  # fmt: skip
        sols = [self._params(s) for s in draws]
        self.draws_ = {key: np.array([s[key] for s in sols]) for key in self.point_}
        self.spend_ = spend
        self.r2_ = float(1 - np.sum((ys - fitted) ** 2) / np.sum((ys - ys.mean()) ** 2))
        return self

    def _roas_priors(self, spend: np.ndarray) -> tuple[Prior, ...]:
        """The return on ad spend of each channel, half-normal around 0 with spread ``roas_sd``:
        a prior on what the channel caused over all the weeks (``sum_t F_c(t) beta_c``, the same
        row as a measured effect's), so it reads the same whether the spend is always on or
        comes in a few pulses (a prior on the weekly ceiling scaled to the mean spend would
        shrink a pulsed channel's ceiling far below what its pulses show)."""
        totals = spend.sum(0) / self.y_scale_
        return tuple(Prior(c, 0.0, self.roas_sd * float(t)) for c, t in enumerate(totals) if t > 0)

    def _params(self, sol) -> dict:
        return {"decay": np.array(DECAYS)[sol.decay_idx],
                "half": np.array(HALVES)[sol.half_idx] * self.spend_scale_,
                "beta": sol.beta * self.y_scale_, "base": sol.base * self.y_scale_}  # fmt: skip

    def media(self, spend, params: dict | None = None) -> np.ndarray:
        """(weeks, channels) revenue each channel causes under ``params`` (the point fit)."""
        p = params or self.point_
        spend = np.asarray(spend, float)
        out = np.empty_like(spend)
        for c in range(spend.shape[1]):
            out[:, c] = p["beta"][c] * hill(adstock(spend[:, c], p["decay"][c]), p["half"][c])
        return out

    def draw(self, i: int) -> dict:
        return {key: value[i] for key, value in self.draws_.items()}

    def predict(self, spend, extra=None) -> np.ndarray:
        spend = np.asarray(spend, float)
        base = baseline_design(len(spend), self.fourier, extra=extra)
        return base @ self.point_["base"] + self.media(spend).sum(1)

    def to_dict(self) -> dict:
        """Everything needed to use the fit again, as JSON-ready lists."""
        return {"params": {k: v for k, v in self.get_params().items() if k != "priors"},
                "point": {k: v.tolist() for k, v in self.point_.items()},
                "draws": {k: v.tolist() for k, v in self.draws_.items()},
                "sigma": self.sigma_, "r2": self.r2_}  # fmt: skip

    @classmethod
    def from_dict(cls, doc: dict) -> MediaMixModel:
        model = cls(**doc["params"])
        model.point_ = {k: np.array(v) for k, v in doc["point"].items()}
        model.draws_ = {k: np.array(v) for k, v in doc["draws"].items()}
        model.sigma_, model.r2_ = doc["sigma"], doc["r2"]
        return model
