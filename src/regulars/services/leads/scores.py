"""Scores for every lead from the leads table: a model when there are enough leads and
conversions (``analytics.leads``), else the points rules; saved snapshots give each lead's score
history."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass

import numpy as np

from regulars.analytics.leads import (
    DEFAULT_POINTS,
    MIN_CONVERSIONS,
    MIN_LEADS,
    Validation,
    fit_lead_model,
    points_score,
)
from regulars.errors import InputError, NotFoundError
from regulars.services.cache import cached
from regulars.services.workspace import Workspace
from regulars.store import models as stored

WITHIN_DAYS = 120
SNAPSHOT, POINTS = "lead-scores", "lead-points"
OPEN = ("new", "qualified", None)


@dataclass(frozen=True)
class LeadScore:
    lead_id: str
    company: str | None
    status: str | None
    score: float  # a probability (model) or points (rules)
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class LeadScores:
    method: str  # logistic, boosting or points
    explanation: str
    leads: int
    labelled: int
    conversions: int
    within_days: int
    validations: tuple[Validation, ...]
    scores: tuple[LeadScore, ...]

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class LeadExplanation:
    lead: LeadScore
    method: str
    history: tuple[tuple[str, float], ...]  # (saved on, score)


def _kind(company: str | None) -> str | None:
    return company.split()[-1].lower() if company else None


def _load(ws: Workspace) -> dict:
    t = ws.store.table("leads")
    d = ws.store.to_arrow(t.select("lead_id", "company", "source", "owner", "status",
                                   "created_at", "converted_at")).to_pydict()  # fmt: skip
    d["kind"] = [_kind(c) for c in d["company"]]
    return d


def _labels(d: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    created = np.array([c.timestamp() for c in d["created_at"]])
    conv = np.array([c.timestamp() if c else np.nan for c in d["converted_at"]])
    now = np.nanmax(np.concatenate([created, conv])) if len(created) else 0.0
    window = WITHIN_DAYS * 86_400.0
    converted = np.isfinite(conv) & (conv - created <= window)
    labelled = converted | (created <= now - window)
    return created, converted, labelled


def _points(ws: Workspace) -> dict:
    text = stored.document(ws.store, POINTS)
    return json.loads(text) if text else DEFAULT_POINTS


def _attributes(d: dict, rows=None) -> dict[str, list]:
    rows = range(len(d["lead_id"])) if rows is None else rows
    return {k: [d[k][i] for i in rows] for k in ("source", "owner", "kind")}


@cached
def lead_scores(ws: Workspace) -> LeadScores:
    d = _load(ws)
    created, converted, labelled = _labels(d)
    n, conv = int(labelled.sum()), int(converted[labelled].sum())
    everyone = _attributes(d)
    if n < MIN_LEADS or conv < MIN_CONVERSIONS:
        points, reasons = points_score(everyone, _points(ws))
        why = (f"Points score (rules, not a model): {n} leads with a known outcome and {conv} "
               f"conversions; a model needs at least {MIN_LEADS} and {MIN_CONVERSIONS}. Edit the "
               "points with regulars leads points.")  # fmt: skip
        rows = _rows(d, np.array(points, float), [tuple(r) for r in reasons])
        return LeadScores("points", why, len(created), n, conv, WITHIN_DAYS, (), rows)
    rows = np.flatnonzero(labelled)
    model = fit_lead_model(_attributes(d, rows), converted[rows], created[rows])
    p = model.predict(everyone)
    factors = model.factors(everyone)
    kind = "exact parts of the log-odds" if model.name == "logistic" else "approximate"
    why = (f"{model.name} model on {n} leads ({conv} converted within {WITHIN_DAYS} days), chosen"
           f" on the most recent 30%; factors are {kind}, against an average lead.")  # fmt: skip
    return LeadScores(model.name, why, len(created), n, conv, WITHIN_DAYS, model.validations,
                      _rows(d, p, [tuple(f.text for f in row) for row in factors]))  # fmt: skip


def _rows(d: dict, score: np.ndarray, reasons) -> tuple[LeadScore, ...]:
    return tuple(LeadScore(d["lead_id"][i], d["company"][i], d["status"][i], float(score[i]),
                           reasons[i]) for i in range(len(score)))  # fmt: skip


def leads_to_call(ws: Workspace, limit: int = 10) -> tuple[LeadScore, ...]:
    """The best-scored open leads (status new or qualified), best first."""
    if limit < 1:
        raise InputError(f"--limit {limit}: use 1 or more")
    open_ = [s for s in lead_scores(ws).scores if s.status in OPEN]
    return tuple(sorted(open_, key=lambda s: -s.score)[:limit])


def save_scores(ws: Workspace, today: dt.date | None = None) -> str:
    scores = lead_scores(ws)
    day = (today or dt.date.today()).isoformat()
    name = f"{SNAPSHOT}:{day}"
    stored.save_document(ws.store, name, SNAPSHOT, {"saved": day, "method": scores.method,
                         "scores": {s.lead_id: s.score for s in scores.scores}})  # fmt: skip
    return name


def explain_lead(ws: Workspace, lead_id: str) -> LeadExplanation:
    scores = lead_scores(ws)
    lead = next((s for s in scores.scores if s.lead_id == lead_id), None)
    if lead is None:
        raise NotFoundError(f"no lead {lead_id!r}")
    history = []
    for text in stored.documents(ws.store, SNAPSHOT).values():
        doc = json.loads(text)
        if lead_id in doc["scores"]:
            history.append((doc["saved"], float(doc["scores"][lead_id])))
    return LeadExplanation(lead, scores.method, tuple(sorted(history)))
