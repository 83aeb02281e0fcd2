"""Scores from probabilities, and the memorizer baseline."""

import numpy as np

from workbench.core.lookup import LookupTable, cross_entropy
from workbench.core.metrics import classification_scores


def test_scores_match_a_hand_computed_example():
    y = np.array([0, 0, 1, 1, 2])
    probs = np.eye(3)[[0, 1, 1, 1, 0]]  # predicted 0,1,1,1,0
    s = classification_scores(y, probs, ["a", "b", "c"])
    assert s["accuracy"] == 0.6
    assert s["confusion_matrix"] == [[1, 1, 0], [0, 2, 0], [1, 0, 0]]
    assert s["per_class"]["b"] == {"precision": 2 / 3, "recall": 1.0, "f1": 0.8, "support": 2}
    assert s["per_class"]["c"]["precision"] == 0.0  # never predicted: 0, not NaN
    assert abs(s["macro_f1"] - (0.5 + 0.8 + 0.0) / 3) < 1e-12


def test_lookup_memorizes_training_texts_and_falls_back_to_the_majority():
    table = LookupTable(2).fit(["good", "bad", "fine", "good"], np.array([1, 0, 1, 1]))
    p = table.predict_proba(["good", "bad", "never seen"])
    assert p.argmax(1).tolist() == [1, 0, 1]
    assert np.allclose(p.sum(1), 1) and p[2, 1] > p[2, 0]
    assert cross_entropy(np.array([1, 0]), p[:2]) < 0.01
