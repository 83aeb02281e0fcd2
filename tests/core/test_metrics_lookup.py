"""Scores from probabilities, and the memorizer baseline."""

import numpy as np
import pytest

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


def test_scores_agree_with_scikit_learn_on_random_predictions():
    from sklearn.metrics import (
        accuracy_score,
        confusion_matrix,
        f1_score,
        precision_recall_fscore_support,
    )

    rng = np.random.default_rng(3)
    for k, n in ((2, 50), (4, 200), (7, 31)):
        y = rng.integers(0, k, n)
        y[: k - 1] = np.arange(k - 1)  # every class but the last is present; the last may be missing
        probabilities = rng.dirichlet(np.ones(k), n)
        probabilities[:3, -1] = 5.0  # the last class is predicted a few times, present or not
        predicted = probabilities.argmax(1)
        ours = classification_scores(y, probabilities, [f"c{i}" for i in range(k)])
        present = np.unique(y)  # macro-F1 over the classes that occur in the part scored
        assert ours["macro_f1"] == pytest.approx(f1_score(y, predicted, labels=present, average="macro",
                                                          zero_division=0))
        assert ours["accuracy"] == pytest.approx(accuracy_score(y, predicted))
        assert ours["confusion_matrix"] == confusion_matrix(y, predicted, labels=range(k)).tolist()
        precision, recall, f1, support = precision_recall_fscore_support(y, predicted, labels=range(k),
                                                                         zero_division=0)
        for i in range(k):
            assert ours["per_class"][f"c{i}"] == pytest.approx(
                {"precision": precision[i], "recall": recall[i], "f1": f1[i], "support": support[i]})
