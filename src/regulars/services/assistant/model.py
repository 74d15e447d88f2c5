"""The intent model: trained on the starter phrases plus the shop's own, its out-of-scope
threshold calibrated on held-out phrases, saved as JSON in the store; evaluated on held-out
phrases the way Larson et al. (2019) report CLINC150 (in-scope accuracy, out-of-scope recall)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from regulars.analytics.assistant.intents import OUT_OF_SCOPE, IntentModel
from regulars.analytics.assistant.starter import OUT_OF_SCOPE as OOS_STARTER
from regulars.analytics.assistant.starter import STARTER
from regulars.errors import InputError
from regulars.services.cache import cached
from regulars.services.workspace import Workspace
from regulars.store import models

NAME = KIND = "assistant-intents"


@dataclass(frozen=True)
class Training:
    phrases: int
    intents: tuple[str, ...]
    threshold: float
    explanation: str


@dataclass(frozen=True)
class Evaluation:
    in_scope: int
    out_of_scope: int
    in_scope_accuracy: float
    out_of_scope_recall: float
    threshold: float
    explanation: str


def read_phrases(path: Path | str) -> list[tuple[str, str]]:
    """A CSV of ``intent,phrase`` rows (the shop's own examples); ``out_of_scope`` rows calibrate
    the threshold."""
    path = Path(path)
    try:
        with path.open(newline="", encoding="utf-8-sig") as f:
            rows = list(csv.DictReader(f))
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path.name}: cannot read the file ({exc})") from None
    found = []
    for line, row in enumerate(rows, start=2):
        intent, phrase = (row.get("intent") or "").strip(), (row.get("phrase") or "").strip()
        if not intent or not phrase:
            raise InputError(f"{path.name}, line {line}: intent and phrase are both required")
        found.append((intent, phrase))
    return found


def _examples(extra: list[tuple[str, str]]) -> tuple[list[str], list[str], list[str]]:
    texts = [p for ps in STARTER.values() for p in ps]
    labels = [k for k, ps in STARTER.items() for _ in ps]
    oos = list(OOS_STARTER)
    for intent, phrase in extra:
        if intent == OUT_OF_SCOPE:
            oos.append(phrase)
        else:
            texts.append(phrase), labels.append(intent)
    return texts, labels, oos


def fit(texts: list[str], labels: list[str], oos: list[str]) -> IntentModel:
    """Fit on every phrase, then calibrate the threshold on every third phrase (refitted without
    them, so the calibration sees phrases the model did not learn) against ``oos``."""
    from regulars.analytics.feedback import embedding

    X = embedding.embed(texts)
    held = np.arange(len(texts)) % 3 == 2
    probe = IntentModel().fit(X[~held], [y for y, h in zip(labels, held, strict=True) if not h])
    threshold = probe.calibrate(X[held], embedding.embed(oos))
    model = IntentModel().fit(X, labels)
    model.threshold_ = threshold
    return model


def train_assistant(ws: Workspace, phrases: Path | str | None = None) -> Training:
    extra = read_phrases(phrases) if phrases else []
    texts, labels, oos = _examples(extra)
    model = fit(texts, labels, oos)
    models.save_document(ws.store, NAME, KIND, model.to_document())
    return Training(
        len(texts),
        tuple(model.classes_),
        model.threshold_,
        f"Trained on {len(texts)} phrases ({len(extra)} of the shop's own) in "
        f"{len(model.classes_)} intents; below {model.threshold_:.0%} confidence a question "
        "counts as out of scope and goes to a person.",
    )


@cached
def intent_model(ws: Workspace) -> IntentModel:
    """The saved model, or (never trained here) one fitted on the starter phrases."""
    saved = models.document(ws.store, NAME)
    if saved is not None:
        return IntentModel.from_document(json.loads(saved))
    return _starter_model()


_STARTER: list[IntentModel] = []


def _starter_model() -> IntentModel:
    if not _STARTER:
        _STARTER.append(fit(*_examples([])))
    return _STARTER[0]


def evaluate(model: IntentModel, test: list[tuple[str, str]]) -> Evaluation:
    """In-scope accuracy and out-of-scope recall on ``(intent, phrase)`` rows the model never
    saw (``out_of_scope`` rows measure the recall)."""
    from regulars.analytics.feedback import embedding

    if not test:
        raise InputError("no phrases to evaluate on")
    guessed = model.predict(embedding.embed([p for _, p in test]))
    inside = [(g, y) for g, (y, _) in zip(guessed, test, strict=True) if y != OUT_OF_SCOPE]
    outside = [g for g, (y, _) in zip(guessed, test, strict=True) if y == OUT_OF_SCOPE]
    acc = float(np.mean([g == y for g, y in inside])) if inside else float("nan")
    rec = float(np.mean([g == OUT_OF_SCOPE for g in outside])) if outside else float("nan")
    return Evaluation(
        len(inside), len(outside), acc, rec, model.threshold_,
        f"In-scope accuracy {acc:.1%} on {len(inside)} phrases; out-of-scope recall {rec:.1%} "
        f"on {len(outside)} (threshold {model.threshold_:.0%}).",
    )  # fmt: skip


def evaluate_assistant(ws: Workspace, phrases: Path | str) -> Evaluation:
    return evaluate(intent_model(ws), read_phrases(phrases))
