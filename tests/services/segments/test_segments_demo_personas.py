"""Personas on the demo shop (3,000 customers): planted groups land mostly in one persona each, the
cards name the planted traits, and the agreement with the planted behaviours (ARI) comes within
0.07 of what a supervised model reaches on the same evidence."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest
from sklearn.ensemble import RandomForestClassifier
from sklearn.metrics import adjusted_rand_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict

from regulars.services.segments import persona_report, segment_highlights
from regulars.services.segments.features import customer_features
from regulars.services.segments.personas import order_evidence


@pytest.fixture(scope="module")
def demo(demo_workspace, demo_truths):
    truths = demo_truths["customer_groups"]
    report = persona_report(demo_workspace)
    return demo_workspace, report, [truths[c] for c in report.customer_ids]


def _main_persona(report, groups) -> dict[str, tuple[str, float]]:
    out = {}
    for group in set(groups):
        personas = Counter(p for p, g in zip(report.labels, groups) if g == group)
        top, n = personas.most_common(1)[0]
        out[group] = (top, n / sum(personas.values()))
    return out


def test_each_planted_group_maps_mostly_to_one_persona(demo):
    _, report, groups = demo
    main = _main_persona(report, groups)
    assert all(share > 0.5 for _, share in main.values()), main
    distinct = [main[g][0] for g in ("subscriber", "wholesale", "gift_buyer", "discount_hunter")]
    assert len(set(distinct)) == 4 and main["ordinary"][0] not in distinct, main


def test_cards_name_the_planted_traits(demo):
    _, report, groups = demo
    main = _main_persona(report, groups)
    cards = {c.name: c for c in report.cards}
    hunters = cards[main["discount_hunter"][0]]
    assert hunters.discount_sensitivity == "high" and "discount" in hunters.traits[0].text
    assert "November-December" in cards[main["gift_buyer"][0]].traits[0].text
    assert cards[main["subscriber"][0]].best_channel == "subscription"
    assert cards[main["wholesale"][0]].best_channel == "wholesale"
    assert report.k in range(2, 11) and set(report.criterion_by_k) <= set(range(2, 11))
    assert report.criterion_by_k[report.k] == min(report.criterion_by_k.values())
    assert 0 <= report.stability_ari <= 1 and ("unstable" in report.stability_note) != report.stable


#: The unsupervised personas may trail a supervised model on the same evidence by at most this ARI.
SUPERVISED_GAP = 0.07


def _supervised_ari(features: np.ndarray, groups: np.ndarray) -> float:
    """A random forest told the planted groups, scored on customers it did not see (5-fold
    cross-validated predictions), averaged over three fixed splits: what the evidence allows."""
    scores = []
    for seed in (0, 1, 2):
        forest = RandomForestClassifier(n_estimators=200, random_state=seed, n_jobs=1)
        folds = StratifiedKFold(5, shuffle=True, random_state=seed)
        predicted = cross_val_predict(forest, features, groups, cv=folds)
        scores.append(adjusted_rand_score(groups, predicted))
    return float(np.mean(scores))


def test_personas_come_close_to_a_supervised_model_on_the_same_evidence(demo):
    """The lapsed are folded into the ordinary customers: lapsing is a lifecycle state (RFM and CLV
    report it), not a behaviour the order evidence can show. Measured (seed 7, 3,000 customers):
    personas 0.73, the forest 0.78-0.80."""
    ws, report, groups = demo
    folded = np.array(["ordinary" if g == "lapsed" else g for g in groups])
    f = customer_features(ws, with_kinds=True)
    assert list(f.customer_ids) == list(report.customer_ids)
    evidence = np.column_stack(order_evidence(f))
    supervised = _supervised_ari(evidence, folded)
    unsupervised = adjusted_rand_score(folded, report.labels)
    assert supervised > 0.6  # the evidence does tell the planted behaviours apart
    assert unsupervised >= supervised - SUPERVISED_GAP, (unsupervised, supervised)


def test_highlights_speak_of_segments_and_personas(demo):
    ws, _, _ = demo
    lines = segment_highlights(ws)
    assert lines[0].startswith("Champions:") and any("personas" in line for line in lines)
